import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DutiesAdmission1764288000000 implements MigrationInterface {
  name = 'DutiesAdmission1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.duty_admission (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        applicant_organisation_id uuid NOT NULL REFERENCES identity.organisation(id),
        applicant_user_id uuid NOT NULL REFERENCES identity.app_user(id),
        title text NOT NULL,
        document_no text NOT NULL,
        justification text NOT NULL,
        town_codes text[] NOT NULL CHECK (cardinality(town_codes) > 0),
        duties jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('county_staffing_review','city_staffing_review','county_decision','approved','rejected','withdrawn')),
        submitted_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX duty_admission_county_idx ON identity.duty_admission (county_code, status)`);
    await q.query(`
      CREATE TABLE identity.duty_admission_step (
        id bigserial PRIMARY KEY,
        admission_id uuid NOT NULL REFERENCES identity.duty_admission(id),
        from_status text NOT NULL,
        action text NOT NULL,
        to_status text NOT NULL,
        actor_id uuid NOT NULL,
        actor_roles text[] NOT NULL,
        reason text,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX duty_admission_step_idx ON identity.duty_admission_step (admission_id, id)`);
    // A duty exists only through an approved admission: the foreign key makes any other way fail.
    await q.query(`
      CREATE TABLE identity.duty (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL REFERENCES identity.jurisdiction(code),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('basic','cooperative','recalled')),
        description text,
        basis text,
        shared boolean NOT NULL,
        primary_level text NOT NULL CHECK (primary_level IN ('county','town')),
        county_department text,
        event_categories text[] NOT NULL,
        responsible_organisation_kind text NOT NULL,
        admission_id uuid NOT NULL REFERENCES identity.duty_admission(id),
        listed_at timestamptz NOT NULL,
        CONSTRAINT duty_shared_names_counterpart CHECK (NOT shared OR county_department IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX duty_town_idx ON identity.duty (town_code, kind)`);
    await q.query(`CREATE INDEX duty_categories_idx ON identity.duty USING gin (event_categories)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION identity.duty_requires_approved_admission() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM identity.duty_admission a WHERE a.id = NEW.admission_id AND a.status = 'approved' AND NEW.town_code = ANY(a.town_codes)) THEN
          RAISE EXCEPTION 'a duty enters a town''s list only through an approved admission for that town' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER duty_admission_guard BEFORE INSERT OR UPDATE ON identity.duty FOR EACH ROW EXECUTE FUNCTION identity.duty_requires_approved_admission()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.duty`);
    await q.query(`DROP FUNCTION identity.duty_requires_approved_admission()`);
    await q.query(`DROP TABLE identity.duty_admission_step`);
    await q.query(`DROP TABLE identity.duty_admission`);
  }
}
