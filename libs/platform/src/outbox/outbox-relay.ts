import { headers as natsHeaders, type JetStreamClient, type NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { HEADER_CORRELATION_ID } from '@yiti/contracts';
import { KickableLoop } from '../background/kickable-loop';
import { preparedQuery } from '../database/prepared';
import { qualified } from '../database/sql';
import { EVENT_RETENTION_DAYS } from '../nats/nats-connection';
import { endSpan, injectTraceHeaders, SpanKind, startSpan, storedTraceContext } from '../tracing/tracing';

interface PendingRow {
  seq: string;
  id: string;
  subject: string;
  payload: { correlationId?: string | null };
  /** The trace context the event was written in (`traceparent`, `tracestate`), when traced. */
  headers: Record<string, string> | null;
}

export interface OutboxRelayOptions {
  schema: string;
  batchSize?: number;
  pollIntervalMs?: number;
  /** How long a kick waits so that several commits share one pass. */
  kickDelayMs?: number;
  /** Published rows older than this are deleted; JetStream keeps the history. */
  retainPublishedHours?: number;
  onError?: (error: unknown) => void;
}

/**
 * Publishes committed outbox rows to JetStream with `Nats-Msg-Id` = event id, then marks them.
 * A crash between publish and mark republishes the same id: JetStream drops it inside its duplicate
 * window and consumers' inboxes drop it after. Rows are claimed with SKIP LOCKED, so several
 * replicas can relay side by side.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly loop: KickableLoop;
  private js: JetStreamClient | null = null;
  private stopped = true;
  private lastCleanup = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly options: OutboxRelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.loop = new KickableLoop(() => this.drain(), options.pollIntervalMs ?? 1000, options.kickDelayMs ?? 10);
  }

  start(): void {
    this.stopped = false;
    this.js = this.nc.jetstream();
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
  }

  /** Ask for a pass now (called after a transaction that wrote events commits). */
  kick(): void {
    this.loop.kick();
  }

  /** Publishes until nothing is pending. Returns how many were published. */
  async drain(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const published = await this.dataSource.transaction((em) => this.publishBatch(em));
        total += published;
        if (published < this.batchSize || this.stopped) break;
      }
      await this.cleanup();
    } catch (error) {
      this.options.onError?.(error);
    }
    return total;
  }

  protected async publishBatch(em: EntityManager): Promise<number> {
    const table = qualified(this.options.schema, 'outbox');
    const rows: PendingRow[] = await preparedQuery(
      em,
      `SELECT seq, id, subject, payload, headers FROM ${table} WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [this.batchSize],
    );
    if (rows.length === 0) return 0;
    const js = this.js ?? this.nc.jetstream();
    // Publish the batch concurrently; stop marking at the first failure so order is kept for retries.
    const outcomes = await Promise.allSettled(
      rows.map((row) => {
        const h = natsHeaders();
        if (row.payload.correlationId) h.set(HEADER_CORRELATION_ID, row.payload.correlationId);
        // The trace that wrote the event goes on: a producer span, whose context the message carries to the consumers.
        const stored = storedTraceContext(row.headers);
        const span = stored ? startSpan(`${row.subject} publish`, SpanKind.PRODUCER, { 'messaging.system': 'nats', 'messaging.destination.name': row.subject, 'messaging.message.id': row.id }, stored) : undefined;
        injectTraceHeaders(h, span);
        const published = js.publish(row.subject, JSON.stringify(row.payload), { msgID: row.id, headers: h, timeout: 5000 });
        if (span) published.then(() => endSpan(span), (error: unknown) => endSpan(span, error));
        return published;
      }),
    );
    const done: string[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      const row = rows[i] as PendingRow;
      if (outcome.status === 'rejected') {
        await em.query(`UPDATE ${table} SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [row.id, String(outcome.reason)]);
        break;
      }
      done.push(row.id);
    }
    await this.markPublished(em, done);
    return done.length;
  }

  protected async markPublished(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await preparedQuery(em, `UPDATE ${qualified(this.options.schema, 'outbox')} SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [ids]);
  }

  private async cleanup(): Promise<void> {
    const hours = this.options.retainPublishedHours ?? 24 * 7;
    if (Date.now() - this.lastCleanup < 60 * 60 * 1000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(
      `DELETE FROM ${qualified(this.options.schema, 'outbox')} WHERE published_at < now() - make_interval(hours => $1)`,
      [hours],
    );
    // Recorded idempotent results are kept as long as published events.
    await this.dataSource.query(`DELETE FROM ${qualified(this.options.schema, 'idempotency')} WHERE created_at < now() - make_interval(hours => $1)`, [hours]);
    // An inbox row only has to outlive every copy of its event: the stream's, and a week's margin.
    await this.dataSource.query(`DELETE FROM ${qualified(this.options.schema, 'inbox')} WHERE received_at < now() - make_interval(days => $1)`, [EVENT_RETENTION_DAYS + 7]);
  }
}
