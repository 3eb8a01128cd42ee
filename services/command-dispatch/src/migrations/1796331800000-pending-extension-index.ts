import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The dispatcher's 延期 queue (orders with an extension waiting), newest first, from a small partial index. */
export class PendingExtensionIndex1796331800000 implements MigrationInterface {
  name = 'PendingExtensionIndex1796331800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX work_order_pending_extension ON command_dispatch.work_order (county_code, created_at DESC) WHERE pending_extension IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX command_dispatch.work_order_pending_extension`);
  }
}
