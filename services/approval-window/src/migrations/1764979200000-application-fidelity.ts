import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the statutory documents need besides the step itself: the extension's reasons (art. 42), the
 * authority that decides in its own name (the town government, or the county department), and why
 * an application was entered after the day it was received (补录).
 */
export class ApplicationFidelity1764979200000 implements MigrationInterface {
  name = 'ApplicationFidelity1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approval_window.application ADD COLUMN extension_reasons text, ADD COLUMN issuing_authority text, ADD COLUMN late_entry_reason text`);
    // The leader's list of applications under review that no organisation handles yet.
    await q.query(`CREATE INDEX application_unrouted ON approval_window.application (town_code, created_at DESC, id) WHERE handling_organisation_id IS NULL AND status IN ('accepted', 'suspended')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX approval_window.application_unrouted`);
    await q.query(`ALTER TABLE approval_window.application DROP COLUMN late_entry_reason, DROP COLUMN issuing_authority, DROP COLUMN extension_reasons`);
  }
}
