import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_STREAM, type EventDefinition } from '@yiti/contracts';
import {
  EventConsumer,
  on,
  OutboxRelay,
  appendAudit,
  appendToOutbox,
  buildEventEnvelope,
  createServiceDataSource,
  listDeadLetters,
  replayDeadLetters,
  runServiceMain,
  sealAuditBatch,
  verifyAuditChains,
  type EventHandler,
  BaseServiceConfig,
  loadConfig,
} from '@yiti/platform';
import { eventBus, platformSchema, pollUntil, TEST_DATABASE_URL, TEST_AUDIT_KEYS, testEnv, testEvent, type TestEventPayload } from '@yiti/testing';

const SCHEMA = 'platform_ops';
const run = randomUUID().slice(0, 8);

describe("operators' commands: dead letters and audit verification", () => {
  let ds: DataSource;
  let nc: NatsConnection;
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    ds = await platformSchema(SCHEMA);
    await ds.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.effect (consumer text NOT NULL, event_id text NOT NULL)`);
    nc = await eventBus('ops-spec');
  });

  afterAll(async () => {
    for (const c of consumers) await c.stop();
    const jsm = await nc.jetstreamManager();
    for (const name of [`ops-${run}-flaky`, `ops-${run}-steady`]) await jsm.consumers.delete(EVENT_STREAM, name).catch(() => undefined);
    await nc?.drain();
    await ds?.destroy();
  });

  const effectsOf = async (consumer: string, eventId: string) =>
    ((await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.effect WHERE consumer = $1 AND event_id = $2`, [consumer, eventId])) as { n: number }[])[0]?.n;

  function startConsumer(name: string, event: EventDefinition<TestEventPayload>, handler: EventHandler<TestEventPayload>): Promise<void> {
    const c = new EventConsumer(ds, nc, { schema: SCHEMA, name, routes: [on(event, handler)], maxDeliver: 2, ackWaitMs: 2000, deliverPolicy: 'new' });
    consumers.push(c);
    return c.start();
  }

  it('replays a dead-lettered event once its fault is mended: only the consumer that gave up applies it, and only once', async () => {
    const event = testEvent(`${run}.ops`);
    const { subject } = event;
    let mended = false;
    const record = (consumer: string) => async (event: { id: string }, em: EntityManager) => {
      await em.query(`INSERT INTO ${SCHEMA}.effect (consumer, event_id) VALUES ($1, $2)`, [consumer, event.id]);
    };
    const flaky = `ops-${run}-flaky`;
    const steady = `ops-${run}-steady`;
    await startConsumer(flaky, event, async (event, em) => {
      if (!mended) throw new Error('the handler has a bug');
      await record(flaky)(event, em);
    });
    await startConsumer(steady, event, record(steady));

    const envelope = buildEventEnvelope({ subject, data: { n: 1 }, countyCode: '320585', correlationId: `corr-${run}` });
    await ds.transaction((em) => appendToOutbox(em, SCHEMA, [envelope]));
    await new OutboxRelay(ds, nc, { schema: SCHEMA }).drain();

    const [dead] = await pollUntil(() => listDeadLetters(ds, SCHEMA), (list) => list.some((d) => d.eventId === envelope.id), { what: 'the dead letter' }).then((list) =>
      list.filter((d) => d.eventId === envelope.id),
    );
    expect(dead).toMatchObject({ consumer: flaky, subject, deliveries: 2, error: expect.stringContaining('the handler has a bug') });
    expect(await effectsOf(steady, envelope.id)).toBe(1);

    mended = true;
    expect(await replayDeadLetters(ds, nc, SCHEMA, [dead?.id as string])).toEqual([{ id: dead?.id, eventId: envelope.id, outcome: 'republished' }]);
    await pollUntil(() => effectsOf(flaky, envelope.id), (n) => n === 1, { what: 'the replayed effect' });
    expect(await effectsOf(steady, envelope.id)).toBe(1); // its inbox dropped the replay
    expect((await listDeadLetters(ds, SCHEMA)).some((d) => d.id === dead?.id)).toBe(false);
    expect(await replayDeadLetters(ds, nc, SCHEMA, [dead?.id as string])).toEqual([]); // replayed once only
  });

  it('verifies every county chain in the schema, or the ones named', async () => {
    const counties = [`ops-a-${run}`, `ops-b-${run}`];
    await ds.transaction((em) =>
      appendAudit(em, SCHEMA, counties.map((countyCode, i) => ({ countyCode, action: 'test.step', resourceType: 'test', resourceId: `r${i}`, after: { i } }))),
    );
    await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
    const all = await verifyAuditChains(ds, SCHEMA, TEST_AUDIT_KEYS);
    expect(all.filter((r) => counties.includes(r.countyCode))).toEqual(counties.map((countyCode) => ({ countyCode, checked: 1, unsealed: 0, skipped: 0, valid: true, brokenAtChainSeq: null })));
    expect(await verifyAuditChains(ds, SCHEMA, TEST_AUDIT_KEYS, [counties[1] as string])).toHaveLength(1);
  });

  it('marks the retained outbox events unpublished for the relay to publish again, and deletes the event stream only when confirmed', async () => {
    const envelope = buildEventEnvelope({ subject: `yiti.v1.events.test.${run}.again`, data: { n: 1 }, countyCode: '320585' });
    await ds.transaction((em) => appendToOutbox(em, SCHEMA, [envelope]));
    await new OutboxRelay(ds, nc, { schema: SCHEMA }).drain();
    const main = (argv: string[]) =>
      runServiceMain({ serviceName: 'ops-spec', schema: SCHEMA, config: loadConfig(BaseServiceConfig, testEnv()), dataSource: () => createServiceDataSource({ url: TEST_DATABASE_URL, schema: SCHEMA, entities: [], migrations: [] }), serve: async () => undefined }, argv);
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      await main(['republish-outbox']);
    } finally {
      log.mockRestore();
    }
    expect(JSON.parse(printed[0] as string).republish).toBeGreaterThanOrEqual(1);
    const [row]: { published_at: Date | null }[] = await ds.query(`SELECT published_at FROM ${SCHEMA}.outbox WHERE id = $1`, [envelope.id]);
    expect(row?.published_at).toBeNull();

    await expect(main(['delete-event-stream'])).rejects.toThrow(/--confirm/);
    expect((await (await nc.jetstreamManager()).streams.info(EVENT_STREAM)).config.name).toBe(EVENT_STREAM);
  });

  it('fails, naming why, when verify-audit has nothing to verify or a replay names a dead letter that does not wait', async () => {
    const mainOf = (schema: string) => (argv: string[]) =>
      runServiceMain({ serviceName: 'ops-spec', schema, config: loadConfig(BaseServiceConfig, testEnv()), dataSource: () => createServiceDataSource({ url: TEST_DATABASE_URL, schema, entities: [], migrations: [] }), serve: async () => undefined }, argv);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(mainOf(SCHEMA)(['verify-audit', '--no-anchors', '999999'])).rejects.toThrow(/no audit rows for county 999999 in ops-spec/);
      await expect(mainOf(SCHEMA)(['replay-dead-letters', '999999999'])).rejects.toThrow(/no dead letter waiting with id 999999999/);
      const empty = `platform_ops_empty_${run.replace(/[^a-z0-9]/g, '')}`;
      await (await platformSchema(empty)).destroy();
      try {
        await expect(mainOf(empty)(['verify-audit', '--no-anchors'])).rejects.toThrow(/ops-spec has no audit rows: nothing verified/);
      } finally {
        await ds.query(`DROP SCHEMA ${empty} CASCADE`);
      }
    } finally {
      log.mockRestore();
    }
  });

  it("answers an unknown command with the service's commands", async () => {
    const main = runServiceMain(
      { serviceName: 'ops-spec', schema: SCHEMA, config: loadConfig(BaseServiceConfig, testEnv()), dataSource: () => ds, serve: async () => undefined },
      ['verify-everything'],
    );
    await expect(main).rejects.toThrow(/unknown command "verify-everything"; ops-spec takes:[\s\S]*verify-audit[\s\S]*replay-dead-letters/);
  });
});
