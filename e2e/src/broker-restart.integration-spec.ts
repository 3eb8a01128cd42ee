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

  /** The organisation.created events for one organisation, read message by message from the stream itself. */
  async function organisationEvents(nc: NatsConnection, id: string): Promise<EventEnvelope<OrganisationCreatedEvent>[]> {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(EVENT_STREAM);
    const found: EventEnvelope<OrganisationCreatedEvent>[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const msg = await jsm.streams.getMessage(EVENT_STREAM, { seq }).catch(() => null);
      if (!msg || msg.subject !== IDENTITY_EVENTS.organisationCreated.subject) continue;
      const event = msg.json<EventEnvelope<OrganisationCreatedEvent>>();
      if (event.data.id === id) found.push(event);
    }
    return found;
  }

  it('refuses requests with 503 problem+json while the broker is down, sends none of them later, then serves again and publishes the events', async () => {
    const token = await login(platform, 'taicang.admin');
    const auth = { Authorization: `Bearer ${token}` };
    const suffix = Date.now().toString(36).toUpperCase();
    const before = await platform.http().post('/api/v1/organisations').set(auth).send({ code: `NR-A-${suffix}`, name: '重启前机构', kind: 'town_functional_institution', jurisdictionCode: '320585101' });
    expect(before.status).toBe(201);

    await nats.stop();
    const during = await platform.http().post('/api/v1/organisations').set(auth).send({ code: `NR-B-${suffix}`, name: '中断期间机构', kind: 'town_functional_institution', jurisdictionCode: '320585101' });
    expect(during.status).toBe(503);
    expect(during.headers['content-type']).toMatch(/problem\+json/);
    expect(during.body.code).toBe('SERVICE_UNAVAILABLE');

    await nats.restart();
    const nc = await connect({ servers: nats.url });
    const after = await pollUntil(
      () => platform.http().post('/api/v1/organisations').set(auth).send({ code: `NR-C-${suffix}`, name: '恢复后机构', kind: 'town_functional_institution', jurisdictionCode: '320585101' }),
      (res) => res.status !== 503 && res.status !== 504,
      { timeoutMs: 20_000, intervalMs: 250, what: 'the platform to reconnect' },
    );
    expect(after.status).toBe(201);

    try {
      const eventsBefore = await pollUntil(() => organisationEvents(nc, before.body.id), (e) => e.length > 0, { timeoutMs: 15_000, what: 'the pre-restart event' });
      const eventsAfter = await pollUntil(() => organisationEvents(nc, after.body.id), (e) => e.length > 0, { timeoutMs: 15_000, what: 'the post-restart event' });
      expect(eventsBefore).toHaveLength(1);
      expect(eventsAfter).toHaveLength(1);
      expect(eventsAfter[0]?.data).toMatchObject({ code: `NR-C-${suffix}`, jurisdictionCode: '320585101' });
      // The request refused during the outage was never sent, so nothing was created behind the caller's back.
      const list = await platform.http().get('/api/v1/organisations').set(auth).query({ q: '中断期间机构' });
      expect(list.body.items.map((o: { code: string }) => o.code)).not.toContain(`NR-B-${suffix}`);
    } finally {
      await nc.close();
    }
  });
});
