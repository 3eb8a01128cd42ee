import type { DataSource } from 'typeorm';
import { awaitingSeal } from '../audit/audit-sealing';
import { qualified } from '../database/sql';

/** What a service's background work has not done yet, read from its schema (the metrics and `yiti-ops doctor` read the same). */
export interface Backlog {
  outbox_pending: number;
  outbox_oldest_seconds: number;
  audit_unsealed: number;
  audit_unsealed_oldest_seconds: number;
  dead_letters: number;
}

/** One query for a schema's backlog: events not yet published, audit rows not yet sealed, dead letters not replayed. */
export function backlogSql(s: string): string {
  return `SELECT
        (SELECT count(*) FROM ${qualified(s, 'outbox')} WHERE published_at IS NULL)::int AS outbox_pending,
        (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM ${qualified(s, 'outbox')} WHERE published_at IS NULL)::float AS outbox_oldest_seconds,
        u.n::int AS audit_unsealed, coalesce(extract(epoch FROM now() - u.oldest), 0)::float AS audit_unsealed_oldest_seconds,
        (SELECT count(*) FROM ${qualified(s, 'dead_letter')} WHERE replayed_at IS NULL)::int AS dead_letters
      FROM (SELECT count(*) AS n, min(a.occurred_at) AS oldest FROM ${qualified(s, 'audit_log')} a, ${qualified(s, 'audit_seal_cursor')} c
            WHERE ${awaitingSeal(s)}) u`;
}

export async function readBacklog(dataSource: DataSource, schema: string): Promise<Backlog> {
  const [row]: Backlog[] = await dataSource.query(backlogSql(schema));
  if (!row) throw new Error(`no backlog read from ${schema}`);
  return row;
}

export interface MigrationStatus {
  schema: string;
  /** Applied migrations, oldest first. */
  applied: string[];
  /** Known to this release and not applied yet, in the order they would run. */
  pending: string[];
  /** Applied in the database but unknown to this release (a newer release ran here, or a migration was removed). */
  unknown: string[];
}

/**
 * Applied vs available migrations of a service's data source (initialised; its migrations are those
 * of this release). Reads the schema's `migrations` table; a schema not created yet has none applied.
 */
export async function migrationStatus(dataSource: DataSource): Promise<MigrationStatus> {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('data source has no schema');
  const [{ exists }]: { exists: boolean }[] = await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [`"${schema}"."migrations"`]);
  const applied: string[] = exists ? ((await dataSource.query(`SELECT name FROM ${qualified(schema, 'migrations')} ORDER BY timestamp, id`)) as { name: string }[]).map((r) => r.name) : [];
  const available = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  const done = new Set(applied);
  const known = new Set(available);
  return { schema, applied, pending: available.filter((name) => !done.has(name)), unknown: applied.filter((name) => !known.has(name)) };
}

/** A dead letter in full (the payload too), or null when there is none with that id. */
export async function getDeadLetter(dataSource: DataSource, schema: string, id: string): Promise<Record<string, unknown> | null> {
  if (!/^[0-9]{1,18}$/.test(id)) return null;
  const [row]: Record<string, unknown>[] = await dataSource.query(
    `SELECT id::text, consumer, event_id AS "eventId", subject, payload, error, deliveries, created_at AS "createdAt", replayed_at AS "replayedAt"
     FROM ${qualified(schema, 'dead_letter')} WHERE id = $1`,
    [id],
  );
  return row ?? null;
}

/** Sealed audit row at a county's chain position, for naming a broken link. */
export async function auditRowAt(dataSource: DataSource, schema: string, countyCode: string, chainSeq: string): Promise<Record<string, unknown> | null> {
  const [row]: Record<string, unknown>[] = await dataSource.query(
    `SELECT a.seq::text AS seq, a.action, a.resource_type AS "resourceType", a.resource_id AS "resourceId", a.occurred_at AS "occurredAt"
     FROM ${qualified(schema, 'audit_seal')} s LEFT JOIN ${qualified(schema, 'audit_log')} a ON a.seq = s.seq
     WHERE s.county_code = $1 AND s.chain_seq = $2`,
    [countyCode, chainSeq],
  );
  return row ?? null;
}
