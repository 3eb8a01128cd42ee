import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_STREAM, HEADER_CORRELATION_ID, eventFilter, type EventDefinition, type EventEnvelope } from '@yiti/contracts';
import { qualified } from '../database/sql';
import { runWithContext } from '../context/request-context';
import { DomainException } from '../errors/domain-exception';
import { validatedInstance } from '../errors/validation';
import { EVENT_HANDLING } from '../metrics/metrics';
import { endSpan, extractTraceContext, SpanKind, startSpan, tracingEnabled, withSpan, type Span } from '../tracing/tracing';

export type EventHandler<T = unknown> = (event: EventEnvelope<T>, em: EntityManager) => Promise<void>;

/** An event of a batch with the correlation id it came with (run the audit of it in that context). */
export interface BatchItem<T = unknown> {
  event: EventEnvelope<T>;
  correlationId: string;
}

/** Applies consecutive events of one kind at once (a consumer with `batchSize`); the same effect as `handle` on each. */
export type BatchEventHandler<T = unknown> = (items: readonly BatchItem<T>[], em: EntityManager) => Promise<void>;

/** What a consumer does with one kind of event. */
export interface EventRoute<P = unknown> {
  event: EventDefinition<P>;
  handle: EventHandler<P>;
  handleBatch?: BatchEventHandler<P>;
}

/** A route of any event (a handler of P takes no other payload; the consumer calls it only with one). */
export type AnyEventRoute = { event: EventDefinition<unknown>; handle: EventHandler<never>; handleBatch?: BatchEventHandler<never> };

/**
 * Routes one event definition to its handler; the handler sees the payload validated against the
 * definition's class. `handleBatch`, when given, applies a run of such events in one go inside a
 * batch (a consumer with `batchSize`), with the same effect as `handle` on each.
 */
export function on<P>(event: EventDefinition<P>, handle: EventHandler<P>, handleBatch?: BatchEventHandler<P>): EventRoute<P> {
  return { event, handle, handleBatch };
}

export interface EventConsumerOptions {
  schema: string;
  /** Durable consumer name; also the inbox's consumer key. */
  name: string;
  /** The events this consumer applies; its subject filter is the narrowest that catches them all. */
  routes: readonly AnyEventRoute[];
  maxDeliver?: number;
  ackWaitMs?: number;
  /** 'all' catches up on the stream's history when the consumer is first created. */
  deliverPolicy?: 'all' | 'new';
  /** Let the server delete the durable consumer after this long without a client (test and shared deployments). */
  inactiveThresholdMs?: number;
  onError?: (error: unknown, event: { subject: string; deliveries: number }) => void;
  /**
   * Events applied in one transaction when several are waiting (default 1: one transaction each).
   * The inbox rows and every handler's effects of a batch commit together, so exactly-once holds as
   * for a single event; a handler that fails rolls the batch back, and its events are then applied
   * one by one (retries and dead letters per event, as without batching). For consumers that drain
   * backlogs, and whose handlers only write through the EntityManager they are given.
   */
  batchSize?: number;
}

/** Durable consumer names are per deployment: a subject prefix (shared NATS, tests) becomes part of the name. */
export function durableConsumerName(prefix: string, serviceName: string, purpose: string): string {
  return `${prefix.replace(/\.$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}${prefix ? '_' : ''}${serviceName}_${purpose}`;
}

/** Why an event is refused before its handler runs: retrying it cannot help, so it is dead-lettered at once. */
class UnacceptableEvent extends Error {}

/** The event's payload as its definition's class, or UnacceptableEvent naming every field that is wrong. */
async function validPayload<P>(definition: EventDefinition<P>, data: unknown): Promise<P> {
  try {
    return (await validatedInstance(definition.payload as new () => object, data ?? {})) as P;
  } catch (error) {
    if (!(error instanceof DomainException)) throw error;
    const fields = (error.errors ?? []).map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | ');
    throw new UnacceptableEvent(`payload does not match ${definition.subject}: ${fields || error.message}`);
  }
}

export type InboxOutcome = 'applied' | 'duplicate';

/** An event read, checked and routed, waiting to be applied. */
interface ReadyEvent {
  msg: JsMsg;
  event: EventEnvelope;
  handle: EventHandler;
  handleBatch?: BatchEventHandler;
  correlationId: string;
  deliveries: number;
  /** The event definition's subject (the handler metrics' label). */
  eventSubject: string;
}

/**
 * Applies a batch of events at most once each per consumer, in one transaction: the inbox rows of
 * the batch in one statement, then the handler of each event not already in the inbox, in order.
 * Any failure rolls back the whole batch (nothing of it applied, no inbox row written).
 */
