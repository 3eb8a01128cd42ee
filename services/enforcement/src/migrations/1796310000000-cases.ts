import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Clues and the penalty cases filed from them (一般程序); cases numbered per town and year at filing. */
export class Cases1796310000000 implements MigrationInterface {
  name = 'Cases1796310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE enforcement.case_no_seq`);
    await q.query(`
      CREATE TABLE enforcement.penalty_case (
        id uuid PRIMARY KEY,
        case_no text UNIQUE,
        county_code text NOT NULL,
        town_code text NOT NULL,
        status text NOT NULL,
        source text NOT NULL,
        source_ref text,
        summary text NOT NULL,
        item_id uuid,
        item_code text,
        item_name text,
        violation_on date,
        safety_concerned boolean NOT NULL DEFAULT false,
        party_kind text,
        party_name text,
        party_id_cipher text,
        party_id_hash text,
        party_id_masked text,
        party_phone_cipher text,
        party_phone_masked text,
        officer_ids uuid[] NOT NULL DEFAULT '{}',
        registered_on date NOT NULL,
        filed_on date,
        decision_due_on date,
        transferred_to text,
        reasons text,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX penalty_case_town ON enforcement.penalty_case (town_code, status, created_at DESC, id)`);
    await q.query(`CREATE INDEX penalty_case_due ON enforcement.penalty_case (decision_due_on) WHERE decision_due_on IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enforcement.penalty_case`);
    await q.query(`DROP SEQUENCE enforcement.case_no_seq`);
  }
}
