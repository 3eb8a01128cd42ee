import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { bearer, login, pollUntil, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type RunningPlatform } from '@yiti/testing';
import { dispatchCounty, hotlineTicket, type DispatchCounty } from './command-dispatch-fixtures';

const rectangle = (west: number, south: number, east: number, north: number) => ({ type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] });
const feature = (code: string, name: string, geometry: object) => ({ type: 'Feature', properties: { code, name, type: 'rural', partyBranch: { name: `${name}党支部`, secretary: '王书记', memberCount: 9, volunteers: [] } }, geometry });

describe('a grid event follows the command centre\'s work order (through the gateway)', () => {
  let platform: RunningPlatform;
  let d: DispatchCounty;
  let db: Client;
  let worker: string;
  let gridA: string;
  const http = () => platform.http();
  const step = (token: string, id: string, action: string, body: Record<string, unknown> = {}) => http().post(`/api/v1/work-orders/${id}/${action}`).set(bearer(token)).send(body);
  const gridEvent = async (id: string) => (await http().get(`/api/v1/grid-events/${id}`).set(bearer(worker))).body as { status: string; workOrderId: string | null; workOrderNo: string | null };
  const statusBecomes = (id: string, status: string) => pollUntil(() => gridEvent(id), (e) => e.status === status, { timeoutMs: 15_000, what: `grid event ${status}` });

  beforeAll(async () => {
    platform = await startPlatform();
    d = await dispatchCounty(platform);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const townA = d.county.townA;
    gridA = `${townA}201001`;
    const imported = await http()
      .post('/api/v1/grid-imports')
      .set(bearer(d.county.adminToken))
      .send({ townCode: townA, townBoundary: rectangle(120, 30, 120.1, 30.1), grids: { type: 'FeatureCollection', features: [feature(gridA, '一村第一网格', rectangle(120, 30, 120.01, 30.01))] } });
    expect(imported.status).toBe(201);
    const root = await login(platform, 'jiangsu.admin');
    for (const [code, name] of [[`${townA}201`, '一村'], [gridA, '一村第一网格']]) expect((await http().post('/api/v1/jurisdictions').set(bearer(root)).send({ code, name })).status).toBe(201);
    const org = await http().post('/api/v1/organisations').set(bearer(d.county.adminToken)).send({ code: 'JZF', name: '甲镇人民政府', kind: 'town_government', jurisdictionCode: townA });
    const username = `grid.follow.${randomUUID().slice(0, 8)}`;
    const user = await http().post('/api/v1/users').set(bearer(d.county.adminToken)).send({ username, displayName: '网格员', password: TEST_PASSWORD, organisationId: org.body.id, roles: ['grid_worker'], jurisdictionCode: gridA });
    expect(user.status).toBe(201);
    worker = await login(platform, username, TEST_PASSWORD);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('reported → work order made → dispatched → handling → closed, each within seconds, audited as the grid service', async () => {
    const reported = await http().post('/api/v1/grid-events').set(bearer(worker)).send({ kind: 'event', category: 'street_order', description: '占道经营', lng: 120.005, lat: 30.005 });
    expect({ status: reported.status, body: reported.body }).toMatchObject({ status: 201, body: { status: 'reported', workOrderId: null } });
    const id = reported.body.id as string;

    const withOrder = await pollUntil(() => gridEvent(id), (e) => e.workOrderId !== null, { timeoutMs: 15_000, what: 'work order of the grid event' });
    const orderId = withOrder.workOrderId as string;
    const order = (await http().get(`/api/v1/work-orders/${orderId}`).set(bearer(d.dispatcher.token))).body;
    expect(order).toMatchObject({ channel: 'grid_event', gridCode: gridA, orderNo: withOrder.workOrderNo });
    if (order.status === 'pending_dispatch') {
      expect(withOrder.status).toBe('reported');
      expect((await step(d.dispatcher.token, orderId, 'route', { unitId: d.unitA.id })).status).toBe(200);
    }
    await statusBecomes(id, 'dispatched');
    const unitToken = order.unitId === d.unitB.id ? d.handlerB.token : d.handlerA.token;

    expect((await step(unitToken, orderId, 'sign')).status).toBe(200);
    await statusBecomes(id, 'handling');
    expect((await step(unitToken, orderId, 'start')).status).toBe(200);
    expect((await step(unitToken, orderId, 'feed-back', { reasons: '已劝离流动摊贩' })).status).toBe(200);
    expect((await gridEvent(id)).status).toBe('handling');
    expect((await step(d.dispatcher.token, orderId, 'verify-pass')).status).toBe(200);
    const closed = await statusBecomes(id, 'closed');
    expect(closed).toMatchObject({ workOrderId: orderId, workOrderNo: order.orderNo });

    const listed = await http().get('/api/v1/grid-events').set(bearer(worker)).query({ status: 'closed' });
    expect((listed.body.items as { id: string; workOrderId: string }[]).find((e) => e.id === id)).toMatchObject({ workOrderId: orderId });

    const audit = await db.query(`SELECT actor_id, after FROM grid.audit_log WHERE resource_id = $1 AND action = 'grid_event.follow_work_order' ORDER BY seq`, [id]);
    expect(audit.rows.map((r) => r.actor_id)).toEqual(audit.rows.map(() => 'system:grid'));
    expect(audit.rows.map((r) => r.after.status)).toEqual([...(order.status === 'pending_dispatch' ? ['reported'] : []), 'dispatched', 'handling', 'closed']);
  });

  it('ignores work orders that come from elsewhere (a 12345 ticket): no grid event changes', async () => {
    const seen = async () => (await db.query(`SELECT count(*)::int AS n FROM grid.inbox WHERE subject LIKE '%.workorder.created.v1'`)).rows[0].n as number;
    const follows = async () => (await db.query(`SELECT count(*)::int AS n FROM grid.audit_log WHERE action = 'grid_event.follow_work_order'`)).rows[0].n as number;
    const [seenBefore, followsBefore] = [await seen(), await follows()];
    const posted = await http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(hotlineTicket(d.county.townA));
    expect(posted.status).toBe(200);
    await pollUntil(seen, (n) => n > seenBefore, { timeoutMs: 15_000, what: 'the order\'s workorder.created in the grid\'s inbox' });
    expect(await follows()).toBe(followsBefore);
  });

  it('shows a grid worker exactly the grids they are listed on: a worker on two grids sees both, a worker of another grid none of them (404)', async () => {
    const townB = d.county.townB;
    const [b1, b2, b3] = ['201001', '201002', '201003'].map((s) => `${townB}${s}`) as [string, string, string];
    const root = await login(platform, 'jiangsu.admin');
    for (const [code, name] of [[`${townB}201`, '二村'], [b3, '二村第三网格']]) expect((await http().post('/api/v1/jurisdictions').set(bearer(root)).send({ code, name })).status).toBe(201);
    const org = await http().post('/api/v1/organisations').set(bearer(d.county.adminToken)).send({ code: 'YZF', name: '乙镇人民政府', kind: 'town_government', jurisdictionCode: townB });
    const worker = async (jurisdictionCode: string) => {
      const username = `grid.scope.${randomUUID().slice(0, 8)}`;
      const res = await http().post('/api/v1/users').set(bearer(d.county.adminToken)).send({ username, displayName: '网格员', password: TEST_PASSWORD, organisationId: org.body.id, roles: ['grid_worker'], jurisdictionCode });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, token: await login(platform, username, TEST_PASSWORD) };
    };
    // One worker of the village serves two grids (full-time on one, part-time on the other); another serves the third.
    const both = await worker(`${townB}201`);
    const other = await worker(b3);
    const withWorkers = (code: string, name: string, west: number, fullTime: string[], partTime: string[]) => ({ ...feature(code, name, rectangle(west, 30, west + 0.01, 30.01)), properties: { ...feature(code, name, rectangle(0, 0, 1, 1)).properties, fullTimeWorkerIds: fullTime, partTimeWorkerIds: partTime } });
    const imported = await http()
      .post('/api/v1/grid-imports')
      .set(bearer(d.county.adminToken))
      .send({
        townCode: townB,
        townBoundary: rectangle(121, 30, 121.1, 30.1),
        grids: { type: 'FeatureCollection', features: [withWorkers(b1, '二村第一网格', 121, [both.id], []), withWorkers(b2, '二村第二网格', 121.01, [], [both.id]), withWorkers(b3, '二村第三网格', 121.02, [other.id], [])] },
      });
    expect({ status: imported.status, body: imported.body }).toMatchObject({ status: 201, body: { created: 3 } });

    const report = async (token: string, lng: number) => {
      const res = await http().post('/api/v1/grid-events').set(bearer(token)).send({ kind: 'event', category: 'street_order', description: '占道经营', lng, lat: 30.005 });
      expect(res.status).toBe(201);
      return res.body as { id: string; gridCode: string };
    };
    const [e1, e2, e3] = [await report(both.token, 121.005), await report(both.token, 121.015), await report(other.token, 121.025)];
    expect([e1.gridCode, e2.gridCode, e3.gridCode]).toEqual([b1, b2, b3]);
    const household = await http().post('/api/v1/households').set(bearer(d.county.adminToken)).send({ address: '二村1号', members: 2, flags: [], gridCode: b2 });
    expect(household.status).toBe(201);

    const codes = async (token: string, path: string, key: string) => ((await http().get(path).set(bearer(token)).query({ pageSize: 100 })).body.items as Record<string, string>[]).map((i) => i[key]).sort();
    expect(await codes(both.token, '/api/v1/grids', 'code')).toEqual([b1, b2]);
    expect(await codes(other.token, '/api/v1/grids', 'code')).toEqual([b3]);
    expect(await codes(both.token, '/api/v1/grid-events', 'id')).toEqual([e1.id, e2.id].sort());
    expect(await codes(other.token, '/api/v1/grid-events', 'id')).toEqual([e3.id]);
    expect(await codes(both.token, '/api/v1/households', 'id')).toEqual([household.body.id]);
    expect(await codes(other.token, '/api/v1/households', 'id')).toEqual([]);
    // Single reads outside the worker's grids are 404, as for records outside a jurisdiction.
    for (const [token, path] of [[other.token, `/api/v1/grid-events/${e1.id}`], [other.token, `/api/v1/grid-events/${e2.id}`], [other.token, `/api/v1/grids/${b1}`], [both.token, `/api/v1/grid-events/${e3.id}`], [both.token, `/api/v1/grids/${b3}`]] as const) {
      expect((await http().get(path).set(bearer(token))).status).toBe(404);
    }
    expect((await http().get(`/api/v1/grid-events/${e2.id}`).set(bearer(both.token))).status).toBe(200);
    // Nor does the worker write in a grid of their village they are not listed on.
    const elsewhere = await http().post('/api/v1/households').set(bearer(both.token)).send({ address: '二村3号', members: 1, flags: [], gridCode: b3 });
    expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({ status: 403, code: 'FORBIDDEN_JURISDICTION' });
    expect((await http().post('/api/v1/households').set(bearer(both.token)).send({ address: '二村4号', members: 1, flags: [], gridCode: b1 })).status).toBe(201);
    // The town's leadership still sees the whole town.
    expect(await codes(d.county.adminToken, `/api/v1/grids?townCode=${townB}`, 'code')).toEqual([b1, b2, b3]);
  });
});