export async function applyBatchOnce(
  dataSource: DataSource,
  schema: string,
  consumer: string,
  events: readonly { event: EventEnvelope; subject: string; handle: EventHandler; handleBatch?: BatchEventHandler; correlationId: string }[],
): Promise<number> {
  return dataSource.transaction(async (em) => {
    const inserted: { event_id: string }[] = await em.query(
      `INSERT INTO ${qualified(schema, 'inbox')} (consumer, event_id, subject) SELECT $1, e.id, e.subject FROM unnest($2::text[], $3::text[]) AS e(id, subject) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, events.map((e) => e.event.id), events.map((e) => e.subject)],
    );
    const fresh = new Set(inserted.map((r) => r.event_id));
    // Already applied (an earlier delivery), or the same event twice in the batch: once only.
    const todo = events.filter((e) => fresh.delete(e.event.id));
    for (let i = 0; i < todo.length; ) {
      const first = todo[i] as (typeof todo)[number];
      const batch = first.handleBatch;
      if (!batch) {
        await runWithContext({ correlationId: first.correlationId }, () => first.handle(first.event, em));
        i++;
        continue;
      }
      let end = i + 1;
      while (end < todo.length && todo[end]?.handleBatch === batch) end++;
      await runWithContext({ correlationId: first.correlationId }, () => batch(todo.slice(i, end).map((e) => ({ event: e.event, correlationId: e.correlationId })), em));
      i = end;
    }
    return todo.length;
  });
}

/**
 * Applies an event at most once per consumer: the inbox row and the handler's effect commit in one
 * transaction, so a redelivery after a crash finds the row and does nothing.
 */
export async function applyOnce(dataSource: DataSource, schema: string, consumer: string, event: EventEnvelope, subject: string, handler: EventHandler): Promise<InboxOutcome> {
  return dataSource.transaction(async (em) => {
    const inserted: unknown[] = await em.query(
      `INSERT INTO ${qualified(schema, 'inbox')} (consumer, event_id, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, event.id, subject],
    );
    if (inserted.length === 0) return 'duplicate';
    await handler(event, em);
    return 'applied';
  });
}

/** A durable JetStream pull consumer whose handler runs through the inbox. */
export class EventConsumer {
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;

