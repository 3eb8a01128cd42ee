import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { insertAll, type TableRows } from '../database/multi-insert';
import { preparedQuery } from '../database/prepared';
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
}

/** The columns an audit row is read back with, for hashing: its position and what the writer gave. */
const recordColumns = (alias: string) => ['seq', ...COLUMNS].map((c) => `${alias}.${c}`).join(', ');

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
 * Links rows, in the order given, to the ends of their counties' chains: one `audit_seal` row each
 * (chain position, previous hash, hash). The caller holds the sealer's lock.
 */
export async function linkIntoChains(em: EntityManager, schema: string, rows: AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  const seals = qualified(schema, 'audit_seal');
  const counties = [...new Set(rows.map((r) => r.county_code))];
  const tails: { county_code: string; hash: string; chain_seq: string }[] = await preparedQuery(
    em,
    // One index probe per county (its last position), however long its chain has grown.
    `SELECT c.county_code, t.hash, t.chain_seq FROM unnest($1::text[]) AS c(county_code)
     CROSS JOIN LATERAL (SELECT s.hash, s.chain_seq FROM ${seals} s WHERE s.county_code = c.county_code ORDER BY s.chain_seq DESC LIMIT 1) t`,
    [counties],
  );
  const tail = new Map(tails.map((t) => [t.county_code, { hash: t.hash, chainSeq: BigInt(t.chain_seq) }]));
  const seqs: string[] = [];
  const countyCodes: string[] = [];
  const chainSeqs: string[] = [];
  const prevHashes: string[] = [];
  const hashes: string[] = [];
  for (const row of rows) {
    const last = tail.get(row.county_code) ?? { hash: GENESIS_HASH, chainSeq: 0n };
    const hash = auditHash(last.hash, recordOf(row));
    const chainSeq = last.chainSeq + 1n;
    seqs.push(row.seq);
    countyCodes.push(row.county_code);
    chainSeqs.push(chainSeq.toString());
    prevHashes.push(last.hash);
    hashes.push(hash);
    tail.set(row.county_code, { hash, chainSeq });
  }
  await preparedQuery(
    em,
    `INSERT INTO ${seals} (seq, county_code, chain_seq, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[])`,
    [seqs, countyCodes, chainSeqs, prevHashes, hashes],
  );
}

/** Rows no seal covers yet (`a` is the audit row). */
const unsealed = (schema: string) => `NOT EXISTS (SELECT 1 FROM ${qualified(schema, 'audit_seal')} s WHERE s.seq = a.seq)`;

/**
 * Seals every row no seal covers, in insertion order, with writers kept out of the table until the
 * caller's transaction ends (so none is missed). Returns how many. For the migration into this
 * layout and for a database restored onto another server.
 */
export async function sealEveryUnsealedRow(em: EntityManager, schema: string): Promise<number> {
  const table = qualified(schema, 'audit_log');
  await em.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
  let total = 0;
  for (let after = '0'; ; ) {
    const rows: AuditRow[] = await em.query(`SELECT ${recordColumns('a')} FROM ${table} a WHERE a.seq > $1 AND ${unsealed(schema)} ORDER BY a.seq LIMIT 1000`, [after]);
    if (rows.length === 0) return total;
    await linkIntoChains(em, schema, rows);
    total += rows.length;
    after = (rows[rows.length - 1] as AuditRow).seq;
  }
}

/** The largest bigint: a cursor at (transaction, this) stands behind every row of that transaction. */
const LAST_SEQ = '9223372036854775807';

/** Seals every unsealed row and restarts the cursor; the caller holds the sealer's lock. */
async function rebaseHeld(em: EntityManager, schema: string): Promise<number> {
  const sealed = await sealEveryUnsealedRow(em, schema);
  // Under the table lock: every transaction that wrote rows has ended; any still running (and
  // about to write) has an id at or after this horizon, so its rows come after the cursor.
  await em.query(
    `UPDATE ${qualified(schema, 'audit_seal_cursor')} SET written_by = (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text::xid8, seq = $1`,
    [LAST_SEQ],
  );
  return sealed;
}

/**
 * After a database was restored onto another server: seals every row the dump held unsealed and
 * restarts the sealer's cursor in this server's transaction ids (the operators' `rebase-audit-sealing`,
 * part of the restore procedure; the sealer also does it by itself when it notices). Returns how many
 * rows were sealed.
 */
