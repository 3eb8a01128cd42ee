import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 双向告知: penalty decisions and closed cases the enforcement side publishes, kept against the party's
 * keyed ID hash so that a licence holder's applications show them. One row per event (its id).
 */
export class EnforcementNotices1765238400000 implements MigrationInterface {
  name = 'EnforcementNotices1765238400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE approval_window.enforcement_notice (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('penalty_decided', 'case_closed')),
        source_id uuid NOT NULL,
        reference_no text NOT NULL,
        procedure text,
        county_code text NOT NULL,
        town_code text NOT NULL,
        party_id_hash text NOT NULL,
        item_code text,
        penalty_kinds text[] NOT NULL DEFAULT '{}',
        fine_fen bigint NOT NULL DEFAULT 0,
        occurred_on date NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, source_id)
      )`);
    await q.query(`CREATE INDEX enforcement_notice_party ON approval_window.enforcement_notice (party_id_hash, occurred_on DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE approval_window.enforcement_notice`);
  }
}