  private readonly subject: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly options: EventConsumerOptions,
  ) {
    this.subject = eventFilter(options.routes.map((r) => r.event));
  }

  async start(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    const config = {
      durable_name: this.options.name,
      filter_subject: this.subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: this.options.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      max_deliver: this.options.maxDeliver ?? 10,
      ack_wait: (this.options.ackWaitMs ?? 30_000) * 1e6,
      ...(this.options.inactiveThresholdMs ? { inactive_threshold: this.options.inactiveThresholdMs * 1e6 } : {}),
    };
    try {
      await jsm.consumers.info(EVENT_STREAM, this.options.name);
    } catch {
      await jsm.consumers.add(EVENT_STREAM, config);
    }
    const consumer = await this.nc.jetstream().consumers.get(EVENT_STREAM, this.options.name);
    const batchSize = Math.max(1, this.options.batchSize ?? 1);
    this.messages = await consumer.consume({ max_messages: Math.max(64, 2 * batchSize) });
    const messages = this.messages;
    this.loop =
      batchSize > 1
        ? this.batchedLoop(messages, batchSize)
        : (async () => {
            for await (const msg of messages) await this.handle(msg);
          })();
  }

  /**
   * A reader queues the messages as they arrive (at most a few batches ahead); a worker applies
   * what has queued, up to `batchSize` at a time. Under a backlog the queue fills while a batch
   * commits; when idle, a message waits one event-loop turn for the ones arriving with it.
   */
  private async batchedLoop(messages: ConsumerMessages, batchSize: number): Promise<void> {
    const queue: JsMsg[] = [];
    let readerDone = false;
    // Resolvers of the worker waiting for a message and of the reader waiting for room.
    const waiting: { wake?: () => void; space?: () => void } = {};
    const wake = () => {
      waiting.wake?.();
      waiting.wake = undefined;
    };
    const reader = (async () => {
      try {
        for await (const msg of messages) {
          queue.push(msg);
          wake();
          if (queue.length >= 4 * batchSize) await new Promise<void>((resolve) => (waiting.space = resolve));
        }
      } finally {
        readerDone = true;
        wake();
      }
    })();
    for (;;) {
      if (queue.length === 0) {
        if (readerDone) break;
        await new Promise<void>((resolve) => (waiting.wake = resolve));
        continue;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
      const batch = queue.splice(0, batchSize);
      waiting.space?.();
      waiting.space = undefined;
      await this.handleBatch(batch);
    }
    await reader;
  }

  async stop(): Promise<void> {
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
    this.messages = null;
    this.loop = null;
  }

  private async handle(msg: JsMsg): Promise<void> {
    const ready = await this.prepare(msg);
    if (ready) await this.applyOne(ready);
  }

  /** Several events in one transaction; if that fails, each on its own. */
  private async handleBatch(msgs: readonly JsMsg[]): Promise<void> {
    const ready: ReadyEvent[] = [];
    for (const msg of msgs) {
      const prepared = await this.prepare(msg);
      if (prepared) ready.push(prepared);
    }
    if (ready.length <= 1) {
      for (const r of ready) await this.applyOne(r);
      return;
    }
    const started = process.hrtime.bigint();
    // Each event's trace gets its consumer span; the batch's own queries belong to none of them alone.
    const spans = ready.map((r) => this.processSpan(r.msg, r.event, ready.length));
    try {
      await applyBatchOnce(
        this.dataSource,
        this.options.schema,
        this.options.name,
        ready.map((r) => ({ event: r.event, subject: r.msg.subject, handle: r.handle, handleBatch: r.handleBatch, correlationId: r.correlationId })),
      );
    } catch (error) {
      for (const span of spans) endSpan(span, error);
      // Nothing of the batch was written: apply its events one by one, each retried or dead-lettered on its own.
      for (const r of ready) await this.applyOne(r);
      return;
    }
    for (const span of spans) endSpan(span);
    // A batch commits as one: each event is counted with its share of the batch's time.
    const share = Number(process.hrtime.bigint() - started) / 1e9 / ready.length;
    for (const r of ready) EVENT_HANDLING.duration.observe({ consumer: this.options.name, subject: r.eventSubject, outcome: 'ok' }, share);
    for (const r of ready) r.msg.ack();
  }

  /** The event parsed, routed and validated; null when it was settled here (not ours: acked; unacceptable: dead-lettered). */
  private async prepare(msg: JsMsg): Promise<ReadyEvent | null> {
    const deliveries = msg.info.redeliveryCount;
    let event: EventEnvelope;
    let route: AnyEventRoute | undefined;
    let eventId: string | null = null;
    try {
      event = JSON.parse(msg.string()) as EventEnvelope;
      if (typeof event.id !== 'string' || typeof event.type !== 'string') throw new UnacceptableEvent('event has no id or type');
      eventId = event.id;
      route = this.options.routes.find((r) => r.event.matches(event.type));
      // An event of a kind this consumer does not apply (a newer version, a sibling under its filter) is none of its business.
      if (!route) {
        msg.ack();
        return null;
      }
      event = { ...event, data: await validPayload(route.event, event.data) };
    } catch (error) {
      await this.deadLetter(msg, eventId, error, deliveries);
      msg.term();
      return null;
    }
    const correlationId = msg.headers?.get(HEADER_CORRELATION_ID) || event.correlationId || event.id;
    // Inbox lag: from the event stored in JetStream to its handling here.
    EVENT_HANDLING.lag.observe({ consumer: this.options.name }, Math.max(0, Date.now() - msg.info.timestampNanos / 1e6) / 1000);
    return { msg, event, handle: route.handle as EventHandler, handleBatch: route.handleBatch as BatchEventHandler | undefined, correlationId, deliveries, eventSubject: route.event.subject };
  }

  private async applyOne({ msg, event, handle, correlationId, deliveries, eventSubject }: ReadyEvent): Promise<void> {
    const consumer = this.options.name;
    const stop = EVENT_HANDLING.duration.startTimer({ consumer, subject: eventSubject });
    const span = this.processSpan(msg, event);
    try {
      await withSpan(span, () => runWithContext({ correlationId }, () => applyOnce(this.dataSource, this.options.schema, consumer, event, msg.subject, handle)));
      endSpan(span);
      stop({ outcome: 'ok' });
      msg.ack();
    } catch (error) {
      endSpan(span, error);
      stop({ outcome: 'error' });
      this.options.onError?.(error, { subject: msg.subject, deliveries });
      if (deliveries >= (this.options.maxDeliver ?? 10)) {
        await this.deadLetter(msg, event.id, error, deliveries);
        msg.term();
      } else {
        msg.nak(Math.min(30_000, 250 * 2 ** deliveries));
      }
    }
  }

  /** A consumer span continuing the trace the message carries (the relay's publish, and the request that wrote the event before it), when tracing is on. */
  private processSpan(msg: JsMsg, event: EventEnvelope, batchSize?: number): Span | undefined {
    if (!tracingEnabled()) return undefined;
    const attributes: Record<string, string | number> = { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject, 'messaging.consumer.group.name': this.options.name, 'messaging.message.id': event.id };
    if (batchSize !== undefined) attributes['messaging.batch.message_count'] = batchSize;
    return startSpan(`${msg.subject} process`, SpanKind.CONSUMER, attributes, extractTraceContext(msg.headers));
  }

  private async deadLetter(msg: JsMsg, eventId: string | null, error: unknown, deliveries: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${qualified(this.options.schema, 'dead_letter')} (consumer, event_id, subject, payload, error, deliveries) VALUES ($1, $2, $3, $4, $5, $6)`,
      [this.options.name, eventId, msg.subject, msg.string(), error instanceof UnacceptableEvent ? error.message : String(error instanceof Error ? error.stack ?? error.message : error), deliveries],
    );
  }
}
