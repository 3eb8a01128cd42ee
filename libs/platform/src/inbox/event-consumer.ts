import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_STREAM, HEADER_CORRELATION_ID, type EventEnvelope } from '@yiti/contracts';
import { qualified } from '../database/sql';
import { runWithContext } from '../context/request-context';

export type EventHandler<T = unknown> = (event: EventEnvelope<T>, em: EntityManager) => Promise<void>;

export interface EventConsumerOptions {
  schema: string;
  /** Durable consumer name; also the inbox's consumer key. */
  name: string;
  /** One subject or wildcard (nats-server 2.9 allows one filter per consumer). */
  subject: string;
  handler: EventHandler;
  maxDeliver?: number;
  ackWaitMs?: number;
  /** 'all' catches up on the stream's history when the consumer is first created. */
  deliverPolicy?: 'all' | 'new';
  /** Let the server delete the durable consumer after this long without a client (test and shared deployments). */
  inactiveThresholdMs?: number;
  onError?: (error: unknown, event: { subject: string; deliveries: number }) => void;
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

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly options: EventConsumerOptions,
  ) {}

  async start(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    const config = {
      durable_name: this.options.name,
      filter_subject: this.options.subject,
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
    try {
      event = JSON.parse(msg.string()) as EventEnvelope;
      if (typeof event.id !== 'string') throw new Error('event has no id');
    } catch (error) {
      await this.deadLetter(msg, null, error, deliveries);
      msg.term();
      return;
    }
    const correlationId = msg.headers?.get(HEADER_CORRELATION_ID) || event.correlationId || event.id;
    try {
      await runWithContext({ correlationId }, () => applyOnce(this.dataSource, this.options.schema, this.options.name, event, msg.subject, this.options.handler));
      msg.ack();
    } catch (error) {
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
      [this.options.name, eventId, msg.subject, msg.string(), String(error instanceof Error ? error.stack ?? error.message : error), deliveries],
    );
  }
}
