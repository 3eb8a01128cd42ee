import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PlatformAuditProvenance1765065600000 } from '../audit/audit-provenance.migration';
import { sealEveryUnsealedRow } from '../audit/audit-sealing';
import { qualified, schemaOf } from './sql';

/** The first version's rule: no change to a row, except the sealer's single filling of the chain columns. */
function sealedOnceTrigger(s: string): string {
  return `
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
      END $$`;
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
    await queryRunner.query(sealedOnceTrigger(s));
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

/**
 * Seals become rows of their own (`audit_seal`) instead of updates of `audit_log`, which is now
 * never changed at all. Each audit row records the transaction that wrote it (`written_by`), so the
 * sealer can tell which rows can no longer appear behind its cursor. Rows sealed before keep their
 * chain (copied over); rows not yet sealed are sealed here, in the old order.
 */
export class PlatformAuditSeals1764979200000 implements MigrationInterface {
  name = 'PlatformAuditSeals1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const log = qualified(s, 'audit_log');
    const seal = qualified(s, 'audit_seal');
    const cursor = qualified(s, 'audit_seal_cursor');
    await queryRunner.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${s}:audit-sealer`]);
    // No writer may slip a row in between the copy below and the columns' removal.
    await queryRunner.query(`LOCK TABLE ${log} IN EXCLUSIVE MODE`);
    await queryRunner.query(`
      CREATE TABLE ${seal} (
        seq bigint PRIMARY KEY,
        county_code text NOT NULL,
        chain_seq bigint NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        sealed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT audit_seal_chain_position UNIQUE (county_code, chain_seq)
      )`);
    await queryRunner.query(`INSERT INTO ${seal} (seq, county_code, chain_seq, prev_hash, hash, sealed_at)
      SELECT seq, county_code, chain_seq, prev_hash, hash, sealed_at FROM ${log} WHERE hash IS NOT NULL`);
    await sealEveryUnsealedRow(queryRunner.manager, s, null);
    await queryRunner.query(`DROP INDEX ${qualified(s, 'audit_log_unsealed_idx')}`);
    await queryRunner.query(`ALTER TABLE ${log} DROP CONSTRAINT audit_log_seal_complete, DROP CONSTRAINT audit_log_chain_position,
      DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN hash, DROP COLUMN sealed_at`);
    // Every row so far is sealed: they all get transaction 0, and the cursor stands past them.
    await queryRunner.query(`ALTER TABLE ${log} ADD COLUMN written_by xid8 NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE ${log} ALTER COLUMN written_by SET DEFAULT pg_current_xact_id()`);
    await queryRunner.query(`CREATE INDEX "audit_log_sealing_order_idx" ON ${log} (written_by, seq)`);
    await queryRunner.query(`
      CREATE TABLE ${cursor} (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        written_by xid8 NOT NULL,
        seq bigint NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO ${cursor} (written_by, seq) VALUES ('0', 9223372036854775807)`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION ${qualified(s, 'audit_log_append_only')}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_seal_no_update" BEFORE UPDATE OR DELETE ON ${seal}
      FOR EACH ROW EXECUTE FUNCTION ${qualified(s, 'audit_log_append_only')}()`);
    await queryRunner.query(`
      CREATE TRIGGER "audit_seal_no_truncate" BEFORE TRUNCATE ON ${seal}
      FOR EACH STATEMENT EXECUTE FUNCTION ${qualified(s, 'audit_log_append_only')}()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    const log = qualified(s, 'audit_log');
    await queryRunner.query(`ALTER TABLE ${log} DISABLE TRIGGER audit_log_no_update`);
    await queryRunner.query(`ALTER TABLE ${log} ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text UNIQUE, ADD COLUMN sealed_at timestamptz`);
    await queryRunner.query(`UPDATE ${log} a SET chain_seq = z.chain_seq, prev_hash = z.prev_hash, hash = z.hash, sealed_at = z.sealed_at
      FROM ${qualified(s, 'audit_seal')} z WHERE z.seq = a.seq`);
    await queryRunner.query(`ALTER TABLE ${log} ADD CONSTRAINT audit_log_seal_complete CHECK ((hash IS NULL) = (prev_hash IS NULL) AND (hash IS NULL) = (chain_seq IS NULL)),
      ADD CONSTRAINT audit_log_chain_position UNIQUE (county_code, chain_seq), DROP COLUMN written_by`);
    await queryRunner.query(`CREATE INDEX "audit_log_unsealed_idx" ON ${log} (seq) WHERE hash IS NULL`);
    await queryRunner.query(`ALTER TABLE ${log} ENABLE TRIGGER audit_log_no_update`);
    await queryRunner.query(`DROP TABLE ${qualified(s, 'audit_seal_cursor')}`);
    await queryRunner.query(`DROP TABLE ${qualified(s, 'audit_seal')}`);
    await queryRunner.query(sealedOnceTrigger(s));
  }
}

export const PLATFORM_MIGRATIONS: Function[] = [PlatformTables1764115200000, PlatformIdempotency1764547200000, PlatformAuditSeals1764979200000, PlatformAuditProvenance1765065600000];
