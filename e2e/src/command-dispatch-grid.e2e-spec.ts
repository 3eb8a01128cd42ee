import { Client } from 'pg';
import { bearer, login, pollUntil, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type RunningPlatform } from '@yiti/testing';
import { dispatchCounty, hotlineTicket, type DispatchCounty } from './command-dispatch-fixtures';

const rectangle = (west: number, south: number, east: number, north: number) => ({ type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] });
const feature = (code: string, name: string, geometry: object) => ({ type: 'Feature', properties: { code, name, type: 'rural' }, geometry });

/**
 * Grid events into work orders (网格事件 → 工单) through the inbox, and routing by location: a ticket
 * with only a coordinate lands in the town whose grid holds it.
 */
describe('command dispatch: grid events and routing by the grid of the location', () => {
  let platform: RunningPlatform;
  let d: DispatchCounty;
  let db: Client;
  let grid: string;
  let worker: string;

  beforeAll(async () => {
    platform = await startPlatform();
    d = await dispatchCounty(platform);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    grid = `${d.county.townA}201001`;
    const imported = await platform
      .http()
      .post('/api/v1/grid-imports')
      .set(bearer(d.county.adminToken))
      .send({ townCode: d.county.townA, townBoundary: rectangle(120, 30, 120.1, 30.1), grids: { type: 'FeatureCollection', features: [feature(grid, '一村第一网格', rectangle(120, 30, 120.01, 30.01))] } });
    expect(imported.status).toBe(201);
    const root = await login(platform, 'jiangsu.admin');
    for (const [code, name] of [[`${d.county.townA}201`, '一村'], [grid, '一村第一网格']]) expect((await platform.http().post('/api/v1/jurisdictions').set(bearer(root)).send({ code, name })).status).toBe(201);
    const org = await platform.http().post('/api/v1/organisations').set(bearer(d.county.adminToken)).send({ code: 'JZF', name: '甲镇人民政府', kind: 'town_government', jurisdictionCode: d.county.townA });
    const username = `grid.${d.county.countyCode}`;
    const user = await platform.http().post('/api/v1/users').set(bearer(d.county.adminToken)).send({ username, displayName: '网格员', password: TEST_PASSWORD, organisationId: org.body.id, roles: ['grid_worker'], jurisdictionCode: grid });
    expect(user.status).toBe(201);
    worker = await login(platform, username, TEST_PASSWORD);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('turns a reported grid event into one work order of its city-management class, town and grid', async () => {
    const reported = await platform.http().post('/api/v1/grid-events').set(bearer(worker)).send({ kind: 'event', category: 'street_order', description: '村口流动摊贩占道经营', lng: 120.005, lat: 30.005 });
    expect(reported.status).toBe(201);
    const eventId = reported.body.id as string;
    const orders = await pollUntil(
      async () => (await db.query(`SELECT id, status, town_code, grid_code, category, channel FROM command_dispatch.work_order WHERE channel = 'grid_event' AND source_ref = $1`, [eventId])).rows,
      (rows) => rows.length > 0,
      { timeoutMs: 15_000, what: 'the work order of the grid event' },
    );
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ town_code: d.county.townA, grid_code: grid, category: 'cm.event.street_order', channel: 'grid_event' });
    const view = await platform.http().get(`/api/v1/work-orders/${orders[0].id}`).set(bearer(d.dispatcher.token));
    expect(view.body).toMatchObject({ channel: 'grid_event', gridCode: grid, sla: { unit: 'working_hours', amount: 4 } });
  });

  it('places a ticket that names no town in the town whose grid holds its location', async () => {
    const ticket = hotlineTicket(d.county.townA, { location: { lng: 120.005, lat: 30.005 } });
    delete (ticket as { townCode?: string }).townCode;
    const posted = await platform.http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(ticket);
    expect(posted.status).toBe(200);
    const view = await platform.http().get(`/api/v1/work-orders/${posted.body.workOrderId}`).set(bearer(d.dispatcher.token));
    expect(view.body).toMatchObject({ townCode: d.county.townA, gridCode: grid, unitId: d.unitA.id, status: 'dispatched' });
  });
});
