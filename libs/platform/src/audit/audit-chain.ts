import { createHash, createHmac } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared';
import { qualified } from '../database/sql';
import type { AuditAnchor } from './audit-anchors';
import { provenanceColumns, recordColumns, unsealed, type AuditRow } from './audit-rows';
import { canonicalJson } from './canonical-json';

/**
 * The per-county chain: each seal links one audit row to the one before it. Seals written since
 * PlatformAuditProvenance are HMAC-SM3 under a key the database does not hold (`AUDIT_MAC_KEY`),
 * so whoever can write rows cannot make a seal that verifies; older seals are plain SHA-256.
 */
export const GENESIS_HASH = '0'.repeat(64);

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
  /** Keyed seals only: the database role and client address that wrote the row. */
  writtenByRole?: string | null;
  clientAddr?: string | null;
}

/** The first version's link: SHA-256, no key. Kept to verify seals written before keyed sealing. */
export function auditHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(record)).digest('hex');
}

export const LEGACY_ALGORITHM = 'sha256';
const KEYED_PREFIX = 'hmac-sm3:';

/**
 * The audit MAC keys of a deployment: the current one seals, every one (current and previous)
 * verifies. A seal names its key by id (`hmac-sm3:<kid>`), so keys can be rotated without re-sealing.
 */
export class AuditMacKeys {
  private readonly byId = new Map<string, string>();
  readonly currentAlgorithm: string;

  constructor(current: string, previous: string[] = []) {
    for (const key of [current, ...previous]) this.byId.set(AuditMacKeys.keyId(key), key);
    this.currentAlgorithm = `${KEYED_PREFIX}${AuditMacKeys.keyId(current)}`;
  }

  static keyId(key: string): string {
    return createHmac('sm3', key).update('yiti audit key id').digest('hex').slice(0, 8);
  }

  /** The current key's link. */
  seal(prevHash: string, record: AuditRecord): string {
    return this.link(this.currentAlgorithm, prevHash, record) as string;
  }

  /** The link a seal of this algorithm should carry; null when no configured key has that id. */
  link(algorithm: string, prevHash: string, record: AuditRecord): string | null {
    if (algorithm === LEGACY_ALGORITHM) return auditHash(prevHash, legacyRecord(record));
    const key = algorithm.startsWith(KEYED_PREFIX) ? this.byId.get(algorithm.slice(KEYED_PREFIX.length)) : undefined;
    if (key === undefined) return null;
    return createHmac('sm3', key).update(prevHash).update('\n').update(canonicalJson(record)).digest('hex');
  }
}

function legacyRecord(record: AuditRecord): AuditRecord {
  const { writtenByRole: _role, clientAddr: _addr, ...rest } = record;
  return rest;
}

export function recordOf(row: AuditRow): AuditRecord {
  const record: AuditRecord = {
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
  if (row.written_by_role !== undefined) {
    record.writtenByRole = row.written_by_role;
    record.clientAddr = row.client_addr ?? null;
  }
  return record;
}

/** The columns rows are read with for sealing: with provenance when sealing is keyed. */
export const sealedColumns = (keys: AuditMacKeys | null, alias: string) => (keys ? provenanceColumns(alias) : recordColumns(alias));

/**
 * Links rows, in the order given, to the ends of their counties' chains: one `audit_seal` row each
 * (chain position, previous hash, MAC, algorithm). The caller holds the sealer's lock. `keys` null
 * only for the migration of the first layout, before keyed seals existed.
 */
export async function linkIntoChains(em: EntityManager, schema: string, rows: AuditRow[], keys: AuditMacKeys | null): Promise<void> {
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
  const columns = { seqs: [] as string[], countyCodes: [] as string[], chainSeqs: [] as string[], prevHashes: [] as string[], hashes: [] as string[] };
  for (const row of rows) {
    const last = tail.get(row.county_code) ?? { hash: GENESIS_HASH, chainSeq: 0n };
    const hash = keys ? keys.seal(last.hash, recordOf(row)) : auditHash(last.hash, recordOf(row));
    const chainSeq = last.chainSeq + 1n;
    columns.seqs.push(row.seq);
    columns.countyCodes.push(row.county_code);
    columns.chainSeqs.push(chainSeq.toString());
    columns.prevHashes.push(last.hash);
    columns.hashes.push(hash);
    tail.set(row.county_code, { hash, chainSeq });
  }
  const values = [columns.seqs, columns.countyCodes, columns.chainSeqs, columns.prevHashes, columns.hashes];
  if (!keys) {
    await em.query(`INSERT INTO ${seals} (seq, county_code, chain_seq, prev_hash, hash) SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[])`, values);
    return;
  }
  await preparedQuery(
    em,
    `INSERT INTO ${seals} (seq, county_code, chain_seq, prev_hash, hash, algorithm)
     SELECT s.*, $6::text FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS s`,
    [...values, keys.currentAlgorithm],
  );
}

export interface AnchorCheck {
  /** Anchors of this chain that were compared. */
  anchors: number;
  /** The last anchored position whose hash the rows still give (everything up to it is as anchored). */
  lastMatchingChainSeq: string | null;
  /** The first anchored position whose hash the rows no longer give: rows at or before it were changed, removed or re-sealed. */
  changedBeforeChainSeq: string | null;
  /** Positions anchored but no longer in the chain: cut from the tail ([from, to]). */
  cutFromTail: [string, string] | null;
  /** Rows sealed after the last anchor (not yet covered by any anchor). */
  addedSinceLastAnchor: number;
}

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
  /** Why that position does not match. */
  problem?: string;
  /** Only when anchors were given. */
  anchorCheck?: AnchorCheck;
}

