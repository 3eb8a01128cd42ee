import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A town's list page newest first from an index (the county's has work_order_county_created). */
export class WorkOrderListIndexes1796300150000 implements MigrationInterface {
  name = 'WorkOrderListIndexes1796300150000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX work_order_town_created ON command_dispatch.work_order (town_code, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX command_dispatch.work_order_town_created`);
  }
}
