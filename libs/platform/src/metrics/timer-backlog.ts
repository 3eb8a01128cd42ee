import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Metrics } from './metrics';

/** One kind of timer a service keeps in its schema (an SLA deadline, a reminder), for its backlog gauges. */
export interface TimerBacklogSource {
  /** The label value, e.g. `dispatch_sla`. */
  timer: string;
  /**
   * One row: `overdue` (timers due and not fired) and `oldest_seconds` (how long the oldest one has
   * been due, 0 when none), e.g. `SELECT count(*)::int AS overdue, coalesce(extract(epoch FROM
   * now() - min(due_at)), 0)::float AS oldest_seconds FROM s.timer WHERE fired_at IS NULL AND due_at <= now()`.
   */
  sql: string;
}

const gauges = new WeakMap<Metrics, { overdue: Gauge<'timer'>; oldest: Gauge<'timer'>; sources: { source: TimerBacklogSource; dataSource: DataSource }[] }>();

/**
 * Timer backlogs as Prometheus gauges (yiti_timer_overdue, yiti_timer_oldest_overdue_seconds by
 * timer), read at each scrape; NaN when the schema cannot be read. deploy/k8s alerts on the age.
 */
export function registerTimerBacklog(metrics: Metrics, dataSource: DataSource, source: TimerBacklogSource): void {
  let entry = gauges.get(metrics);
  if (!entry) {
    const sources: { source: TimerBacklogSource; dataSource: DataSource }[] = [];
    const read = async () =>
      Promise.all(
        sources.map(async ({ source: s, dataSource: ds }) => {
          const row = await ds.query(s.sql).then((rows: { overdue: number; oldest_seconds: number }[]) => rows[0] ?? null, () => null);
          return { timer: s.timer, overdue: row ? Number(row.overdue) : NaN, oldest: row ? Number(row.oldest_seconds) : NaN };
        }),
      );
    const overdue = new Gauge({
      name: 'yiti_timer_overdue',
      help: 'Timers due and not yet fired, by timer',
      labelNames: ['timer'],
      registers: [metrics.registry],
      async collect() {
        for (const r of await read()) this.set({ timer: r.timer }, r.overdue);
      },
    });
    const oldest = new Gauge({
      name: 'yiti_timer_oldest_overdue_seconds',
      help: 'How long the oldest timer due and not fired has been due (0 when none), by timer',
      labelNames: ['timer'],
      registers: [metrics.registry],
      async collect() {
        for (const r of await read()) this.set({ timer: r.timer }, r.oldest);
      },
    });
    entry = { overdue, oldest, sources };
    gauges.set(metrics, entry);
  }
  entry.sources.push({ source, dataSource });
}
