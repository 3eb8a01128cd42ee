import type { EntityManager } from 'typeorm';
import { SameTurnBatch, type PendingCall } from '../background/same-turn-batch';
import { refusedForOneRequest, statementGroups } from './coalesced-inserts';
import { guardedInsertAll, type TableRows, type WriteGuard } from './multi-insert';
import { preparedQuery } from './prepared';

/** One conditional write: its guard and the rows written only when the guard returns a row. */
export interface GuardedWrite {
  guard: WriteGuard;
  batches: TableRows[];
}

type PendingGuardedWrite = PendingCall<GuardedWrite, unknown[]>;

/** Writes per statement (each distinct count is a statement text of its own), and parameters per statement (PostgreSQL allows 65535). */
const MAX_WRITES_PER_STATEMENT = 16;
const MAX_PARAMETERS_PER_STATEMENT = 20_000;

const parameterCount = ({ guard, batches }: GuardedWrite) => guard.params.length + batches.reduce((n, b) => n + b.rows.length * b.columns.length, 0);

/**
 * Several guarded writes with the same guard text in one statement: guard `g<i>` (its `$n`
 * renumbered after the parameters before it: a guard refers to its parameters only as `$n`), then
 * each of its rows in an insert of its own that runs only when `g<i>` changed a row, answering each
 * guard's rows after its index (`guard_index`). One guard returning no row writes none of its rows
 * and leaves the others' as they are. Two guards on the same row: PostgreSQL applies one of them,
 * the other returns no row.
 */
export function coalescedGuardedStatement(writes: readonly GuardedWrite[]): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const ctes: string[] = [];
  const answers: string[] = [];
  writes.forEach(({ guard, batches }, i) => {
    const offset = params.length;
    params.push(...guard.params);
    ctes.push(`g${i} AS (${guard.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`);
    for (const batch of batches) {
      for (const row of batch.rows) {
        ctes.push(`w${ctes.length} AS (INSERT INTO ${batch.table} (${batch.columns.join(', ')}) SELECT ${row.map((value) => `$${params.push(value)}`).join(', ')} WHERE EXISTS (SELECT FROM g${i}))`);
      }
    }
    answers.push(`SELECT ${i} AS guard_index, * FROM g${i}`);
  });
  return { text: `WITH ${ctes.join(', ')} ${answers.join(' UNION ALL ')}`, params };
}

/**
 * Guarded writes (`guardedInsertAll`) of concurrent requests ready in the same event-loop turn,
 * with the same guard text, written as one autocommitted statement: one round trip and one commit
 * for all of them, each still all or nothing. When the statement fails because of what one request
 * held (see `refusedForOneRequest`), each is written again on its own, so every request gets its
 * own outcome.
 */
export class CoalescedGuardedWrites {
  private readonly batch = new SameTurnBatch<GuardedWrite, unknown[]>((pending) => this.flush(pending));

  constructor(private readonly em: EntityManager) {}

  /** The guard's rows (none: nothing was written). */
  write<R>(guard: WriteGuard, batches: TableRows[]): Promise<R[]> {
    return this.batch.add({ guard, batches }) as Promise<R[]>;
  }

  private flush(pending: PendingGuardedWrite[]): void {
    const byGuard = new Map<string, PendingGuardedWrite[]>();
    for (const write of pending) {
      const same = byGuard.get(write.input.guard.sql);
      if (same) same.push(write);
      else byGuard.set(write.input.guard.sql, [write]);
    }
    for (const writes of byGuard.values()) {
      for (const group of statementGroups(writes, (write) => parameterCount(write.input), MAX_WRITES_PER_STATEMENT, MAX_PARAMETERS_PER_STATEMENT)) void this.writeGroup(group);
    }
  }

  private async writeGroup(group: PendingGuardedWrite[]): Promise<void> {
    if (group.length > 1) {
      try {
        const { text, params } = coalescedGuardedStatement(group.map((w) => w.input));
        const rows = await preparedQuery<({ guard_index: number } & Record<string, unknown>)[]>(this.em, text, params);
        const answers = group.map((): unknown[] => []);
        for (const { guard_index, ...row } of rows) answers[guard_index]?.push(row);
        group.forEach((write, i) => write.resolve(answers[i] as unknown[]));
        return;
      } catch (error) {
        // After a lost connection the statement may have committed: writing again could duplicate rows.
        if (!refusedForOneRequest(error)) {
          for (const write of group) write.reject(error);
          return;
        }
        // Each on its own below: the one at fault gets its error, the others are written.
      }
    }
    await Promise.all(group.map((write) => guardedInsertAll(this.em, write.input.guard, write.input.batches).then(write.resolve, write.reject)));
  }
}
