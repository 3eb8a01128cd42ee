import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Training and certification (全员培训) and staffing and dispatched agencies (资源下沉). */
export class TrainingStaffing1764374400000 implements MigrationInterface {
  name = 'TrainingStaffing1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.training_session (
        id uuid PRIMARY KEY,
        county_code text NOT NULL REFERENCES identity.jurisdiction(code) CHECK (county_code ~ '^[0-9]{6}$'),
        topic text NOT NULL,
        categories text[] NOT NULL CHECK (cardinality(categories) > 0),
        held_on date NOT NULL,
        hours numeric(4,1) NOT NULL CHECK (hours > 0 AND hours <= 200),
        organiser_organisation_id uuid NOT NULL REFERENCES identity.organisation(id),
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX training_session_county_idx ON identity.training_session (county_code, held_on DESC)`);
    await q.query(`CREATE INDEX training_session_categories_idx ON identity.training_session USING gin (categories)`);
    await q.query(`
      CREATE TABLE identity.training_attendance (
        session_id uuid NOT NULL REFERENCES identity.training_session(id),
        user_id uuid NOT NULL REFERENCES identity.app_user(id),
        jurisdiction_code text NOT NULL,
        attended boolean NOT NULL,
        score numeric(4,1) CHECK (score >= 0 AND score <= 100),
        passed boolean NOT NULL,
        recorded_by text,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, user_id),
        CONSTRAINT training_attendance_passed_attended CHECK (attended OR NOT passed),
        CONSTRAINT training_attendance_score_attended CHECK (attended OR score IS NULL)
      )`);
    await q.query(`CREATE INDEX training_attendance_user_idx ON identity.training_attendance (user_id)`);
    await q.query(`CREATE INDEX training_attendance_jurisdiction_idx ON identity.training_attendance (jurisdiction_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE identity.certification (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        user_id uuid NOT NULL REFERENCES identity.app_user(id),
        jurisdiction_code text NOT NULL,
        certificate_no text NOT NULL,
        categories text[] NOT NULL CHECK (cardinality(categories) > 0),
        issued_on date NOT NULL,
        expires_on date NOT NULL,
        revoked_on date,
        revoke_reason text,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL,
        CONSTRAINT certification_no_unique UNIQUE (certificate_no),
        CONSTRAINT certification_expiry_after_issue CHECK (expires_on >= issued_on),
        CONSTRAINT certification_revocation_reason CHECK ((revoked_on IS NULL) = (revoke_reason IS NULL)),
        CONSTRAINT certification_revoked_after_issue CHECK (revoked_on IS NULL OR revoked_on >= issued_on)
      )`);
    await q.query(`CREATE INDEX certification_user_idx ON identity.certification (user_id)`);
    await q.query(`CREATE INDEX certification_jurisdiction_idx ON identity.certification (jurisdiction_code text_pattern_ops)`);
    await q.query(`CREATE INDEX certification_categories_idx ON identity.certification USING gin (categories)`);

    await q.query(`
      CREATE TABLE identity.town_quota (
        town_code text PRIMARY KEY REFERENCES identity.jurisdiction(code) CHECK (town_code ~ '^[0-9]{9}$'),
        county_code text NOT NULL,
        administrative integer NOT NULL CHECK (administrative >= 0),
        institutional integer NOT NULL CHECK (institutional >= 0),
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX town_quota_county_idx ON identity.town_quota (county_code)`);
    await q.query(`
      CREATE TABLE identity.town_quota_change (
        id bigserial PRIMARY KEY,
        town_code text NOT NULL REFERENCES identity.town_quota(town_code),
        administrative_before integer,
        institutional_before integer,
        administrative integer NOT NULL,
        institutional integer NOT NULL,
        decision_no text,
        reason text NOT NULL,
        actor_id text,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX town_quota_change_town_idx ON identity.town_quota_change (town_code, id)`);
    await q.query(`
      CREATE TABLE identity.sent_down_staff (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        person_name text NOT NULL,
        post text,
        from_department_id uuid NOT NULL REFERENCES identity.organisation(id),
        town_code text NOT NULL REFERENCES identity.jurisdiction(code) CHECK (town_code ~ '^[0-9]{9}$'),
        since date NOT NULL,
        until date,
        end_reason text,
        created_at timestamptz NOT NULL,
        CONSTRAINT sent_down_staff_period CHECK (until IS NULL OR until >= since)
      )`);
    await q.query(`CREATE INDEX sent_down_staff_town_idx ON identity.sent_down_staff (town_code, since)`);
    await q.query(`CREATE INDEX sent_down_staff_county_idx ON identity.sent_down_staff (county_code)`);
    await q.query(`
      CREATE TABLE identity.dispatched_agency (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        name text NOT NULL,
        town_code text NOT NULL REFERENCES identity.jurisdiction(code) CHECK (town_code ~ '^[0-9]{9}$'),
        parent_department_id uuid NOT NULL REFERENCES identity.organisation(id),
        management_mode text NOT NULL CHECK (management_mode IN ('local','dispatched')),
        town_assessment_weight integer NOT NULL CHECK (town_assessment_weight BETWEEN 0 AND 100),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        -- Jiangsu: the town weighs at least 50 % in a dispatched agency's annual assessment.
        CONSTRAINT dispatched_agency_town_weight CHECK (management_mode <> 'dispatched' OR town_assessment_weight >= 50),
        CONSTRAINT dispatched_agency_name_unique UNIQUE (town_code, name)
      )`);
    await q.query(`CREATE INDEX dispatched_agency_county_idx ON identity.dispatched_agency (county_code, town_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.dispatched_agency`);
    await q.query(`DROP TABLE identity.sent_down_staff`);
    await q.query(`DROP TABLE identity.town_quota_change`);
    await q.query(`DROP TABLE identity.town_quota`);
    await q.query(`DROP TABLE identity.certification`);
    await q.query(`DROP TABLE identity.training_attendance`);
    await q.query(`DROP TABLE identity.training_session`);
  }
}
