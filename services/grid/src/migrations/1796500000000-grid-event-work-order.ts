import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A grid event follows the command centre's work order made from it: the order's id and number,
 * and the time of the order's change the status was taken from (an older change never overwrites a newer).
 */
export class GridEventWorkOrder1796500000000 implements MigrationInterface {
  name = 'GridEventWorkOrder1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grid.grid_event DROP CONSTRAINT IF EXISTS grid_event_status_check`);
    await q.query(`ALTER TABLE grid.grid_event ADD CONSTRAINT grid_event_status_check CHECK (status IN ('reported', 'dispatched', 'handling', 'closed', 'evaluated', 'cancelled'))`);
    await q.query(`ALTER TABLE grid.grid_event ADD COLUMN work_order_id uuid NULL, ADD COLUMN work_order_no text NULL, ADD COLUMN status_at timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grid.grid_event DROP COLUMN status_at, DROP COLUMN work_order_no, DROP COLUMN work_order_id`);
    await q.query(`ALTER TABLE grid.grid_event DROP CONSTRAINT grid_event_status_check`);
    await q.query(`ALTER TABLE grid.grid_event ADD CONSTRAINT grid_event_status_check CHECK (status IN ('reported'))`);
  }
}
