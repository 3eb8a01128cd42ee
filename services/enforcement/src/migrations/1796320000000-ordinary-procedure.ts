import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ordinary procedure after filing (一般程序): what each step records on the case, its evidence,
 * recusals and preservations (先行登记保存), the numbered documents (each number per team, year and
 * kind, drawn from a counter row in the step's transaction: no gaps), and the county hearing thresholds.
 */
export class OrdinaryProcedure1796320000000 implements MigrationInterface {
  name = 'OrdinaryProcedure1796320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE enforcement.penalty_case
        ADD COLUMN major boolean NOT NULL DEFAULT false,
        ADD COLUMN complex boolean NOT NULL DEFAULT false,
        ADD COLUMN facts text,
        ADD COLUMN legal_basis text,
        ADD COLUMN proposed_penalty jsonb,
        ADD COLUMN hearing_qualifies boolean,
        ADD COLUMN notified_on date,
        ADD COLUMN statements_due_on date,
        ADD COLUMN hearing_request_due_on date,
        ADD COLUMN statement_record text,
        ADD COLUMN hearing_noticed_on date,
        ADD COLUMN hearing_on date,
        ADD COLUMN hearing_place text,
        ADD COLUMN presiding_officer_id uuid,
        ADD COLUMN hearing_record text,
        ADD COLUMN hearing_held boolean,
        ADD COLUMN hearing_waived boolean,
        ADD COLUMN legal_reviewer_id uuid,
        ADD COLUMN legal_reviewed_on date,
        ADD COLUMN discussion_record text,
        ADD COLUMN decision_kind text CHECK (decision_kind IN ('penalty', 'no_penalty', 'judiciary')),
        ADD COLUMN penalty jsonb,
        ADD COLUMN penalty_in_band boolean,
        ADD COLUMN no_penalty_ground text,
        ADD COLUMN fine_fen bigint,
        ADD COLUMN decision_no text,
        ADD COLUMN decided_on date,
        ADD COLUMN extensions int[] NOT NULL DEFAULT '{}',
        ADD COLUMN service_due_on date,
        ADD COLUMN served_on date,
        ADD COLUMN service_method text,
        ADD COLUMN recipient text,
        ADD COLUMN payment_due_on date,
        ADD COLUMN instalments jsonb,
        ADD COLUMN paid_fen bigint,
        ADD COLUMN late_fee_fen bigint,
        ADD COLUMN paid_on date,
        ADD COLUMN closing_report text,
        ADD COLUMN closed_on date`);
    await q.query(`CREATE INDEX penalty_case_party ON enforcement.penalty_case (party_id_hash) WHERE party_id_hash IS NOT NULL`);
    await q.query(`
      CREATE TABLE enforcement.case_evidence (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES enforcement.penalty_case (id),
        seq int NOT NULL,
        type text NOT NULL,
        description text NOT NULL,
        collected_by uuid NOT NULL,
        collected_at timestamptz NOT NULL,
        attachments text[] NOT NULL DEFAULT '{}',
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, seq)
      )`);
    await q.query(`
      CREATE TABLE enforcement.case_recusal (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES enforcement.penalty_case (id),
        officer_id uuid NOT NULL,
        raised_by text NOT NULL,
        decision text NOT NULL,
        reasons text NOT NULL,
        replacement_id uuid,
        decided_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_recusal_case ON enforcement.case_recusal (case_id)`);
    await q.query(`
      CREATE TABLE enforcement.case_preservation (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES enforcement.penalty_case (id),
        goods text NOT NULL,
        reasons text NOT NULL,
        preserved_on date NOT NULL,
        decision_due_on date NOT NULL,
        outcome text,
        outcome_reasons text,
        decided_on date,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_preservation_case ON enforcement.case_preservation (case_id, created_at)`);
    await q.query(`CREATE INDEX case_preservation_due ON enforcement.case_preservation (decision_due_on) WHERE outcome IS NULL`);
    await q.query(`
      CREATE TABLE enforcement.document_counter (
        town_code text NOT NULL,
        year int NOT NULL,
        kind text NOT NULL,
        last int NOT NULL,
        PRIMARY KEY (town_code, year, kind)
      )`);
    await q.query(`
      CREATE TABLE enforcement.case_document (
        id uuid PRIMARY KEY,
        case_id uuid,
        on_the_spot_id uuid,
        county_code text NOT NULL,
        town_code text NOT NULL,
        kind text NOT NULL,
        number text NOT NULL UNIQUE,
        issued_on date NOT NULL,
        fields jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_document_case ON enforcement.case_document (case_id, created_at, id)`);
    await q.query(`
      CREATE TABLE enforcement.hearing_threshold (
        county_code text PRIMARY KEY,
        citizen_fen bigint NOT NULL,
        organisation_fen bigint NOT NULL,
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enforcement.hearing_threshold`);
    await q.query(`DROP TABLE enforcement.case_document`);
    await q.query(`DROP TABLE enforcement.document_counter`);
    await q.query(`DROP TABLE enforcement.case_preservation`);
    await q.query(`DROP TABLE enforcement.case_recusal`);
    await q.query(`DROP TABLE enforcement.case_evidence`);
    await q.query(`DROP INDEX enforcement.penalty_case_party`);
    await q.query(`ALTER TABLE enforcement.penalty_case DROP COLUMN major, DROP COLUMN complex, DROP COLUMN facts, DROP COLUMN legal_basis, DROP COLUMN proposed_penalty, DROP COLUMN hearing_qualifies, DROP COLUMN notified_on, DROP COLUMN statements_due_on, DROP COLUMN hearing_request_due_on, DROP COLUMN statement_record, DROP COLUMN hearing_noticed_on, DROP COLUMN hearing_on, DROP COLUMN hearing_place, DROP COLUMN presiding_officer_id, DROP COLUMN hearing_record, DROP COLUMN hearing_held, DROP COLUMN hearing_waived, DROP COLUMN legal_reviewer_id, DROP COLUMN legal_reviewed_on, DROP COLUMN discussion_record, DROP COLUMN decision_kind, DROP COLUMN penalty, DROP COLUMN penalty_in_band, DROP COLUMN no_penalty_ground, DROP COLUMN fine_fen, DROP COLUMN decision_no, DROP COLUMN decided_on, DROP COLUMN extensions, DROP COLUMN service_due_on, DROP COLUMN served_on, DROP COLUMN service_method, DROP COLUMN recipient, DROP COLUMN payment_due_on, DROP COLUMN instalments, DROP COLUMN paid_fen, DROP COLUMN late_fee_fen, DROP COLUMN paid_on, DROP COLUMN closing_report, DROP COLUMN closed_on`);
  }
}
