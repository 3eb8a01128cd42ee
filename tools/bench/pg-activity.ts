import type { Pool } from 'pg';

/** application_name of the orchestrator's own connections, left out of every figure. */
export const ORCHESTRATOR_APP = 'yiti-bench';

/** Mean number of bench-database backends in each state while sampling. */
export type BackendStates = Record<string, number>;

interface ActivityRow {
  state: string;
  wait: string | null;
}

/** The PostgreSQL backends serving the bench database (for CPU accounting). */
export async function benchBackendPids(pool: Pool): Promise<Set<number>> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name <> $1', [ORCHESTRATOR_APP]);
  return new Set(rows.map((r) => r.pid));
}

/**
 * Samples pg_stat_activity every intervalMs until stopped: where the database connections spend
 * their time (running, waiting for a lock, or idle in a transaction waiting for the client).
 */
export function sampleBackendStates(pool: Pool, intervalMs = 250): { stop: () => Promise<BackendStates> } {
  const totals = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const sampleOnce = async () => {
    const { rows } = await pool.query<ActivityRow>(
      `SELECT state, CASE WHEN wait_event_type IN ('Lock', 'IO', 'LWLock') THEN wait_event_type || ':' || wait_event END AS wait
         FROM pg_stat_activity
        WHERE datname = current_database() AND application_name <> $1 AND state IS NOT NULL AND state <> 'idle'`,
      [ORCHESTRATOR_APP],
    );
    samples++;
    for (const row of rows) {
      const key = row.wait ? `waiting ${row.wait}` : row.state;
      totals.set(key, (totals.get(key) ?? 0) + 1);
    }
  };
  const loop = (async () => {
    try {
      while (!stopped) {
        await sampleOnce();
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    } catch (error) {
      console.warn(`  pg_stat_activity sampling stopped: ${String(error)}`);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      const states: BackendStates = {};
      for (const [key, count] of [...totals].sort((a, b) => b[1] - a[1])) states[key] = Math.round((10 * count) / Math.max(1, samples)) / 10;
      return states;
    },
  };
}
