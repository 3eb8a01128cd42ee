import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { qualified } from '../database/sql';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** County the record belongs to; '' for province- or city-level records. */
  countyCode: string;
  action: string;
  resourceType: string;
  resourceId: string;
  jurisdictionCode?: string | null;
  before?: unknown;
  after?: unknown;
  actorId?: string | null;
  actorRoles?: string[];
  actorOrganisationId?: string | null;
  correlationId?: string | null;
}

interface StoredAudit extends Required<Omit<AuditEntry, 'before' | 'after'>> {
  before: unknown;
  after: unknown;
  occurredAt: string;
}

export function auditHash(prevHash: string, record: StoredAudit): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(record)).digest('hex');
}

function normalise(entry: AuditEntry, occurredAt: Date): StoredAudit {
  return {
    countyCode: entry.countyCode,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    jurisdictionCode: entry.jurisdictionCode ?? null,
    before: entry.before === undefined ? null : JSON.parse(JSON.stringify(entry.before)),
    after: entry.after === undefined ? null : JSON.parse(JSON.stringify(entry.after)),
    actorId: entry.actorId ?? null,
    actorRoles: entry.actorRoles ?? [],
    actorOrganisationId: entry.actorOrganisationId ?? null,
    correlationId: entry.correlationId ?? null,
    occurredAt: occurredAt.toISOString(),
  };
}

/**
 * Appends entries to the county's hash chain inside the caller's transaction. A transaction-scoped
 * advisory lock per county orders concurrent writers; the table itself refuses UPDATE and DELETE.
 */
export async function appendAudit(em: EntityManager, schema: string, entries: AuditEntry[], now = new Date()): Promise<void> {
  const byCounty = new Map<string, AuditEntry[]>();
  for (const entry of entries) byCounty.set(entry.countyCode, [...(byCounty.get(entry.countyCode) ?? []), entry]);
  const table = qualified(schema, 'audit_log');
  for (const [county, countyEntries] of [...byCounty.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${schema}:audit:${county}`]);
    const last: { hash: string }[] = await em.query(`SELECT hash FROM ${table} WHERE county_code = $1 ORDER BY seq DESC LIMIT 1`, [county]);
    let prev = last[0]?.hash ?? GENESIS_HASH;
    for (const entry of countyEntries) {
      const record = normalise(entry, now);
      const hash = auditHash(prev, record);
      await em.query(
        `INSERT INTO ${table} (county_code, occurred_at, actor_id, actor_roles, actor_organisation_id, action, resource_type, resource_id,
           jurisdiction_code, before, after, correlation_id, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          record.countyCode, record.occurredAt, record.actorId, record.actorRoles, record.actorOrganisationId, record.action,
          record.resourceType, record.resourceId, record.jurisdictionCode,
          record.before === null ? null : JSON.stringify(record.before),
          record.after === null ? null : JSON.stringify(record.after),
          record.correlationId, prev, hash,
        ],
      );
      prev = hash;
    }
  }
}

export interface ChainVerification {
  countyCode: string;
  checked: number;
  valid: boolean;
  /** First row whose stored hash or link does not match, when invalid. */
  brokenAtSeq: string | null;
}

interface AuditRow {
  seq: string;
  county_code: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_roles: string[];
  actor_organisation_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string;
  jurisdiction_code: string | null;
  before: unknown;
  after: unknown;
  correlation_id: string | null;
  prev_hash: string;
  hash: string;
}

/** Recomputes a county's chain from the start; reports the first row that does not match. */
export async function verifyAuditChain(dataSource: DataSource, schema: string, countyCode: string): Promise<ChainVerification> {
  const table = qualified(schema, 'audit_log');
  let prev = GENESIS_HASH;
  let lastSeq = '0';
  let checked = 0;
  for (;;) {
    const rows: AuditRow[] = await dataSource.query(`SELECT * FROM ${table} WHERE county_code = $1 AND seq > $2 ORDER BY seq LIMIT 1000`, [countyCode, lastSeq]);
    if (rows.length === 0) break;
    for (const row of rows) {
      const record: StoredAudit = {
        countyCode: row.county_code,
        action: row.action,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
        jurisdictionCode: row.jurisdiction_code,
        before: row.before,
        after: row.after,
        actorId: row.actor_id,
        actorRoles: row.actor_roles,
        actorOrganisationId: row.actor_organisation_id,
        correlationId: row.correlation_id,
        occurredAt: new Date(row.occurred_at).toISOString(),
      };
      if (row.prev_hash !== prev || auditHash(prev, record) !== row.hash) {
        return { countyCode, checked, valid: false, brokenAtSeq: row.seq };
      }
      prev = row.hash;
      lastSeq = row.seq;
      checked++;
    }
  }
  return { countyCode, checked, valid: true, brokenAtSeq: null };
}
