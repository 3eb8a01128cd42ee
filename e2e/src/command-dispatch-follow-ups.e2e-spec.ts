import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { Client } from 'pg';
import { ENFORCEMENT_EVENTS } from '@yiti/contracts';
import { buildEventEnvelope } from '@yiti/platform';
import { bearer, eventBus, pollUntil, startPlatform, TEST_DATABASE_URL, type RunningPlatform } from '@yiti/testing';
import { dispatchCounty, STREET_ORDER_DUTY, type DispatchCounty } from './command-dispatch-fixtures';

/**
 * 执法、审批后续事项: a penalty that must hold on site and a granted licence become one work order
 * each, routed by the town's duty list, and a second delivery of the same event makes nothing more.
 */
describe('command dispatch: work orders from enforcement events', () => {
  let platform: RunningPlatform;
  let d: DispatchCounty;
  let db: Client;
  let nc: NatsConnection;

  beforeAll(async () => {
    platform = await startPlatform();
    d = await dispatchCounty(platform);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    nc = await eventBus('follow-ups-spec');
    // The county routes enforcement follow-ups by the duty list of its towns' city-management offices.
    const base = `/api/v1/counties/${d.county.countyCode}/dispatch`;
    for (const [code, name, kind] of [['enforcement.referral', '执法协查', 'enforcement']]) {
      const saved = await platform.http().put(`${base}/categories/${code}`).set(bearer(d.county.adminToken)).send({ name, kind, dutyCategory: STREET_ORDER_DUTY });
      expect(saved.status).toBe(200);
    }
  });

  afterAll(async () => {
    await nc?.drain();
    await db?.end();
    await platform?.close();
  });

  /** Publishes the event to the stream; `again` sends the same event once more under another message id (past the broker's duplicate window). */
  async function deliver(subject: string, data: object, again = false): Promise<void> {
    const envelope = buildEventEnvelope({ subject, data, countyCode: d.county.countyCode });
    const js = nc.jetstream();
    await js.publish(subject, JSON.stringify(envelope), { msgID: envelope.id });
    if (again) await js.publish(subject, JSON.stringify(envelope), { msgID: randomUUID() });
  }

  const ordersOf = async (channel: string, sourceRef: string) =>
    (await db.query(`SELECT id FROM command_dispatch.work_order WHERE county_code = $1 AND channel = $2 AND source_ref = $3`, [d.county.countyCode, channel, sourceRef])).rows as { id: string }[];

  it('turns a closure penalty into one order for the town\'s unit, without the party, once for two deliveries', async () => {
    const penaltyId = randomUUID();
    await deliver(
      ENFORCEMENT_EVENTS.penaltyDecided.subject,
      {
        penaltyId,
        decisionNo: `县综执罚〔2026〕${penaltyId.slice(0, 4)}号`,
        procedure: 'ordinary',
        countyCode: d.county.countyCode,
        townCode: d.county.townB,
        itemId: randomUUID(),
        itemCode: 'XZCF-001',
        partyKind: 'person',
        partyName: '王小明',
        partyIdNumberMasked: '3205**********4321',
        partyIdNumberHash: 'x'.repeat(64),
        penaltyKinds: ['fine', 'closure'],
        fineFen: 500000,
        decidedOn: '2026-12-01',
      },
      true,
    );
    const orders = await pollUntil(() => ordersOf('enforcement', `penalty:${penaltyId}`), (rows) => rows.length > 0, { timeoutMs: 15_000, what: 'the order of the penalty' });
    const view = await platform.http().get(`/api/v1/work-orders/${orders[0].id}`).set(bearer(d.dispatcher.token));
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ channel: 'enforcement', category: 'enforcement.referral', townCode: d.county.townB, unitId: d.unitB.id, status: 'dispatched' });
    expect(JSON.stringify(view.body)).not.toMatch(/王小明|4321/);
    // The second delivery comes right behind the first on the same consumer: give it time, then count again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await ordersOf('enforcement', `penalty:${penaltyId}`)).toHaveLength(1);
  });

  it('makes no order of a penalty that needs no one on site', async () => {
    const penaltyId = randomUUID();
    await deliver(ENFORCEMENT_EVENTS.penaltyDecided.subject, {
      penaltyId,
      decisionNo: `县综执罚〔2026〕${penaltyId.slice(0, 4)}号`,
      procedure: 'simplified',
      countyCode: d.county.countyCode,
      townCode: d.county.townA,
      itemId: randomUUID(),
      itemCode: 'XZCF-002',
      partyKind: 'person',
      partyName: '赵六',
      partyIdNumberMasked: '3205**********0000',
      partyIdNumberHash: 'y'.repeat(64),
      penaltyKinds: ['warning'],
      fineFen: 0,
      decidedOn: '2026-12-01',
    });
    // A suspension decided after it, on the same consumer: once its order is there, the warning has been handled.
    const later = randomUUID();
    await deliver(ENFORCEMENT_EVENTS.penaltyDecided.subject, {
      penaltyId: later,
      decisionNo: `县综执罚〔2026〕${later.slice(0, 4)}号`,
      procedure: 'ordinary',
      countyCode: d.county.countyCode,
      townCode: d.county.townA,
      itemId: randomUUID(),
      itemCode: 'XZCF-003',
      partyKind: 'organisation',
      partyName: '某某餐饮店',
      partyIdNumberMasked: '9132**********12',
      partyIdNumberHash: 'w'.repeat(64),
      penaltyKinds: ['suspension'],
      fineFen: 0,
      decidedOn: '2026-12-02',
    });
    await pollUntil(() => ordersOf('enforcement', `penalty:${later}`), (rows) => rows.length > 0, { timeoutMs: 15_000, what: 'the order of the later suspension' });
    expect(await ordersOf('enforcement', `penalty:${penaltyId}`)).toHaveLength(0);
  });
});