interface SealedRow extends AuditRow {
  chain_seq: string;
  prev_hash: string;
  hash: string;
  algorithm: string;
}

/** Why a seal does not hold, or null when it does. */
function sealProblem(row: SealedRow, countyCode: string, expected: bigint, prev: string, keyedSeen: boolean, keys: AuditMacKeys): string | null {
  if (row.seq === null) return 'seal without its audit row (row removed)';
  if (row.county_code !== countyCode || row.chain_seq !== expected.toString()) return 'seal out of place';
  if (row.prev_hash !== prev) return 'link to the previous seal broken (a row removed or inserted)';
  if (row.algorithm === LEGACY_ALGORITHM && keyedSeen) return 'unkeyed seal after keyed ones';
  const link = keys.link(row.algorithm, prev, recordOf(row));
  if (link === null) return `seal under an unknown key (${row.algorithm})`;
  if (link !== row.hash) return 'row or seal changed';
  return null;
}

/**
 * Recomputes a county's chain from the start; reports the first row that does not match. With
 * anchors (heads published where the database cannot write), also reports whether the chain still
 * passes through each of them: a re-sealed, cut or rewritten chain does not.
 */
export async function verifyAuditChain(
  dataSource: DataSource,
  schema: string,
  countyCode: string,
  keys: AuditMacKeys,
  anchors?: AuditAnchor[],
  /** Called after each batch with the number of sealed rows it read (for a progress bar). */
  onRows?: (rows: number) => void,
): Promise<ChainVerification> {
  const table = qualified(schema, 'audit_log');
  const seals = qualified(schema, 'audit_seal');
  const [{ n, skipped }]: { n: number; skipped: number }[] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE (a.written_by, a.seq) > (c.written_by, c.seq) AND a.written_by < pg_snapshot_xmax(pg_current_snapshot()))::int AS n,
            count(*) FILTER (WHERE (a.written_by, a.seq) <= (c.written_by, c.seq))::int AS skipped
     FROM ${table} a, ${qualified(schema, 'audit_seal_cursor')} c WHERE a.county_code = $1 AND ${unsealed(schema)}`,
    [countyCode],
  );
  const anchored = new Map((anchors ?? []).filter((a) => a.countyCode === countyCode).map((a) => [a.chainSeq, a.hash]));
  const heads = new Map<string, string>();
  let prev = GENESIS_HASH;
  let expectedChainSeq = 1n;
  let checked = 0;
  let keyedSeen = false;
  let broken: { at: string; problem: string } | null = null;
  while (!broken) {
    const rows: SealedRow[] = await dataSource.query(
      `SELECT ${provenanceColumns('a')}, s.chain_seq, s.prev_hash, s.hash, s.algorithm
       FROM ${seals} s LEFT JOIN ${table} a ON a.seq = s.seq
       WHERE s.county_code = $1 AND s.chain_seq >= $2 ORDER BY s.chain_seq LIMIT 1000`,
      [countyCode, expectedChainSeq.toString()],
    );
    if (rows.length === 0) break;
    onRows?.(rows.length);
    for (const row of rows) {
      const problem = sealProblem(row, countyCode, expectedChainSeq, prev, keyedSeen, keys);
      if (problem) {
        broken = { at: expectedChainSeq.toString(), problem };
        break;
      }
      keyedSeen ||= row.algorithm !== LEGACY_ALGORITHM;
      if (anchored.has(row.chain_seq)) heads.set(row.chain_seq, row.hash);
      prev = row.hash;
      expectedChainSeq++;
      checked++;
    }
  }
  const result: ChainVerification = broken
    ? { countyCode, checked, unsealed: n, skipped, valid: false, brokenAtChainSeq: broken.at, problem: broken.problem }
    : { countyCode, checked, unsealed: n, skipped, valid: skipped === 0, brokenAtChainSeq: null };
  if (anchors) {
    result.anchorCheck = compareWithAnchors(anchored, heads, BigInt(checked), broken === null);
    if (result.anchorCheck.changedBeforeChainSeq !== null || result.anchorCheck.cutFromTail !== null) result.valid = false;
  }
  return result;
}

/** Compares the anchored heads with what the verified part of the chain gives at those positions. */
function compareWithAnchors(anchored: Map<string, string>, heads: Map<string, string>, verifiedLength: bigint, wholeChain: boolean): AnchorCheck {
  const positions = [...anchored.keys()].map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let lastMatching: bigint | null = null;
  let changedBefore: bigint | null = null;
  for (const position of positions) {
    if (position > verifiedLength) break;
    if (heads.get(position.toString()) === anchored.get(position.toString())) {
      if (changedBefore === null) lastMatching = position;
    } else if (changedBefore === null) {
      changedBefore = position;
    }
  }
  const lastAnchor = positions[positions.length - 1] ?? null;
  const cut = wholeChain && lastAnchor !== null && lastAnchor > verifiedLength ? ([(verifiedLength + 1n).toString(), lastAnchor.toString()] as [string, string]) : null;
  return {
    anchors: positions.length,
    lastMatchingChainSeq: lastMatching?.toString() ?? null,
    changedBeforeChainSeq: changedBefore?.toString() ?? null,
    cutFromTail: cut,
    addedSinceLastAnchor: lastAnchor === null ? Number(verifiedLength) : Math.max(0, Number(verifiedLength - lastAnchor)),
  };
}
