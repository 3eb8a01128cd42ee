import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_STREAM, defineEvent, type EventDefinition } from '@yiti/contracts';
import {
  EventConsumer,
  on,
  OutboxRelay,
  appendAudit,
  appendToOutbox,
  buildEventEnvelope,
  listDeadLetters,
  sealAuditBatch,
  verifyAuditChain,
  type EventHandler,
} from '@yiti/platform';
import { eventBus, platformSchema, pollUntil, testEvent, TestEventPayload, TEST_AUDIT_KEYS } from '@yiti/testing';

const SCHEMA = 'platform_fault';
const run = randomUUID().slice(0, 8);

/** A relay that dies after publishing and before marking rows published. */
class RelayDyingAfterPublish extends OutboxRelay {
  protected override async markPublished(): Promise<void> {
    throw new Error('simulated crash between publish and mark');
  }
}

describe('outbox → JetStream → inbox, under faults', () => {
  let ds: DataSource;
  let nc: NatsConnection;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    ds = await platformSchema(SCHEMA);
    await ds.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.effect (id bigserial PRIMARY KEY, event_id text NOT NULL, subject text NOT NULL)`);
    nc = await eventBus('fault-spec');
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop();
    await nc?.drain();
    await ds?.destroy();
  });

  const applyEffect: EventHandler<TestEventPayload> = async (event, em: EntityManager) => {
    await em.query(`INSERT INTO ${SCHEMA}.effect (event_id, subject) VALUES ($1, $2)`, [event.id, event.type]);
  };

  async function writeEvents(subject: string, count: number): Promise<string[]> {
    const envelopes = Array.from({ length: count }, (_, i) => buildEventEnvelope({ subject, data: { n: i }, countyCode: '320585' }));
    await ds.transaction((em) => appendToOutbox(em, SCHEMA, envelopes));
    return envelopes.map((e) => e.id);
  }

  function consumer(name: string, event: EventDefinition<TestEventPayload>, handler: EventHandler<TestEventPayload> = applyEffect): EventConsumer {
    const c = new EventConsumer(ds, nc, { schema: SCHEMA, name, routes: [on(event, handler)], ackWaitMs: 2000 });
    consumers.push(c);
    return c;
  }

  async function effectsBySubject(subject: string): Promise<Map<string, number>> {
    const rows: { event_id: string; n: string }[] = await ds.query(`SELECT event_id, count(*) AS n FROM ${SCHEMA}.effect WHERE subject = $1 GROUP BY event_id`, [subject]);
    return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
  }

  async function messagesInStream(subject: string): Promise<number> {
    const info = await (await nc.jetstreamManager()).streams.info(EVENT_STREAM, { subjects_filter: subject });
    return (info.state.subjects as Record<string, number> | undefined)?.[subject] ?? 0;
  }

  it('delivers exactly once an event published while its consumer was down', async () => {
    const event = testEvent(`${run}.down`);
    const { subject } = event;
    const relay = new OutboxRelay(ds, nc, { schema: SCHEMA });
    const first = await writeEvents(subject, 1);
    expect(await relay.drain()).toBeGreaterThanOrEqual(1);

    const name = `fault-${run}-down`;
    const c1 = consumer(name, event);
    await c1.start();
    await pollUntil(() => effectsBySubject(subject), (m) => m.size === 1, { what: 'first effect' });
    await c1.stop();

    const later = await writeEvents(subject, 2);
    await relay.drain();
    const c2 = consumer(name, event);
    await c2.start();
    const effects = await pollUntil(() => effectsBySubject(subject), (m) => m.size === 3, { what: 'effects after restart' });
    expect([...effects.keys()].sort()).toEqual([...first, ...later].sort());
    expect([...effects.values()]).toEqual([1, 1, 1]);
  });

  it('has no second effect when the relay dies between publish and mark', async () => {
    const event = testEvent(`${run}.crash`);
    const { subject } = event;
    const errors: unknown[] = [];
    const [id] = await writeEvents(subject, 1);
    await new RelayDyingAfterPublish(ds, nc, { schema: SCHEMA, onError: (e) => errors.push(e) }).drain();
    expect(errors).toHaveLength(1);
    const pending: { published_at: Date | null }[] = await ds.query(`SELECT published_at FROM ${SCHEMA}.outbox WHERE id = $1`, [id]);
    expect(pending[0].published_at).toBeNull();

    await new OutboxRelay(ds, nc, { schema: SCHEMA }).drain();
    const marked: { published_at: Date | null }[] = await ds.query(`SELECT published_at FROM ${SCHEMA}.outbox WHERE id = $1`, [id]);
    expect(marked[0].published_at).not.toBeNull();
    expect(await messagesInStream(subject)).toBe(1);

    await consumer(`fault-${run}-crash`, event).start();
    const effects = await pollUntil(() => effectsBySubject(subject), (m) => m.size === 1, { what: 'effect' });
    expect(effects.get(id as string)).toBe(1);
  });

  it('applies a duplicate that slipped past the broker only once (inbox)', async () => {
    const event = testEvent(`${run}.dup`);
    const { subject } = event;
    const envelope = buildEventEnvelope({ subject, data: { n: 1 }, countyCode: '320585' });
    const js = nc.jetstream();
    await js.publish(subject, JSON.stringify(envelope), { msgID: randomUUID() });
    await js.publish(subject, JSON.stringify(envelope), { msgID: randomUUID() });
    expect(await messagesInStream(subject)).toBe(2);

    const c = consumer(`fault-${run}-dup`, event);
    await c.start();
    await pollUntil(async () => (await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.inbox WHERE consumer = $1`, [`fault-${run}-dup`]))[0].n as number, (n) => n === 1, { what: 'inbox row' });
    await pollUntil(async () => (await (await nc.jetstreamManager()).consumers.info(EVENT_STREAM, `fault-${run}-dup`)).num_ack_pending, (n) => n === 0, { what: 'both copies acked' });
    expect((await effectsBySubject(subject)).get(envelope.id)).toBe(1);
  });

  it('dead-letters a payload of the wrong shape at once, with its reason, and goes on with the next event', async () => {
    const event = testEvent(`${run}.shape`);
    const { subject } = event;
    const bad = buildEventEnvelope({ subject, data: { n: 'seven', extra: true }, countyCode: '320585' });
    const good = buildEventEnvelope({ subject, data: { n: 7 }, countyCode: '320585' });
    await ds.transaction((em) => appendToOutbox(em, SCHEMA, [bad, good]));
    await new OutboxRelay(ds, nc, { schema: SCHEMA }).drain();
    let calls = 0;
    await consumer(`fault-${run}-shape`, event, async (e, em) => {
      calls++;
      await applyEffect(e, em);
    }).start();

    const effects = await pollUntil(() => effectsBySubject(subject), (m) => m.size === 1, { what: 'the good event applied' });
    expect(effects.get(good.id)).toBe(1);
    const [dead] = (await pollUntil(() => listDeadLetters(ds, SCHEMA), (list) => list.some((d) => d.eventId === bad.id), { what: 'the dead letter' })).filter((d) => d.eventId === bad.id);
    expect(dead).toMatchObject({ consumer: `fault-${run}-shape`, subject, deliveries: 1 });
    expect(dead?.error).toContain(`payload does not match ${subject}`);
    expect(dead?.error).toMatch(/n: .*integer/);
    expect(dead?.error).toContain('extra');
    expect(calls).toBe(1); // the handler never saw the bad payload
  });

  it('leaves alone an event of a kind it does not apply (a newer version under its filter)', async () => {
    const v1 = testEvent(`${run}.versions`);
    const v2 = defineEvent('test', `${run}.versions`, 2, TestEventPayload);
    const other = defineEvent('test', `${run}.versions.sibling`, 1, TestEventPayload);
    const c = new EventConsumer(ds, nc, { schema: SCHEMA, name: `fault-${run}-versions`, routes: [on(v1, applyEffect), on(other, applyEffect)], ackWaitMs: 2000 });
    consumers.push(c);
    const newer = buildEventEnvelope({ subject: v2.subject, data: { n: 2 }, countyCode: '320585' });
    const older = buildEventEnvelope({ subject: v1.subject, data: { n: 1 }, countyCode: '320585' });
    await ds.transaction((em) => appendToOutbox(em, SCHEMA, [newer, older]));
    await new OutboxRelay(ds, nc, { schema: SCHEMA }).drain();
    await c.start();

    await pollUntil(() => effectsBySubject(v1.subject), (m) => m.get(older.id) === 1, { what: 'the v1 event applied' });
    await pollUntil(async () => (await (await nc.jetstreamManager()).consumers.info(EVENT_STREAM, `fault-${run}-versions`)).num_ack_pending, (n) => n === 0, { what: 'both acked' });
    expect((await effectsBySubject(v2.subject)).size).toBe(0);
    expect((await listDeadLetters(ds, SCHEMA)).some((d) => d.eventId === newer.id)).toBe(false);
  });

  it('retries a failing handler and then applies the event once', async () => {
    const event = testEvent(`${run}.retry`);
    const { subject } = event;
    let calls = 0;
    const flaky: EventHandler<TestEventPayload> = async (event, em) => {
      calls++;
      await applyEffect(event, em);
      if (calls === 1) throw new Error('transient failure after the effect was written');
    };
    const [id] = await writeEvents(subject, 1);
    await new OutboxRelay(ds, nc, { schema: SCHEMA }).drain();
    await consumer(`fault-${run}-retry`, event, flaky).start();
    await pollUntil(() => effectsBySubject(subject), (m) => m.get(id as string) === 1, { what: 'effect after retry' });
    expect(calls).toBe(2);
  });

  it('forgets inbox rows only once the stream can no longer hand their events out (90 days and a week)', async () => {
    const consumer = `fault-${run}-retention`;
    await ds.query(
      `INSERT INTO ${SCHEMA}.inbox (consumer, event_id, subject, received_at) VALUES ($1, 'old', 's', now() - interval '98 days'), ($1, 'kept', 's', now() - interval '96 days')`,
      [consumer],
    );
    await new OutboxRelay(ds, nc, { schema: SCHEMA }).drain(); // a relay's first pass cleans up
    const rows: { event_id: string }[] = await ds.query(`SELECT event_id FROM ${SCHEMA}.inbox WHERE consumer = $1`, [consumer]);
    expect(rows.map((r) => r.event_id)).toEqual(['kept']);
  });

  it('seals audit rows into a per-county chain, refuses changes, and detects tampering', async () => {
    const county = `fault-${randomUUID()}`; // the chain key is free text; unique so reruns never share a chain
    await ds.transaction((em) =>
      appendAudit(em, SCHEMA, [1, 2].map((n) => ({ countyCode: county, action: `test.step${n}`, resourceType: 'test', resourceId: `r${n}`, after: { n } }))),
    );
    await expect(ds.query(`UPDATE ${SCHEMA}.audit_log SET action = 'x' WHERE county_code = $1`, [county])).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(ds, SCHEMA, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: true, checked: 0, unsealed: 2 });

    await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
    await ds.transaction((em) => appendAudit(em, SCHEMA, [{ countyCode: county, action: 'test.step3', resourceType: 'test', resourceId: 'r3', after: { n: 3 } }]));
    await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
    expect(await verifyAuditChain(ds, SCHEMA, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: true, checked: 3, unsealed: 0 });

    await expect(ds.query(`UPDATE ${SCHEMA}.audit_seal SET hash = md5('x') WHERE county_code = $1`, [county])).rejects.toThrow(/audit_seal is append-only/);
    await expect(ds.query(`DELETE FROM ${SCHEMA}.audit_seal WHERE county_code = $1`, [county])).rejects.toThrow(/audit_seal is append-only/);
    await expect(ds.query(`DELETE FROM ${SCHEMA}.audit_log WHERE county_code = $1`, [county])).rejects.toThrow(/audit_log is append-only/);

    await ds.transaction(async (em) => {
      await em.query(`ALTER TABLE ${SCHEMA}.audit_log DISABLE TRIGGER audit_log_no_update`);
      await em.query(
        `UPDATE ${SCHEMA}.audit_log a SET after = '{"n": 20}' FROM ${SCHEMA}.audit_seal s WHERE s.seq = a.seq AND s.county_code = $1 AND s.chain_seq = 2`,
        [county],
      );
      await em.query(`ALTER TABLE ${SCHEMA}.audit_log ENABLE TRIGGER audit_log_no_update`);
    });
    expect(await verifyAuditChain(ds, SCHEMA, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: false, brokenAtChainSeq: '2' });
  });
});
