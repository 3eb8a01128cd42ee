import { DatabaseError } from 'pg';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { SameTurnBatch, type PendingCall } from '../background/same-turn-batch';
import { insertAll, type TableRows } from './multi-insert';

type PendingWrite = PendingCall<TableRows[], void>;

/** Writes per statement, and parameters per statement (PostgreSQL allows 65535). */
const MAX_WRITES_PER_STATEMENT = 50;
const MAX_PARAMETERS_PER_STATEMENT = 20_000;
/**
 * A combined statement's text changes with how many writes it carries, and a named statement is
 * kept by every pooled connection until it closes (a few hundred KB each in the server for a
 * handful of intakes): statements of up to this many writes are named, so each connection keeps at
 * most this many per kind of write, and larger ones are parsed and planned every time.
 */
const MAX_NAMED_WRITES = 8;

/**
 * Whether a combined statement failed because of what one of its requests held, so that writing
 * each on its own sorts out which: PostgreSQL refused it (so nothing was written) for bad data
 * (SQLSTATE class 22), a broken constraint (23), a value too large for an index (54), a trigger's
 * refusal (P0) or a deadlock or serialisation conflict between statements (40; not 40003, where the
 * outcome is unknown); or the driver could not even send it (a value it cannot serialise). Not after a lost connection (it may have committed) nor when the server is
 * overloaded or shutting down (a statement per request would only add to that).
 */
export function refusedForOneRequest(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? error.driverError : error;
  // A value node-postgres cannot serialise fails before anything is sent (a lost connection never is a TypeError).
  if (cause instanceof TypeError) return true;
  if (!(cause instanceof DatabaseError) || cause.code === '40003') return false;
  return /^(22|23|40|54|P0)/.test(cause.code ?? '');
}

/**
 * The writes cut into statements in order: at most `maxWrites` writes and `maxParameters`
 * parameters each (a write with more parameters than that alone still gets a statement of its own).
 */
export function statementGroups<T>(writes: T[], parametersOf: (write: T) => number, maxWrites: number, maxParameters: number): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let parameters = 0;
  for (const write of writes) {
    const count = parametersOf(write);
    if (group.length > 0 && (group.length >= maxWrites || parameters + count > maxParameters)) {
      groups.push(group);
      group = [];
      parameters = 0;
    }
    group.push(write);
    parameters += count;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

const parameterCount = (batches: TableRows[]) => batches.reduce((n, b) => n + b.rows.length * b.columns.length, 0);

/** The writes' rows, one TableRows per table and column list, in order of first appearance. */
export function mergeTableRows(writes: TableRows[][]): TableRows[] {
  const merged = new Map<string, TableRows>();
  for (const batches of writes) {
    for (const batch of batches) {
      if (batch.rows.length === 0) continue;
      const key = `${batch.table}(${batch.columns.join(',')})`;
      const into = merged.get(key);
      if (into) into.rows.push(...batch.rows);
      else merged.set(key, { table: batch.table, columns: batch.columns, rows: [...batch.rows] });
    }
  }
  return [...merged.values()];
}

/**
 * Autocommitted inserts of concurrent requests that are ready in the same event-loop turn, written
 * as one statement: one round trip and one commit (WAL flush) for all of them. A
 * statement is atomic, so each request's rows still commit together or not at all. When the
 * combined statement fails (one request's row breaks a constraint, say), each request's rows are
 * written again on their own, so every request gets its own outcome and its own error.
 */
export class CoalescedInserts {
  private readonly batch = new SameTurnBatch<TableRows[], void>((pending) => this.flush(pending));

  constructor(private readonly em: EntityManager) {}

  insert(batches: TableRows[]): Promise<void> {
    return this.batch.add(batches);
  }

  private flush(pending: PendingWrite[]): void {
    for (const group of statementGroups(pending, (write) => parameterCount(write.input), MAX_WRITES_PER_STATEMENT, MAX_PARAMETERS_PER_STATEMENT)) void this.write(group);
  }

  private async write(group: PendingWrite[]): Promise<void> {
    if (group.length > 1) {
      try {
        await insertAll(this.em, mergeTableRows(group.map((w) => w.input)), { named: group.length <= MAX_NAMED_WRITES });
        for (const write of group) write.resolve();
        return;
      } catch (error) {
        // After a lost connection the statement may have committed: writing again could duplicate
        // rows that have no unique key (audit rows).
        if (!refusedForOneRequest(error)) {
          for (const write of group) write.reject(error);
          return;
        }
        // Each on its own below: the one at fault gets its error, the others are written.
      }
    }
    await Promise.all(group.map((write) => insertAll(this.em, write.input).then(write.resolve, write.reject)));
  }
}
