import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics (查询统计) read each figure of a period through an index that leads with the town and
 * then the period's date, and the running decision clock through one that leads with the town and
 * the due date: the cost follows the period's rows (or the running clocks), not the town's history.
 * Also what a supervision task's inspection found when it is completed (办结).
 */
export class StatisticsIndexes1796326000000 implements MigrationInterface {
  name = 'StatisticsIndexes1796326000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX penalty_case_registered ON enforcement.penalty_case (town_code, registered_on)`);
    await q.query(`CREATE INDEX penalty_case_filed ON enforcement.penalty_case (town_code, filed_on) WHERE filed_on IS NOT NULL`);
    await q.query(`CREATE INDEX penalty_case_decision_clock ON enforcement.penalty_case (town_code, decision_due_on) WHERE decision_due_on IS NOT NULL`);
    await q.query(`CREATE INDEX on_the_spot_penalty_officer ON enforcement.on_the_spot_penalty (officer_id, decided_on)`);
    await q.query(`CREATE INDEX supervision_task_approved ON enforcement.supervision_task (town_code, approved_on)`);
    await q.query(`CREATE INDEX check_assignment_town ON enforcement.check_assignment (town_code, drawn_at)`);
    // 监管任务办结: what the inspection found, when and by whom.
    await q.query(`ALTER TABLE enforcement.supervision_task ADD COLUMN result_note text, ADD COLUMN done_on date, ADD COLUMN done_by uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enforcement.supervision_task DROP COLUMN result_note, DROP COLUMN done_on, DROP COLUMN done_by`);
    for (const index of ['penalty_case_registered', 'penalty_case_filed', 'penalty_case_decision_clock', 'on_the_spot_penalty_officer', 'supervision_task_approved', 'check_assignment_town']) {
      await q.query(`DROP INDEX enforcement.${index}`);
    }
  }
}
