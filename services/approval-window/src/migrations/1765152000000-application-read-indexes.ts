import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads that stay fast with a year of a busy town (50,000 applications): a town's list filtered by
 * status is read in list order from an index (the old (town_code, status) one is its prefix); the
 * statistics and the running clocks (deadlines) read their columns from an index alone; an application's history comes in step order
 * from the audit log's index instead of being sorted.
 */
export class ApplicationReadIndexes1765152000000 implements MigrationInterface {
  name = 'ApplicationReadIndexes1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX application_town_status_newest ON approval_window.application (town_code, status, created_at DESC, id)`);
    await q.query(`DROP INDEX approval_window.application_town_status`);
    await q.query(
      `CREATE INDEX application_statistics ON approval_window.application (town_code, received_on)
         INCLUDE (status, accepted_on, decided_on, decided_on_time, decision_working_days, decision_due_on)`,
    );
    await q.query(
      `CREATE INDEX application_running_clocks ON approval_window.application (town_code, status)
         INCLUDE (received_on, correction_notice_on, updated_at, decision_due_on, certificate_due_on, application_no, id)
         WHERE status IN ('received', 'accepted', 'approved')`,
    );
    await q.query(`CREATE INDEX audit_log_resource_seq_idx ON approval_window.audit_log (resource_type, resource_id, seq)`);
    await q.query(`DROP INDEX approval_window.audit_log_resource_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_log_resource_idx ON approval_window.audit_log (resource_type, resource_id)`);
    await q.query(`DROP INDEX approval_window.audit_log_resource_seq_idx`);
    await q.query(`DROP INDEX approval_window.application_running_clocks`);
    await q.query(`DROP INDEX approval_window.application_statistics`);
    await q.query(`CREATE INDEX application_town_status ON approval_window.application (town_code, status)`);
    await q.query(`DROP INDEX approval_window.application_town_status_newest`);
  }
}
