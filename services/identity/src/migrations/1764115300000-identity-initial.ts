import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityInitial1764115300000 implements MigrationInterface {
  name = 'IdentityInitial1764115300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.jurisdiction (
        code text PRIMARY KEY CHECK (code ~ '^([0-9]{6}|[0-9]{9}|[0-9]{12}|[0-9]{15})$'),
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('province','city','county','town','village','grid')),
        parent_code text REFERENCES identity.jurisdiction(code),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX jurisdiction_parent_idx ON identity.jurisdiction (parent_code)`);
    await q.query(`CREATE INDEX jurisdiction_code_prefix_idx ON identity.jurisdiction (code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE identity.organisation (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        jurisdiction_code text NOT NULL REFERENCES identity.jurisdiction(code),
        county_code text NOT NULL,
        parent_id uuid REFERENCES identity.organisation(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organisation_code_unique UNIQUE (county_code, code)
      )`);
    await q.query(`CREATE INDEX organisation_jurisdiction_idx ON identity.organisation (jurisdiction_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE identity.app_user (
        id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        organisation_id uuid NOT NULL REFERENCES identity.organisation(id),
        jurisdiction_code text NOT NULL REFERENCES identity.jurisdiction(code),
        county_code text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        status text NOT NULL CHECK (status IN ('active','disabled')),
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        password_changed_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_username_unique ON identity.app_user (lower(username))`);
    await q.query(`CREATE INDEX app_user_jurisdiction_idx ON identity.app_user (jurisdiction_code text_pattern_ops)`);
    await q.query(`CREATE INDEX app_user_organisation_idx ON identity.app_user (organisation_id)`);
    await q.query(`
      CREATE TABLE identity.session (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES identity.app_user(id),
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX session_family_idx ON identity.session (family_id)`);
    await q.query(`CREATE INDEX session_user_idx ON identity.session (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.session`);
    await q.query(`DROP TABLE identity.app_user`);
    await q.query(`DROP TABLE identity.organisation`);
    await q.query(`DROP TABLE identity.jurisdiction`);
  }
}
