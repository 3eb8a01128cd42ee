import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Steps taken in one instant (intake and routing) keep the order they were written in. */
export class WorkOrderStepOrder1796300100000 implements MigrationInterface {
  name = 'WorkOrderStepOrder1796300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE command_dispatch.work_order_step ADD COLUMN seq bigserial`);
    await q.query(`DROP INDEX command_dispatch.work_order_step_order`);
    await q.query(`CREATE INDEX work_order_step_order ON command_dispatch.work_order_step (work_order_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX command_dispatch.work_order_step_order`);
    await q.query(`ALTER TABLE command_dispatch.work_order_step DROP COLUMN seq`);
    await q.query(`CREATE INDEX work_order_step_order ON command_dispatch.work_order_step (work_order_id, at)`);
  }
}
