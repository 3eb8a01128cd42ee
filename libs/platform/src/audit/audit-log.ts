import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { insertAll, type TableRows } from '../database/multi-insert';
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

/** What the hash covers: every column of the row as stored, nothing derived. */
export interface AuditRecord {
  countyCode: string;
  action: string;
  resourceType: string;
  resourceId: string;
  jurisdictionCode: string | null;
  before: unknown;
  after: unknown;
  actorId: string | null;
  actorRoles: string[];
  actorOrganisationId: string | null;
  correlationId: string | null;
  occurredAt: string;
}

export function auditHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(record)).digest('hex');
}

const COLUMNS = [
  'county_code', 'occurred_at', 'actor_id', 'actor_roles', 'actor_organisation_id', 'action',
  'resource_type', 'resource_id', 'jurisdiction_code', 'before', 'after', 'correlation_id',
];

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export function auditRows(schema: string, entries: AuditEntry[], now = new Date()): TableRows {
  return {
    table: qualified(schema, 'audit_log'),
    columns: COLUMNS,
    rows: entries.map((e) => [
      e.countyCode, now, e.actorId ?? null, e.actorRoles ?? [], e.actorOrganisationId ?? null, e.action,
      e.resourceType, e.resourceId, e.jurisdictionCode ?? null, json(e.before), json(e.after), e.correlationId ?? null,
    ]),
  };
}

/**
 * Appends entries in the caller's transaction. They are sealed into their county's hash chain
 * shortly after commit by the AuditSealer, so no request waits on a per-county lock.
 */
export async function appendAudit(em: EntityManager, schema: string, entries: AuditEntry[], now = new Date()): Promise<void> {
  await insertAll(em, [auditRows(schema, entries, now)]);
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
  chain_seq: string | null;
  prev_hash: string | null;
  hash: string | null;
}

function recordOf(row: AuditRow): AuditRecord {
  return {
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
}

/**
 * One sealing pass: takes unsealed rows in insertion order and links each to the end of its
 * county's chain. A transaction-scoped advisory lock lets one sealer run per schema at a time; the
 * table's trigger allows no other change to a row, and none at all once it is sealed.
 */
export async function sealAuditBatch(dataSource: DataSource, schema: string, batchSize = 1000): Promise<number> {
  const table = qualified(schema, 'audit_log');
  return dataSource.transaction(async (em) => {
    const [{ locked }] = await em.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [`${schema}:audit-sealer`]);
    if (!locked) return 0;
    const rows: AuditRow[] = await em.query(`SELECT * FROM ${table} WHERE hash IS NULL ORDER BY seq LIMIT $1`, [batchSize]);
    if (rows.length === 0) return 0;
    const counties = [...new Set(rows.map((r) => r.county_code))];
    const tails: { county_code: string; hash: string; chain_seq: string }[] = await em.query(
      `SELECT DISTINCT ON (county_code) county_code, hash, chain_seq FROM ${table}
       WHERE county_code = ANY($1) AND chain_seq IS NOT NULL ORDER BY county_code, chain_seq DESC`,
      [counties],
    );
    const tail = new Map(tails.map((t) => [t.county_code, { hash: t.hash, chainSeq: BigInt(t.chain_seq) }]));
    const seqs: string[] = [];
    const chainSeqs: string[] = [];
    const prevHashes: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      const last = tail.get(row.county_code) ?? { hash: GENESIS_HASH, chainSeq: 0n };
      const hash = auditHash(last.hash, recordOf(row));
      const chainSeq = last.chainSeq + 1n;
      seqs.push(row.seq);
      chainSeqs.push(chainSeq.toString());
      prevHashes.push(last.hash);
      hashes.push(hash);
      tail.set(row.county_code, { hash, chainSeq });
    }
    await em.query(
      `UPDATE ${table} AS a SET chain_seq = v.chain_seq, prev_hash = v.prev_hash, hash = v.hash, sealed_at = now()
       FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(seq, chain_seq, prev_hash, hash)
       WHERE a.seq = v.seq`,
      [seqs, chainSeqs, prevHashes, hashes],
    );
    return rows.length;
  });
}

export interface ChainVerification {
  countyCode: string;
  /** Sealed rows checked. */
  checked: number;
  /** Rows not sealed yet (normally only those of the last second). */
  unsealed: number;
  valid: boolean;
  /** Chain position of the first row whose stored hash or link does not match. */
  brokenAtChainSeq: string | null;
}

/** Recomputes a county's chain from the start; reports the first row that does not match. */
export async function verifyAuditChain(dataSource: DataSource, schema: string, countyCode: string): Promise<ChainVerification> {
  const table = qualified(schema, 'audit_log');
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE county_code = $1 AND hash IS NULL`, [countyCode]);
  let prev = GENESIS_HASH;
  let expectedChainSeq = 1n;
  let checked = 0;
  for (;;) {
    const rows: AuditRow[] = await dataSource.query(
      `SELECT * FROM ${table} WHERE county_code = $1 AND chain_seq >= $2 ORDER BY chain_seq LIMIT 1000`,
      [countyCode, expectedChainSeq.toString()],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const broken = row.chain_seq !== expectedChainSeq.toString() || row.prev_hash !== prev || auditHash(prev, recordOf(row)) !== row.hash;
      if (broken) return { countyCode, checked, unsealed: n, valid: false, brokenAtChainSeq: expectedChainSeq.toString() };
      prev = row.hash as string;
      expectedChainSeq++;
      checked++;
    }
  }
  return { countyCode, checked, unsealed: n, valid: true, brokenAtChainSeq: null };
}
