import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The town's name as at intake, printed on the documents (applications made before it show the code). */
export class ApplicationTownName1764720000000 implements MigrationInterface {
  name = 'ApplicationTownName1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approval_window.application ADD COLUMN town_name text`);
    await q.query(`UPDATE approval_window.application SET town_name = town_code WHERE town_name IS NULL`);
    await q.query(`ALTER TABLE approval_window.application ALTER COLUMN town_name SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE approval_window.application DROP COLUMN town_name`);
  }
}