export async function rebaseAuditSealing(dataSource: DataSource, schema: string): Promise<number> {
  return dataSource.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${schema}:audit-sealer`]);
    return rebaseHeld(em, schema);
  });
}

/**
 * One sealing pass. Every audit row carries the id of the transaction that wrote it; rows of
 * transactions older than the oldest one still running can no longer appear or change, so they are
 * taken in (transaction id, seq) order after the cursor and linked into their counties' chains, and
 * the cursor moves past them. Nothing in `audit_log` is ever updated: a seal is a row of its own.
 * A transaction-scoped advisory lock lets one sealer run per schema at a time.
 *
 * Transaction ids belong to one server: a cursor beyond the ids this server has handed out means
 * the database was restored onto another one (a dump keeps the old ids). Then every row without a
 * seal is sealed at once, and the cursor restarts behind the oldest transaction still running.
 */
export async function sealAuditBatch(dataSource: DataSource, schema: string, batchSize = 1000): Promise<number> {
  const table = qualified(schema, 'audit_log');
  const cursorTable = qualified(schema, 'audit_seal_cursor');
  return dataSource.transaction(async (em) => {
    // The lock first, on its own: the cursor must be read by a statement that starts after it is held.
    const [{ locked }]: { locked: boolean }[] = await preparedQuery(em, 'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [`${schema}:audit-sealer`]);
    if (!locked) return 0;
    const [state]: { written_by: string; seq: string; horizon: string; next: string }[] = await preparedQuery(
      em,
      `SELECT c.written_by::text, c.seq, pg_snapshot_xmin(s)::text AS horizon, pg_snapshot_xmax(s)::text AS next FROM ${cursorTable} c, pg_current_snapshot() s`,
      [],
    );
    if (!state) return 0;
    if (BigInt(state.written_by) >= BigInt(state.next)) return rebaseHeld(em, schema);
    const rows: (AuditRow & { written_by: string })[] = await preparedQuery(
      em,
      `SELECT ${recordColumns('a')}, a.written_by::text FROM ${table} a
       WHERE (a.written_by, a.seq) > ($1::xid8, $2::bigint) AND a.written_by < $3::xid8 AND ${unsealed(schema)}
       ORDER BY a.written_by, a.seq LIMIT $4`,
      [state.written_by, state.seq, state.horizon, batchSize],
    );
    if (rows.length === 0) return 0;
    await linkIntoChains(em, schema, rows);
    const last = rows[rows.length - 1] as AuditRow & { written_by: string };
    await preparedQuery(em, `UPDATE ${cursorTable} SET written_by = $1::xid8, seq = $2`, [last.written_by, last.seq]);
    return rows.length;
  });
}

/**
 * Rows after the sealer's cursor that no seal covers yet (`a` is the audit row, `c` the cursor). A
 * row written on this server has an id below the snapshot's xmax; rows restored from another server
 * with larger ids were sealed when the sealer rebased, so the bound keeps the count an index range.
 */
export const awaitingSeal = (schema: string) =>
  `(a.written_by, a.seq) > (c.written_by, c.seq) AND a.written_by < pg_snapshot_xmax(pg_current_snapshot()) AND ${unsealed(schema)}`;

export interface ChainVerification {
  countyCode: string;
  /** Sealed rows checked. */
  checked: number;
  /** Rows not sealed yet (normally only those of the last second). */
  unsealed: number;
  /** Rows without a seal that the sealer has passed and will never take: a fault (the chain is then not valid). */
  skipped: number;
  valid: boolean;
  /** Chain position of the first row whose stored hash or link does not match. */
  brokenAtChainSeq: string | null;
}

/** Recomputes a county's chain from the start; reports the first row that does not match. */
export async function verifyAuditChain(dataSource: DataSource, schema: string, countyCode: string): Promise<ChainVerification> {
  const table = qualified(schema, 'audit_log');
  const seals = qualified(schema, 'audit_seal');
  const [{ n, skipped }]: { n: number; skipped: number }[] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE (a.written_by, a.seq) > (c.written_by, c.seq) AND a.written_by < pg_snapshot_xmax(pg_current_snapshot()))::int AS n,
            count(*) FILTER (WHERE (a.written_by, a.seq) <= (c.written_by, c.seq))::int AS skipped
     FROM ${table} a, ${qualified(schema, 'audit_seal_cursor')} c WHERE a.county_code = $1 AND ${unsealed(schema)}`,
    [countyCode],
  );
  let prev = GENESIS_HASH;
  let expectedChainSeq = 1n;
  let checked = 0;
  for (;;) {
    const rows: (AuditRow & { chain_seq: string; prev_hash: string; hash: string })[] = await dataSource.query(
      `SELECT ${recordColumns('a')}, s.chain_seq, s.prev_hash, s.hash
       FROM ${seals} s LEFT JOIN ${table} a ON a.seq = s.seq
       WHERE s.county_code = $1 AND s.chain_seq >= $2 ORDER BY s.chain_seq LIMIT 1000`,
      [countyCode, expectedChainSeq.toString()],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const broken =
        row.seq === null || row.county_code !== countyCode || row.chain_seq !== expectedChainSeq.toString() || row.prev_hash !== prev || auditHash(prev, recordOf(row)) !== row.hash;
      if (broken) return { countyCode, checked, unsealed: n, skipped, valid: false, brokenAtChainSeq: expectedChainSeq.toString() };
      prev = row.hash;
      expectedChainSeq++;
      checked++;
    }
  }
  return { countyCode, checked, unsealed: n, skipped, valid: skipped === 0, brokenAtChainSeq: null };
}
