import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared';
import { qualified } from '../database/sql';
import { linkIntoChains, sealedColumns, type AuditMacKeys } from './audit-chain';
import { unsealed, type AuditRow } from './audit-rows';

/**
 * When rows are sealed: after the transactions that wrote them can no longer change (a cursor in
 * transaction-id order), one pass at a time per schema (an advisory lock), and again after a restore.
 */

/**
 * Keeps writers out of `audit_log` until the caller's transaction ends. The service role may not
 * lock the table itself (EXCLUSIVE needs UPDATE/DELETE, which it does not have): schemas since
 * PlatformAuditProvenance lock it through a function of the owner's (`audit_log_lock_for_sealing`).
 */
async function lockAuditLog(em: EntityManager, schema: string, viaOwnerFunction: boolean): Promise<void> {
  if (viaOwnerFunction) await em.query(`SELECT ${qualified(schema, 'audit_log_lock_for_sealing')}()`);
  else await em.query(`LOCK TABLE ${qualified(schema, 'audit_log')} IN EXCLUSIVE MODE`);
}

/**
 * Seals every row no seal covers, in insertion order, with writers kept out of the table until the
 * caller's transaction ends (so none is missed). Returns how many. For the migration into the seal
 * rows' layout (`keys` null: unkeyed seals, as then) and for a database restored onto another server.
 */
export async function sealEveryUnsealedRow(em: EntityManager, schema: string, keys: AuditMacKeys | null): Promise<number> {
  const table = qualified(schema, 'audit_log');
  await lockAuditLog(em, schema, keys !== null);
  let total = 0;
  for (let after = '0'; ; ) {
    const rows: AuditRow[] = await em.query(`SELECT ${sealedColumns(keys, 'a')} FROM ${table} a WHERE a.seq > $1 AND ${unsealed(schema)} ORDER BY a.seq LIMIT 1000`, [after]);
    if (rows.length === 0) return total;
    await linkIntoChains(em, schema, rows, keys);
    total += rows.length;
    after = (rows[rows.length - 1] as AuditRow).seq;
  }
}

/** The largest bigint: a cursor at (transaction, this) stands behind every row of that transaction. */
const LAST_SEQ = '9223372036854775807';

/** Seals every unsealed row and restarts the cursor; the caller holds the sealer's lock. */
async function rebaseHeld(em: EntityManager, schema: string, keys: AuditMacKeys): Promise<number> {
  const sealed = await sealEveryUnsealedRow(em, schema, keys);
  // Under the table lock: every transaction that wrote rows has ended; any still running (and
  // about to write) has an id at or after this horizon, so its rows come after the cursor.
  await em.query(
    `UPDATE ${qualified(schema, 'audit_seal_cursor')} SET written_by = (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text::xid8, seq = $1`,
    [LAST_SEQ],
  );
  return sealed;
}

const sealerLock = (schema: string) => `${schema}:audit-sealer`;

/**
 * After a database was restored onto another server: seals every row the dump held unsealed and
 * restarts the sealer's cursor in this server's transaction ids (the operators' `rebase-audit-sealing`,
 * part of the restore procedure; the sealer also does it by itself when it notices). Needs the audit
 * MAC key: only who holds it can seal. Returns how many rows were sealed.
 */
export async function rebaseAuditSealing(dataSource: DataSource, schema: string, keys: AuditMacKeys): Promise<number> {
  return dataSource.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [sealerLock(schema)]);
    return rebaseHeld(em, schema, keys);
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
export async function sealAuditBatch(dataSource: DataSource, schema: string, keys: AuditMacKeys, batchSize = 1000): Promise<number> {
  const table = qualified(schema, 'audit_log');
  const cursorTable = qualified(schema, 'audit_seal_cursor');
  return dataSource.transaction(async (em) => {
    // The lock first, on its own: the cursor must be read by a statement that starts after it is held.
    const [{ locked }]: { locked: boolean }[] = await preparedQuery(em, 'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [sealerLock(schema)]);
    if (!locked) return 0;
    const [state]: { written_by: string; seq: string; horizon: string; next: string }[] = await preparedQuery(
      em,
      `SELECT c.written_by::text, c.seq, pg_snapshot_xmin(s)::text AS horizon, pg_snapshot_xmax(s)::text AS next FROM ${cursorTable} c, pg_current_snapshot() s`,
      [],
    );
    if (!state) return 0;
    if (BigInt(state.written_by) >= BigInt(state.next)) return rebaseHeld(em, schema, keys);
    const rows: (AuditRow & { written_by: string })[] = await preparedQuery(
      em,
      `SELECT ${sealedColumns(keys, 'a')}, a.written_by::text FROM ${table} a
       WHERE (a.written_by, a.seq) > ($1::xid8, $2::bigint) AND a.written_by < $3::xid8 AND ${unsealed(schema)}
       ORDER BY a.written_by, a.seq LIMIT $4`,
      [state.written_by, state.seq, state.horizon, batchSize],
    );
    if (rows.length === 0) return 0;
    await linkIntoChains(em, schema, rows, keys);
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
