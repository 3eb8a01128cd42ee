import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { backlogSql, type Backlog } from '../ops/ops-status';
import { PLATFORM_OPTIONS } from '../service/tokens';
import type { PlatformModuleOptions } from '../service/platform-options';
import { Metrics } from './metrics';

/** A scrape reads the backlog once for all gauges; scrapes closer together than this share it. */
const SNAPSHOT_MS = 1000;

/**
 * What the service's background work has not done yet, read from its schema at each scrape: events
 * not yet published, audit rows not yet sealed into the hash chain (a transaction left open
 * anywhere on the server holds sealing back) and dead letters not replayed. Alert on age, not count.
 */
@Injectable()
export class BacklogMetrics {
  private snapshot: { at: number; backlog: Promise<Backlog | null> } | null = null;

  constructor(metrics: Metrics, dataSource: DataSource, @Inject(PLATFORM_OPTIONS) options: PlatformModuleOptions) {
    const s = options.schema;
    const sql = backlogSql(s);
    const read = (): Promise<Backlog | null> => {
      if (!this.snapshot || Date.now() - this.snapshot.at > SNAPSHOT_MS) {
        this.snapshot = { at: Date.now(), backlog: dataSource.query(sql).then((rows: Backlog[]) => rows[0] ?? null, () => null) };
      }
      return this.snapshot.backlog;
    };
    const gauge = (name: string, help: string, field: keyof Backlog) =>
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        async collect() {
          // Unreadable (the database is down): NaN, never a reassuring last value or 0.
          const backlog = await read();
          this.set(backlog ? backlog[field] : NaN);
        },
      });
    gauge('yiti_outbox_pending_events', 'Events in the outbox not yet published to JetStream', 'outbox_pending');
    gauge('yiti_outbox_oldest_pending_seconds', 'Age of the oldest event not yet published (0 when none)', 'outbox_oldest_seconds');
    gauge('yiti_audit_unsealed_rows', 'Audit rows not yet sealed into their county hash chain', 'audit_unsealed');
    gauge('yiti_audit_oldest_unsealed_seconds', 'Age of the oldest audit row not yet sealed (0 when none)', 'audit_unsealed_oldest_seconds');
    gauge('yiti_dead_letters', 'Events a consumer gave up on and that were not replayed', 'dead_letters');
  }
}
