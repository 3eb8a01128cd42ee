import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines that stay fast while a busy town takes in applications: an application accepted today
 * (most intakes are accepted on the spot) is due for decision about a month later, yet the running
 * clocks' index, keyed by town and status only, made every deadlines read walk past all of them
 * (tens of thousands after a busy day, each not yet all-visible a visit to its heap page). The
 * decision clocks get an index of their own in due order, read as a range up to the horizon asked
 * for; received and approved applications (few, and not added to by intake) keep theirs.
 */
export class DecisionClockIndex1796345600000 implements MigrationInterface {
  name = 'DecisionClockIndex1796345600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX application_decision_clocks ON approval_window.application (town_code, decision_due_on)
         INCLUDE (status, received_on, correction_notice_on, updated_at, certificate_due_on, application_no, id)
         WHERE status = 'accepted'`,
    );
    await q.query(
      `CREATE INDEX application_open_clocks ON approval_window.application (town_code, status)
         INCLUDE (received_on, correction_notice_on, updated_at, decision_due_on, certificate_due_on, application_no, id)
         WHERE status IN ('received', 'approved')`,
    );
    await q.query(`DROP INDEX approval_window.application_running_clocks`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX application_running_clocks ON approval_window.application (town_code, status)
         INCLUDE (received_on, correction_notice_on, updated_at, decision_due_on, certificate_due_on, application_no, id)
         WHERE status IN ('received', 'accepted', 'approved')`,
    );
    await q.query(`DROP INDEX approval_window.application_open_clocks`);
    await q.query(`DROP INDEX approval_window.application_decision_clocks`);
  }
}
