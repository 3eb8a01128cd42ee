import type { MigrationInterface, QueryRunner } from 'typeorm';
import { qualified } from './sql';

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('platform tables need a schema');
  return schema;
}

/** Outbox, inbox, dead letters and the hash-chained audit log: present in every service schema. */
export class PlatformTables1764115200000 implements MigrationInterface {
  name = 'PlatformTables1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${qualified(s, 'outbox')} (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON ${qualified(s, 'outbox')} (seq) WHERE published_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "outbox_published_idx" ON ${qualified(s, 'outbox')} (published_at) WHERE published_at IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE ${qualified(s, 'inbox')} (
        consumer text NOT NULL,
        event_id text NOT NULL,
        subject text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE ${qualified(s, 'dead_letter')} (
        id bigserial PRIMARY KEY,
        consumer text NOT NULL,
        event_id text,
        subject text NOT NULL,
        payload text NOT NULL,
        error text NOT NULL,
        deliveries integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        replayed_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE ${qualified(s, 'audit_log')} (
        seq bigserial PRIMARY KEY,
        county_code text NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_id text,
        actor_roles text[] NOT NULL DEFAULT '{}',
        actor_organisation_id text,
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id text NOT NULL,
        jurisdiction_code text,
        before jsonb,
        after jsonb,
        correlation_id text,
        chain_seq bigint,
        prev_hash text,
        hash text UNIQUE,
        sealed_at timestamptz,
        CONSTRAINT audit_log_seal_complete CHECK ((hash IS NULL) = (prev_hash IS NULL) AND (hash IS NULL) = (chain_seq IS NULL)),
        CONSTRAINT audit_log_chain_position UNIQUE (county_code, chain_seq)
      )`);
    await queryRunner.query(`CREATE INDEX "audit_log_unsealed_idx" ON ${qualified(s, 'audit_log')} (seq) WHERE hash IS NULL`);
    await queryRunner.query(`CREATE INDEX "audit_log_resource_idx" ON ${qualified(s, 'audit_log')} (resource_type, resource_id)`);
    // Rows are never deleted and never changed, except once: the sealer fills the chain columns.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ${qualified(s, 'audit_log_append_only')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (OLD.seq, OLD.county_code, OLD.occurred_at, OLD.actor_id, OLD.actor_roles, OLD.actor_organisation_id, OLD.action,
                OLD.resource_type, OLD.resource_id, OLD.jurisdiction_code, OLD.before, OLD.after, OLD.correlation_id)
               IS NOT DISTINCT FROM
               (NEW.seq, NEW.county_code, NEW.occurred_at, NEW.actor_id, NEW.actor_roles, NEW.actor_organisation_id, NEW.action,
                NEW.resource_type, NEW.resource_id, NEW.jurisdiction_code, NEW.before, NEW.after, NEW.correlation_id) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE OR DELETE ON ${qualified(s, 'audit_log')}
      FOR EACH ROW EXECUTE FUNCTION ${qualified(s, 'audit_log_append_only')}()`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON ${qualified(s, 'audit_log')}
      FOR EACH STATEMENT EXECUTE FUNCTION ${qualified(s, 'audit_log_append_only')}()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${qualified(s, 'audit_log')}`);
    await queryRunner.query(`DROP FUNCTION ${qualified(s, 'audit_log_append_only')}()`);
    await queryRunner.query(`DROP TABLE ${qualified(s, 'dead_letter')}`);
    await queryRunner.query(`DROP TABLE ${qualified(s, 'inbox')}`);
    await queryRunner.query(`DROP TABLE ${qualified(s, 'outbox')}`);
  }
}

/** Results of requests that carried an Idempotency-Key, recorded with their effect. */
export class PlatformIdempotency1764547200000 implements MigrationInterface {
  name = 'PlatformIdempotency1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${qualified(s, 'idempotency')} (
        principal text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (principal, key)
      )`);
    await queryRunner.query(`CREATE INDEX "idempotency_created_idx" ON ${qualified(s, 'idempotency')} (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${qualified(schemaOf(queryRunner), 'idempotency')}`);
  }
}

export const PLATFORM_MIGRATIONS: Function[] = [PlatformTables1764115200000, PlatformIdempotency1764547200000];
