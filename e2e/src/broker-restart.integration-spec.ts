import { connect, type NatsConnection } from 'nats';
import { EVENT_STREAM, IDENTITY_EVENTS, type EventEnvelope, type OrganisationCreatedEvent } from '@yiti/contracts';
import { PrivateNatsServer, login, pollUntil, startPlatform, type RunningPlatform } from '@yiti/testing';

/** The broker goes away and comes back: requests fail cleanly meanwhile, and nothing is lost. */
describe('NATS restart', () => {
  let nats: PrivateNatsServer;
  let platform: RunningPlatform;

  beforeAll(async () => {
    nats = await PrivateNatsServer.start();
    platform = await startPlatform({ NATS_URL: nats.url, RPC_TIMEOUT_MS: '1500' });
  });

  afterAll(async () => {
    await platform?.close();
    await nats?.stop();
  });

  async function organisationEvents(nc: NatsConnection, id: string): Promise<EventEnvelope<OrganisationCreatedEvent>[]> {
    const consumer = await nc.jetstream().consumers.get(EVENT_STREAM, { filterSubjects: IDENTITY_EVENTS.organisationCreated });
    const pending = (await consumer.info()).num_pending;
    const found: EventEnvelope<OrganisationCreatedEvent>[] = [];
    for (let i = 0; i < pending; i++) {
      const msg = await consumer.next({ expires: 2000 });
      if (!msg) break;
      const event = JSON.parse(msg.string()) as EventEnvelope<OrganisationCreatedEvent>;
      if (event.data.id === id) found.push(event);
    }
    return found;
  }

  it('answers 503/504 problem+json while the broker is down, then serves again and publishes the events', async () => {
    const token = await login(platform, 'taicang.admin');
    const auth = { Authorization: `Bearer ${token}` };
    const suffix = Date.now().toString(36).toUpperCase();
    const before = await platform.http().post('/api/v1/organisations').set(auth).send({ code: `NR-A-${suffix}`, name: '重启前机构', kind: 'town_functional_institution', jurisdictionCode: '320585101' });
    expect(before.status).toBe(201);

    await nats.stop();
    const during = await platform.http().post('/api/v1/organisations').set(auth).send({ code: `NR-B-${suffix}`, name: '中断期间机构', kind: 'town_functional_institution', jurisdictionCode: '320585101' });
    expect([503, 504]).toContain(during.status);
    expect(during.headers['content-type']).toMatch(/problem\+json/);
    expect(['SERVICE_UNAVAILABLE', 'UPSTREAM_TIMEOUT']).toContain(during.body.code);

    await nats.restart();
    const after = await pollUntil(
      () => platform.http().post('/api/v1/organisations').set(auth).send({ code: `NR-C-${suffix}`, name: '恢复后机构', kind: 'town_functional_institution', jurisdictionCode: '320585101' }),
      (res) => res.status !== 503 && res.status !== 504,
      { timeoutMs: 20_000, intervalMs: 250, what: 'the platform to reconnect' },
    );
    expect(after.status).toBe(201);

    const nc = await connect({ servers: nats.url });
    try {
      const eventsBefore = await pollUntil(() => organisationEvents(nc, before.body.id), (e) => e.length > 0, { timeoutMs: 15_000, what: 'the pre-restart event' });
      const eventsAfter = await pollUntil(() => organisationEvents(nc, after.body.id), (e) => e.length > 0, { timeoutMs: 15_000, what: 'the post-restart event' });
      expect(eventsBefore).toHaveLength(1);
      expect(eventsAfter).toHaveLength(1);
      expect(eventsAfter[0]?.data).toMatchObject({ code: `NR-C-${suffix}`, jurisdictionCode: '320585101' });
    } finally {
      await nc.close();
    }
  });
});
