import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * On-the-spot penalties (当场处罚, numbered per town and year) and post-approval supervision tasks
 * (审管联动, exactly one per approval). Parties' ID numbers and phones: cipher, keyed hash, mask.
 */
export class PenaltiesAndSupervision1796300000000 implements MigrationInterface {
  name = 'PenaltiesAndSupervision1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE enforcement.on_the_spot_no_seq`);
    await q.query(`
      CREATE TABLE enforcement.on_the_spot_penalty (
        id uuid PRIMARY KEY,
        decision_no text NOT NULL UNIQUE,
        county_code text NOT NULL,
        town_code text NOT NULL,
        item_id uuid NOT NULL,
        item_code text NOT NULL,
        item_name text NOT NULL,
        party_kind text NOT NULL,
        party_name text NOT NULL,
        party_id_cipher text NOT NULL,
        party_id_hash text NOT NULL,
        party_id_masked text NOT NULL,
        party_phone_cipher text NOT NULL,
        party_phone_masked text NOT NULL,
        facts text NOT NULL,
        legal_basis text NOT NULL,
        place text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('warning', 'fine')),
        fine_fen bigint NOT NULL CHECK (fine_fen >= 0),
        collected_on_the_spot boolean NOT NULL,
        collection_reason text,
        decided_on date NOT NULL,
        officer_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX on_the_spot_penalty_town ON enforcement.on_the_spot_penalty (town_code, decided_on DESC, id)`);
    await q.query(`CREATE INDEX on_the_spot_penalty_party ON enforcement.on_the_spot_penalty (party_id_hash)`);
    await q.query(`
      CREATE TABLE enforcement.supervision_task (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        supervisor text NOT NULL CHECK (supervisor IN ('town_team', 'county_department')),
        department text NOT NULL,
        application_id uuid NOT NULL UNIQUE,
        application_no text NOT NULL,
        item_id uuid NOT NULL,
        item_code text NOT NULL,
        item_name text NOT NULL,
        holder_kind text NOT NULL,
        holder_name text NOT NULL,
        holder_id_masked text NOT NULL,
        holder_id_hash text NOT NULL,
        approved_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'clue_raised')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX supervision_task_town ON enforcement.supervision_task (town_code, created_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enforcement.supervision_task`);
    await q.query(`DROP TABLE enforcement.on_the_spot_penalty`);
    await q.query(`DROP SEQUENCE enforcement.on_the_spot_no_seq`);
  }
}
