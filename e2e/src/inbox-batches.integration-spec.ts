import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_STREAM, type EventDefinition } from '@yiti/contracts';
import { EventConsumer, buildEventEnvelope, listDeadLetters, on, type BatchEventHandler, type EventHandler } from '@yiti/platform';
import { eventBus, platformSchema, pollUntil, testEvent, type TestEventPayload } from '@yiti/testing';

const SCHEMA = 'platform_batches';
const run = randomUUID().slice(0, 8);

/** EventConsumer with `batchSize`: several events a transaction, still exactly once each, failures isolated per event. */
describe('inbox batches: a backlog applied several events a transaction', () => {
  let ds: DataSource;
  let nc: NatsConnection;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    ds = await platformSchema(SCHEMA);
    await ds.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.effect (id bigserial PRIMARY KEY, event_id text NOT NULL, subject text NOT NULL, txid bigint NOT NULL)`);
    nc = await eventBus('batch-spec');
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop();
    await nc?.drain();
    await ds?.destroy();
  });

  const applyEffect: EventHandler<TestEventPayload> = async (event, em: EntityManager) => {
    await em.query(`INSERT INTO ${SCHEMA}.effect (event_id, subject, txid) VALUES ($1, $2, txid_current())`, [event.id, event.type]);
  };

  function consumer(name: string, event: EventDefinition<TestEventPayload>, handler: EventHandler<TestEventPayload> = applyEffect, maxDeliver = 10): EventConsumer {
    const c = new EventConsumer(ds, nc, { schema: SCHEMA, name, routes: [on(event, handler)], ackWaitMs: 2000, maxDeliver, batchSize: 32 });
    consumers.push(c);
    return c;
  }

  async function publish(subject: string, count: number, duplicates = 0): Promise<string[]> {
    const js = nc.jetstream();
    const envelopes = Array.from({ length: count }, (_, i) => buildEventEnvelope({ subject, data: { n: i }, countyCode: '320585' }));
    for (const e of envelopes) await js.publish(subject, JSON.stringify(e), { msgID: e.id });
    // Copies that slipped past the broker's duplicate window (another message id).
    for (const e of envelopes.slice(0, duplicates)) await js.publish(subject, JSON.stringify(e), { msgID: randomUUID() });
    return envelopes.map((e) => e.id);
  }

  const effects = async (subject: string) => (await ds.query(`SELECT event_id, count(*)::int AS n, count(DISTINCT txid)::int AS tx FROM ${SCHEMA}.effect WHERE subject = $1 GROUP BY event_id`, [subject])) as { event_id: string; n: number }[];
  const transactions = async (subject: string) => ((await ds.query(`SELECT count(DISTINCT txid)::int AS n FROM ${SCHEMA}.effect WHERE subject = $1`, [subject])) as { n: number }[])[0]?.n ?? 0;
  const ackPending = async (name: string) => (await (await nc.jetstreamManager()).consumers.info(EVENT_STREAM, name)).num_ack_pending;

  it('applies a backlog with duplicates exactly once each, in fewer transactions than events, across a stop and restart', async () => {
    const event = testEvent(`${run}.backlog`);
    const name = `batch-${run}-backlog`;
    // The durable consumer exists before the backlog (as a service that was down).
    const first = consumer(name, event);
    await first.start();
    await first.stop();
    const ids = await publish(event.subject, 300, 40);
    const c1 = consumer(name, event);
    await c1.start();
    await pollUntil(() => effects(event.subject), (rows) => rows.length >= 50, { what: 'part of the backlog' });
    await c1.stop();
    const c2 = consumer(name, event);
    await c2.start();
    const applied = await pollUntil(() => effects(event.subject), (rows) => rows.length === 300, { timeoutMs: 20_000, what: 'the whole backlog' });
    expect(applied.map((r) => r.event_id).sort()).toEqual([...ids].sort());
    expect(applied.every((r) => r.n === 1)).toBe(true);
    expect(await transactions(event.subject)).toBeLessThan(300 / 2);
    const inbox = await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.inbox WHERE consumer = $1`, [name]);
    expect(inbox[0].n).toBe(300);
    await pollUntil(() => ackPending(name), (n) => n === 0, { what: 'every copy acked' });
  });

  it('hands runs of events to the route\'s batch handler, still once each, each with its correlation id', async () => {
    const event = testEvent(`${run}.batched`);
    const name = `batch-${run}-batched`;
    const first = consumer(name, event);
    await first.start();
    await first.stop();
    const ids = await publish(event.subject, 200, 20);
    const calls: number[] = [];
    const correlated: boolean[] = [];
    const batchHandler: BatchEventHandler<TestEventPayload> = async (items, em) => {
      calls.push(items.length);
      await em.query(`INSERT INTO ${SCHEMA}.effect (event_id, subject, txid) SELECT e, $2, txid_current() FROM unnest($1::text[]) AS e`, [items.map((i) => i.event.id), event.subject]);
      correlated.push(...items.map((i) => i.correlationId === i.event.id));
    };
    const c = new EventConsumer(ds, nc, { schema: SCHEMA, name, routes: [on(event, applyEffect, batchHandler)], ackWaitMs: 2000, batchSize: 32 });
    consumers.push(c);
    await c.start();
    const applied = await pollUntil(() => effects(event.subject), (rows) => rows.length === 200, { timeoutMs: 20_000, what: 'the batched backlog' });
    expect(applied.map((r) => r.event_id).sort()).toEqual([...ids].sort());
    expect(applied.every((r) => r.n === 1)).toBe(true);
    expect(calls.some((n) => n > 1)).toBe(true);
    expect(calls.every((n) => n <= 32)).toBe(true);
    expect(correlated.length).toBeGreaterThan(0);
    expect(correlated.every(Boolean)).toBe(true);
  });

  it('isolates a failing event: the rest of its batch is applied once, the failing one dead-lettered with no effect', async () => {
    const event = testEvent(`${run}.poison`);
    const name = `batch-${run}-poison`;
    const first = consumer(name, event);
    await first.start();
    await first.stop();
    const ids = await publish(event.subject, 50);
    const poison = ids[17] as string;
    const failing: EventHandler<TestEventPayload> = async (e, em) => {
      if (e.id === poison) throw new Error('simulated handler failure');
      await applyEffect(e, em);
    };
    await consumer(name, event, failing, 2).start();
    const applied = await pollUntil(() => effects(event.subject), (rows) => rows.length === 49, { timeoutMs: 20_000, what: 'all but the failing event' });
    expect(applied.map((r) => r.event_id)).not.toContain(poison);
    expect(applied.every((r) => r.n === 1)).toBe(true);
    const dead = await pollUntil(() => listDeadLetters(ds, SCHEMA), (list) => list.some((d) => d.eventId === poison), { timeoutMs: 20_000, what: 'the dead letter' });
    expect(dead.filter((d) => d.eventId === poison)).toEqual([expect.objectContaining({ consumer: name, error: expect.stringContaining('simulated handler failure') })]);
    const inbox = await ds.query(`SELECT event_id FROM ${SCHEMA}.inbox WHERE consumer = $1 AND event_id = $2`, [name, poison]);
    expect(inbox).toEqual([]);
  });
});
