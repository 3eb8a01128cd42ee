import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthorityCatalogDelegation1764201600000 implements MigrationInterface {
  name = 'AuthorityCatalogDelegation1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.catalog_version (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        published_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity.catalog_item (
        id uuid PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES identity.catalog_version(id),
        basic_code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('licensing','penalty')),
        department text NOT NULL,
        category text NOT NULL,
        legal_basis text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT catalog_item_code_unique UNIQUE (version_id, basic_code)
      )`);
    await q.query(`CREATE INDEX catalog_item_version_kind_idx ON identity.catalog_item (version_id, kind)`);
    await q.query(`
      CREATE TABLE identity.county_catalog (
        county_code text PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES identity.catalog_version(id),
        set_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE identity.delegation (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL REFERENCES identity.jurisdiction(code),
        item_id uuid NOT NULL REFERENCES identity.catalog_item(id),
        item_kind text NOT NULL,
        decision_no text NOT NULL,
        effective_from date NOT NULL,
        transition_until date,
        withdrawn_on date,
        withdraw_reason text,
        created_at timestamptz NOT NULL,
        CONSTRAINT delegation_transition_after_start CHECK (transition_until IS NULL OR transition_until > effective_from),
        CONSTRAINT delegation_withdrawal_reason CHECK ((withdrawn_on IS NULL) = (withdraw_reason IS NULL))
      )`);
    // At most one delegation of an item to a town that has not been withdrawn.
    await q.query(`CREATE UNIQUE INDEX delegation_open_unique ON identity.delegation (town_code, item_id) WHERE withdrawn_on IS NULL`);
    await q.query(`CREATE INDEX delegation_county_idx ON identity.delegation (county_code, town_code)`);
    await q.query(`
      CREATE TABLE identity.delegation_change (
        id bigserial PRIMARY KEY,
        delegation_id uuid NOT NULL REFERENCES identity.delegation(id),
        action text NOT NULL CHECK (action IN ('granted','adjusted','withdrawn')),
        reason text,
        before jsonb,
        after jsonb NOT NULL,
        actor_id text,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX delegation_change_delegation_idx ON identity.delegation_change (delegation_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.delegation_change`);
    await q.query(`DROP TABLE identity.delegation`);
    await q.query(`DROP TABLE identity.county_catalog`);
    await q.query(`DROP TABLE identity.catalog_item`);
    await q.query(`DROP TABLE identity.catalog_version`);
  }
}
