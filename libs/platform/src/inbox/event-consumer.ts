import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_STREAM, HEADER_CORRELATION_ID, eventFilter, type EventDefinition, type EventEnvelope } from '@yiti/contracts';
import { qualified } from '../database/sql';
import { runWithContext } from '../context/request-context';
import { DomainException } from '../errors/domain-exception';
import { validatedInstance } from '../errors/validation';
import { EVENT_HANDLING } from '../metrics/metrics';

export type EventHandler<T = unknown> = (event: EventEnvelope<T>, em: EntityManager) => Promise<void>;

/** What a consumer does with one kind of event. */
export interface EventRoute<P = unknown> {
  event: EventDefinition<P>;
  handle: EventHandler<P>;
}

/** A route of any event (a handler of P takes no other payload; the consumer calls it only with one). */
export type AnyEventRoute = { event: EventDefinition<unknown>; handle: EventHandler<never> };

/** Routes one event definition to its handler; the handler sees the payload validated against the definition's class. */
export function on<P>(event: EventDefinition<P>, handle: EventHandler<P>): EventRoute<P> {
  return { event, handle };
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
    this.messages = await consumer.consume({ max_messages: 64 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const msg of messages) await this.handle(msg);
    })();
  }

  async stop(): Promise<void> {
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
    this.messages = null;
    this.loop = null;
  }

  private async handle(msg: JsMsg): Promise<void> {
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
        return;
      }
      event = { ...event, data: await validPayload(route.event, event.data) };
    } catch (error) {
      await this.deadLetter(msg, eventId, error, deliveries);
      msg.term();
      return;
    }
    const correlationId = msg.headers?.get(HEADER_CORRELATION_ID) || event.correlationId || event.id;
    const handle = route.handle as EventHandler;
    const consumer = this.options.name;
    const subject = route.event.subject;
    EVENT_HANDLING.lag.observe({ consumer }, Math.max(0, Date.now() - msg.info.timestampNanos / 1e6) / 1000);
    const stop = EVENT_HANDLING.duration.startTimer({ consumer, subject });
    try {
      await runWithContext({ correlationId }, () => applyOnce(this.dataSource, this.options.schema, consumer, event, msg.subject, handle));
      stop({ outcome: 'ok' });
      msg.ack();
    } catch (error) {
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

  private async deadLetter(msg: JsMsg, eventId: string | null, error: unknown, deliveries: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${qualified(this.options.schema, 'dead_letter')} (consumer, event_id, subject, payload, error, deliveries) VALUES ($1, $2, $3, $4, $5, $6)`,
      [this.options.name, eventId, msg.subject, msg.string(), error instanceof UnacceptableEvent ? error.message : String(error instanceof Error ? error.stack ?? error.message : error), deliveries],
    );
  }
}
