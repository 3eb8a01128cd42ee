import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Applications1764633600000 implements MigrationInterface {
  name = 'Applications1764633600000';

  async up(q: QueryRunner): Promise<void> {
    // The items each town holds, kept from the registry's power.* events (a cache; identity is the source).
    await q.query(`
      CREATE TABLE approval_window.held_item (
        delegation_id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        item_id uuid NOT NULL,
        item_code text NOT NULL,
        kind text NOT NULL,
        effective_from date NOT NULL,
        transition_until date,
        withdrawn_on date,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX held_item_town_item ON approval_window.held_item (town_code, item_id)`);

    // Document numbers draw from sequences, not a per-town counter row: a counter's row lock would
    // serialise every intake of a town until commit. Numbers are unique, not gapless.
    await q.query(`CREATE SEQUENCE approval_window.application_no_seq`);
    await q.query(`CREATE SEQUENCE approval_window.notice_no_seq`);

    await q.query(`
      CREATE TABLE approval_window.application (
        id uuid PRIMARY KEY,
        application_no text NOT NULL UNIQUE,
        county_code text NOT NULL,
        town_code text NOT NULL,
        item_id uuid NOT NULL,
        item jsonb NOT NULL,
        handling_organisation_id uuid,
        handling_organisation_name text,
        status text NOT NULL CHECK (status IN ('received', 'correction_requested', 'accepted', 'not_accepted', 'suspended', 'approved', 'rejected', 'certificate_issued', 'withdrawn')),
        applicant_kind text NOT NULL CHECK (applicant_kind IN ('person', 'organisation')),
        applicant_name text NOT NULL,
        applicant_id_cipher text NOT NULL,
        applicant_id_hash text NOT NULL,
        applicant_id_masked text NOT NULL,
        applicant_phone_cipher text NOT NULL,
        applicant_phone_masked text NOT NULL,
        applicant_contact_name text,
        applicant_address text,
        materials jsonb NOT NULL,
        correction_materials jsonb NOT NULL DEFAULT '[]',
        note text,
        received_on date NOT NULL,
        correction_notice_on date,
        accepted_on date,
        deemed_accepted boolean NOT NULL DEFAULT false,
        statutory_working_days integer NOT NULL CHECK (statutory_working_days > 0),
        promised_working_days integer CHECK (promised_working_days > 0),
        extended boolean NOT NULL DEFAULT false,
        suspensions jsonb NOT NULL DEFAULT '[]',
        decision_due_on date,
        promised_due_on date,
        decided_on date,
        decided_on_time boolean,
        decision_working_days integer,
        decision_reasons text,
        legal_basis text,
        valid_until date,
        certificate_due_on date,
        certificate_no text UNIQUE,
        certificate_issued_on date,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX application_town_status ON approval_window.application (town_code, status)`);
    await q.query(`CREATE INDEX application_county_received ON approval_window.application (county_code, received_on)`);
    await q.query(`CREATE INDEX application_applicant_hash ON approval_window.application (applicant_id_hash)`);

    // Every step, with who took it: the application's own history (the audit log holds the same, chained).
    await q.query(`
      CREATE TABLE approval_window.application_step (
        id bigserial PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES approval_window.application (id),
        action text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_id text NOT NULL,
        actor_roles text[] NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        taken_on date NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX application_step_application ON approval_window.application_step (application_id, id)`);

    await q.query(`
      CREATE TABLE approval_window.notice (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES approval_window.application (id),
        kind text NOT NULL,
        number text NOT NULL UNIQUE,
        issued_on date NOT NULL,
        issuer text NOT NULL,
        fields jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notice_application ON approval_window.notice (application_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE approval_window.notice, approval_window.application_step, approval_window.application, approval_window.held_item`);
    await q.query(`DROP SEQUENCE approval_window.application_no_seq, approval_window.notice_no_seq`);
  }
}
