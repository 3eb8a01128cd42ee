import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, connect, type NatsConnection } from 'nats';
import { AUTHORITY_EVENTS, EVENT_STREAM, type EventEnvelope, type PowerDelegatedEvent } from '@yiti/contracts';
import { addDays, todayInShanghai } from '@yiti/platform';
import { bearer, freshCounty, login, pollUntil, startPlatform, TEST_NATS_URL, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

function licensingItem(n: number) {
  return {
    basicCode: `T-XK-${n}`,
    name: `测试许可事项${n}`,
    kind: 'licensing',
    department: '县级城市管理部门',
    category: '城市管理',
    legalBasis: '《城市道路管理条例》第三十一条',
    statutoryDays: 20,
    promisedDays: 5,
    materials: [{ name: '申请书', required: true }],
    fees: '不收费',
    onsiteVisits: 0,
  };
}

function penaltyItem(n: number) {
  return {
    basicCode: `T-CF-${n}`,
    name: `测试处罚事项${n}`,
    kind: 'penalty',
    department: '县级城市管理部门',
    category: '城市管理',
    legalBasis: '《城市市容和环境卫生管理条例》第三十四条',
    violatedProvision: '《城市市容和环境卫生管理条例》第十四条',
    penaltyProvision: '《城市市容和环境卫生管理条例》第三十四条',
    discretionBands: [{ circumstance: '一般', minFine: 0, maxFine: 100 }],
    hearingApplicable: false,
    legalReviewRequired: false,
  };
}

describe('authority registry: catalog and delegation, end to end', () => {
  let platform: RunningPlatform;
  let county: FreshCounty;
  let province: string;
  let versionId: string;
  let itemIds: string[];
  let nc: NatsConnection;
  const consumerName = `e2e-delegated-${randomUUID()}`;

  beforeAll(async () => {
    platform = await startPlatform();
    county = await freshCounty(platform);
    province = await login(platform, 'jiangsu.admin');
    nc = await connect({ servers: TEST_NATS_URL });
    await (await nc.jetstreamManager()).consumers.add(EVENT_STREAM, {
      durable_name: consumerName,
      filter_subject: AUTHORITY_EVENTS.powerDelegated.subject,
      deliver_policy: DeliverPolicy.New,
      ack_policy: AckPolicy.Explicit,
    });
  });

  afterAll(async () => {
    await (await nc?.jetstreamManager())?.consumers.delete(EVENT_STREAM, consumerName).catch(() => undefined);
    await nc?.close();
    await platform?.close();
  });

  it('lets the province publish a catalog version and import items, refusing bad rows all at once', async () => {
    const code = `T-${county.countyCode}-${Date.now().toString(36)}`;
    const version = await platform.http().post('/api/v1/catalog-versions').set(bearer(province)).send({ code, name: '测试目录', publishedOn: '2026-01-01' });
    expect(version.status).toBe(201);
    versionId = version.body.id;

    const bad = await platform
      .http()
      .post(`/api/v1/catalog-versions/${versionId}/items/import`)
      .set(bearer(province))
      .send({ items: [licensingItem(1), { ...penaltyItem(1), discretionBands: undefined }, { ...licensingItem(1) }, { ...licensingItem(9), promisedDays: 30 }] });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CATALOG_IMPORT_INVALID');
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['row 2: discretionBands', 'row 3: basicCode', 'row 4: promisedDays']));
    const none = await platform.http().get('/api/v1/catalog-items').set(bearer(province)).query({ versionId });
    expect(none.body.total).toBe(0);

    const csv = [
      'basicCode,name,kind,department,category,legalBasis,statutoryDays,promisedDays,materials,fees,onsiteVisits',
      `T-XK-3,"测试许可事项3,含逗号",licensing,县级城市管理部门,城市管理,《城市道路管理条例》,20,5,申请书|必需;身份证明|可选,不收费,0`,
    ].join('\n');
    const fromCsv = await platform.http().post(`/api/v1/catalog-versions/${versionId}/items/import`).set(bearer(province)).send({ csv });
    expect(fromCsv.status).toBe(201);
    expect(fromCsv.body.imported).toBe(1);

    const good = await platform
      .http()
      .post(`/api/v1/catalog-versions/${versionId}/items/import`)
      .set(bearer(province))
      .send({ items: [licensingItem(1), licensingItem(2), penaltyItem(1), penaltyItem(2), penaltyItem(3)] });
    expect(good.status).toBe(201);
    expect(good.body).toEqual({ imported: 5, checked: 5, errors: [] });

    const items = await platform.http().get('/api/v1/catalog-items').set(bearer(county.adminToken)).query({ versionId, pageSize: 100 });
    expect(items.body.total).toBe(6);
    const csvItem = items.body.items.find((i: { basicCode: string }) => i.basicCode === 'T-XK-3');
    expect(csvItem).toMatchObject({ name: '测试许可事项3,含逗号', statutoryDays: 20, materials: [{ name: '申请书', required: true }, { name: '身份证明', required: false }] });
    itemIds = items.body.items.filter((i: { basicCode: string }) => i.basicCode !== 'T-XK-3').map((i: { id: string }) => i.id);
    expect(itemIds).toHaveLength(5);
  });

  it('refuses delegation before the county has chosen its catalog, and from a town user', async () => {
    const early = await platform.http().post('/api/v1/delegations').set(bearer(county.adminToken)).send({ itemIds, townCodes: [county.townA], decisionNo: '测政发〔2026〕1号', effectiveFrom: '2026-12-01' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('COUNTY_CATALOG_NOT_SET');

    const chosen = await platform.http().put(`/api/v1/counties/${county.countyCode}/catalog`).set(bearer(county.adminToken)).send({ versionId });
    expect(chosen.status).toBe(200);
    expect(chosen.body.version).toMatchObject({ id: versionId, licensingItems: 3, penaltyItems: 3 });

    const liuheLeader = await login(platform, 'liuhe.leader');
    const byTown = await platform.http().post('/api/v1/delegations').set(bearer(liuheLeader)).send({ itemIds, townCodes: [county.townA], decisionNo: '镇级文号', effectiveFrom: '2026-12-01' });
    expect(byTown.status).toBe(403);
    expect(byTown.body.code).toBe('FORBIDDEN_ROLE');

    const otherCounty = await login(platform, 'taicang.admin');
    const foreign = await platform.http().post('/api/v1/delegations').set(bearer(otherCounty)).send({ itemIds, townCodes: [county.townA], decisionNo: '外县文号', effectiveFrom: '2026-12-01' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN_JURISDICTION');
  });

  it('delegates 5 items to 2 towns with a 2-month transition and answers the mode before, during and after', async () => {
    const grant = await platform
      .http()
      .post('/api/v1/delegations')
      .set(bearer(county.adminToken))
      .send({ itemIds, townCodes: [county.townA, county.townB], decisionNo: '测政发〔2026〕12号', effectiveFrom: '2026-12-01', transitionMonths: 2 });
    expect(grant.status).toBe(201);
    expect(grant.body.created).toHaveLength(10);
    expect(grant.body.created[0]).toMatchObject({ effectiveFrom: '2026-12-01', transitionUntil: '2027-02-01', withdrawnOn: null });

    const twoCounties = await platform
      .http()
      .post('/api/v1/delegations')
      .set(bearer(province))
      .send({ itemIds, townCodes: [county.townA, '320585102'], decisionNo: '跨县文号', effectiveFrom: '2026-12-01' });
    expect(twoCounties.status).toBe(422);
    expect(twoCounties.body.code).toBe('DELEGATION_TOWN_INVALID');
    const notATown = await platform.http().post('/api/v1/delegations').set(bearer(county.adminToken)).send({ itemIds, townCodes: [`${county.countyCode}199`], decisionNo: '无此乡镇', effectiveFrom: '2026-12-01' });
    expect(notATown.status).toBe(422);
    expect(notATown.body.code).toBe('DELEGATION_TOWN_INVALID');
    const taicangItem = (await platform.http().get('/api/v1/catalog-items').set(bearer(province)).query({ versionId: (await platform.http().get('/api/v1/counties/320585/catalog').set(bearer(province))).body.version.id, pageSize: 1 })).body.items[0].id;
    const outsideCatalog = await platform.http().post('/api/v1/delegations').set(bearer(county.adminToken)).send({ itemIds: [taicangItem], townCodes: [county.townA], decisionNo: '目录外事项', effectiveFrom: '2026-12-01' });
    expect(outsideCatalog.status).toBe(422);
    expect(outsideCatalog.body.code).toBe('DELEGATION_ITEM_INVALID');

    const again = await platform.http().post('/api/v1/delegations').set(bearer(county.adminToken)).send({ itemIds: [itemIds[0]], townCodes: [county.townA], decisionNo: '重复', effectiveFrom: '2026-12-05' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DELEGATION_EXISTS');

    const mode = async (date: string, town = county.townA, itemId = itemIds[0]) =>
      (await platform.http().get('/api/v1/power-mode').set(bearer(county.adminToken)).query({ townCode: town, itemId, date })).body;
    expect(await mode('2026-11-30')).toMatchObject({ mode: 'county', townMayExercise: false, department: '县级城市管理部门' });
    expect(await mode('2026-12-01')).toMatchObject({ mode: 'transition', townMayExercise: true });
    expect(await mode('2027-01-31')).toMatchObject({ mode: 'transition' });
    expect(await mode('2027-02-01')).toMatchObject({ mode: 'delegated', townMayExercise: true });

    const powers = await platform.http().get('/api/v1/town-powers').set(bearer(county.adminToken)).query({ townCode: county.townB, date: '2026-12-15', kind: 'penalty' });
    expect(powers.status).toBe(200);
    expect(powers.body).toHaveLength(3);
    expect(powers.body.every((p: { mode: string }) => p.mode === 'transition')).toBe(true);
  });

  it('publishes power.delegated once per town and item', async () => {
    const consumer = await nc.jetstream().consumers.get(EVENT_STREAM, consumerName);
    const received: EventEnvelope<PowerDelegatedEvent>[] = [];
    await pollUntil(
      async () => {
        const batch = await consumer.fetch({ max_messages: 100, expires: 1000 });
        for await (const msg of batch) {
          received.push(JSON.parse(msg.string()) as EventEnvelope<PowerDelegatedEvent>);
          msg.ack();
        }
        return received.filter((e) => e.countyCode === county.countyCode).length;
      },
      (n) => n >= 10,
      { what: '10 power.delegated events' },
    );
    const mine = received.filter((e) => e.countyCode === county.countyCode);
    expect(mine).toHaveLength(10);
    expect(new Set(mine.map((e) => `${e.data.townCode}/${e.data.itemId}`)).size).toBe(10);
    expect(mine[0]?.data).toMatchObject({ decisionNo: '测政发〔2026〕12号', transitionUntil: '2027-02-01' });
  });

  it('adjusts a transition within three months, withdraws a delegation, and keeps the history', async () => {
    const list = await platform.http().get('/api/v1/delegations').set(bearer(county.adminToken)).query({ townCode: county.townA, itemId: itemIds[0] });
    expect(list.body.total).toBe(1);
    const id = list.body.items[0].id as string;

    const tooLong = await platform.http().post(`/api/v1/delegations/${id}/adjust`).set(bearer(county.adminToken)).send({ transitionUntil: '2027-03-02', reason: '延长过渡期' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.code).toBe('DELEGATION_DATE_INVALID');
    const extended = await platform.http().post(`/api/v1/delegations/${id}/adjust`).set(bearer(county.adminToken)).send({ transitionUntil: '2027-03-01', reason: '乡镇人员培训未完成,延长过渡期' });
    expect(extended.status).toBe(200);
    expect(extended.body.transitionUntil).toBe('2027-03-01');

    const early = await platform.http().post(`/api/v1/delegations/${id}/withdraw`).set(bearer(county.adminToken)).send({ withdrawnOn: '2026-11-01', reason: '日期早于生效' });
    expect(early.status).toBe(422);
    const withdrawn = await platform.http().post(`/api/v1/delegations/${id}/withdraw`).set(bearer(county.adminToken)).send({ withdrawnOn: '2027-04-01', reason: '乡镇无力承接' });
    expect(withdrawn.status).toBe(200);
    const twice = await platform.http().post(`/api/v1/delegations/${id}/withdraw`).set(bearer(county.adminToken)).send({ withdrawnOn: '2027-05-01', reason: '再次收回' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DELEGATION_WITHDRAWN');

    const mode = async (date: string) => (await platform.http().get('/api/v1/power-mode').set(bearer(county.adminToken)).query({ townCode: county.townA, itemId: itemIds[0], date })).body.mode;
    expect(await mode('2027-02-15')).toBe('transition');
    expect(await mode('2027-03-15')).toBe('delegated');
    expect(await mode('2027-04-01')).toBe('county');

    const history = await platform.http().get(`/api/v1/delegations/${id}/history`).set(bearer(county.adminToken));
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['granted', 'adjusted', 'withdrawn']);
    expect(history.body[2]).toMatchObject({ reason: '乡镇无力承接', after: { withdrawnOn: '2027-04-01' } });

    // A clerk of town A sees its own delegations but not another county's.
    const org = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'DLG-BMFW', name: '甲镇服务中心(赋权)', kind: 'service_centre', jurisdictionCode: county.townA });
    const clerk = await platform.http().post('/api/v1/users').set(bearer(county.adminToken)).send({ username: `dlg.clerk.${county.countyCode}`, displayName: '窗口', password: TEST_PASSWORD, organisationId: org.body.id, roles: ['window_clerk'] });
    const clerkToken = await login(platform, clerk.body.username, TEST_PASSWORD);
    const seen = await platform.http().get('/api/v1/delegations').set(bearer(clerkToken)).query({ pageSize: 100 });
    expect(seen.body.items.every((d: { townCode: string }) => d.townCode === county.townA)).toBe(true);
    const hidden = await platform.http().get(`/api/v1/delegations/${grantOf(seen.body.items)}/history`).set(bearer(await login(platform, 'liuhe.clerk')));
    expect(hidden.status).toBe(404);
  });

  it('counts delegated items per town with licensing and penalty averages', async () => {
    const during = await platform.http().get('/api/v1/delegation-statistics').set(bearer(county.adminToken)).query({ countyCode: county.countyCode, date: '2026-12-15' });
    expect(during.status).toBe(200);
    expect(during.body).toMatchObject({ towns: 2, averageLicensing: 2, averagePenalty: 3 });
    expect(during.body.perTown).toEqual([
      { townCode: county.townA, townName: '甲镇', licensing: 2, penalty: 3, inTransition: 5 },
      { townCode: county.townB, townName: '乙镇', licensing: 2, penalty: 3, inTransition: 5 },
    ]);
    const afterWithdrawal = await platform.http().get('/api/v1/delegation-statistics').set(bearer(county.adminToken)).query({ countyCode: county.countyCode, date: '2027-04-01' });
    const townA = afterWithdrawal.body.perTown.find((t: { townCode: string }) => t.townCode === county.townA);
    expect(townA.licensing + townA.penalty).toBe(4);
    expect(afterWithdrawal.body.averageLicensing + afterWithdrawal.body.averagePenalty).toBe(4.5);
  });

  it('refuses to backdate a withdrawal, keeping what power-mode answers for days already gone', async () => {
    const items = await platform.http().get('/api/v1/catalog-items').set(bearer(county.adminToken)).query({ versionId, pageSize: 100 });
    const itemId = items.body.items.find((i: { basicCode: string }) => i.basicCode === 'T-XK-3').id as string;
    const today = todayInShanghai();
    const decisionNo = `测政发〔2026〕${county.countyCode}号`;
    const grant = await platform.http().post('/api/v1/delegations').set(bearer(county.adminToken)).send({ itemIds: [itemId], townCodes: [county.townB], decisionNo, effectiveFrom: addDays(today, -40) });
    expect(grant.status).toBe(201);
    const id = grant.body.created[0].id as string;
    const modeOn = async (date: string) => (await platform.http().get('/api/v1/power-mode').set(bearer(county.adminToken)).query({ townCode: county.townB, itemId, date })).body.mode;
    expect(await modeOn(addDays(today, -10))).toBe('delegated');

    const backdated = await platform.http().post(`/api/v1/delegations/${id}/withdraw`).set(bearer(county.adminToken)).send({ withdrawnOn: addDays(today, -20), reason: '乡镇无力承接' });
    expect(backdated.status).toBe(422);
    expect(backdated.body.code).toBe('DELEGATION_DATE_INVALID');
    expect(backdated.body.errors).toEqual([expect.objectContaining({ field: 'withdrawnOn' })]);
    expect(await modeOn(addDays(today, -10))).toBe('delegated');

    const blankReason = await platform.http().post(`/api/v1/delegations/${id}/withdraw`).set(bearer(county.adminToken)).send({ withdrawnOn: today, reason: '   ' });
    expect(blankReason.status).toBe(400);
    expect(blankReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);

    const fromToday = await platform.http().post(`/api/v1/delegations/${id}/withdraw`).set(bearer(county.adminToken)).send({ withdrawnOn: today, reason: '乡镇无力承接' });
    expect(fromToday.status).toBe(200);
    expect(await modeOn(addDays(today, -10))).toBe('delegated');
    expect(await modeOn(today)).toBe('county');
  });

  it('filters delegations by mode today and by decision number', async () => {
    const list = (query: Record<string, string | number>) => platform.http().get('/api/v1/delegations').set(bearer(county.adminToken)).query({ pageSize: 100, ...query });
    const byDecision = await list({ decisionNo: '测政发〔2026〕12号' });
    expect(byDecision.status).toBe(200);
    expect(byDecision.body.total).toBe(9); // 10 granted by that decision, one withdrawn
    expect(byDecision.body.items.every((d: { decisionNo: string }) => d.decisionNo === '测政发〔2026〕12号')).toBe(true);
    expect((await list({ decisionNo: '测政发〔2026〕12号', includeWithdrawn: 'true' })).body.total).toBe(10);

    const today = todayInShanghai();
    const expectedMode = today < '2026-12-01' ? 'county' : today < '2027-02-01' ? 'transition' : 'delegated';
    for (const mode of ['county', 'transition', 'delegated']) {
      const res = await list({ decisionNo: '测政发〔2026〕12号', mode });
      expect(res.status).toBe(200);
      expect(res.body.items.every((d: { modeToday: string }) => d.modeToday === mode)).toBe(true);
      expect(res.body.total).toBe(mode === expectedMode ? 9 : 0);
    }
    expect((await list({ mode: 'someday' })).status).toBe(400);
  });
});

function grantOf(items: { id: string }[]): string {
  const first = items[0];
  if (!first) throw new Error('no delegation visible');
  return first.id;
}
