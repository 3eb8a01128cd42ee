import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, connect, type NatsConnection } from 'nats';
import request from 'supertest';
import { EVENT_STREAM, GRID_EVENTS, GRID_SUBJECTS, type EventEnvelope, type GridEventReportedEvent } from '@yiti/contracts';
import { GRID_SERVICE_NAME } from '@yiti/grid-service';
import { ServiceClient } from '@yiti/platform';
import { bearer, freshCounty, login, pollUntil, startPlatform, TEST_NATS_URL, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

const rectangle = (west: number, south: number, east: number, north: number) => ({ type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] });
const feature = (code: string, name: string, geometry: object) => ({ type: 'Feature', properties: { code, name, type: 'rural', partyBranch: { name: `${name}党支部`, secretary: '王书记', memberCount: 9, volunteers: ['李志愿'] } }, geometry });

describe('grid service (whole platform)', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('is ready: /health/ready answers 200 with PostgreSQL and NATS up', async () => {
    const res = await request(platform.services[GRID_SERVICE_NAME].getHttpServer()).get('/health/ready');
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { status: 'ok', info: { postgres: { status: 'up' }, nats: { status: 'up' } } } });
  });

  it('answers its status subject over NATS', async () => {
    const status = await platform.gateway.get(ServiceClient).request(GRID_SUBJECTS.status, {});
    expect(status).toMatchObject({ service: GRID_SERVICE_NAME, status: 'ok' });
  });

  it('answers GET /api/v1/grid/status through the gateway, for a signed-in user only', async () => {
    expect((await platform.http().get('/api/v1/grid/status')).status).toBe(401);
    const clerk = await login(platform, 'liuhe.clerk');
    const res = await platform.http().get('/api/v1/grid/status').set(bearer(clerk));
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { service: GRID_SERVICE_NAME, status: 'ok' } });
  });

  it('routes a point to Liuhe\'s sample grids out of the box (demo seed)', async () => {
    const worker = await login(platform, 'liuhe.grid');
    const res = await platform.http().get('/api/v1/grid-lookup').set(bearer(worker)).query({ lng: 121.27, lat: 31.51 });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { code: '320585102201001', name: expect.stringContaining('东仓村第一网格'), townCode: '320585102' } });
    const mine = await platform.http().get('/api/v1/grids/320585102201001').set(bearer(worker));
    expect(mine.body).toMatchObject({ sample: true, type: 'rural', partyBranch: { secretary: expect.any(String) } });
  });

  describe('a fresh county\'s town: grids imported, events reported by its grid workers', () => {
    let county: FreshCounty;
    let nc: NatsConnection;
    const consumerName = `e2e-grid-event-${randomUUID()}`;
    let gridA: string;
    let gridB: string;
    let workerA: string;
    let workerB: string;

    const importGrids = (token: string, body: object) => platform.http().post('/api/v1/grid-imports').set(bearer(token)).send(body);
    const report = (token: string, lng: number, lat: number, extra: object = {}) =>
      platform.http().post('/api/v1/grid-events').set(bearer(token)).send({ kind: 'event', category: 'street_order', description: '占道经营', lng, lat, ...extra });

    beforeAll(async () => {
      county = await freshCounty(platform);
      gridA = `${county.townA}201001`;
      gridB = `${county.townA}201002`;
      nc = await connect({ servers: TEST_NATS_URL });
      await (await nc.jetstreamManager()).consumers.add(EVENT_STREAM, { durable_name: consumerName, filter_subject: GRID_EVENTS.eventReported.subject, deliver_policy: DeliverPolicy.New, ack_policy: AckPolicy.Explicit });

      const imported = await importGrids(county.adminToken, {
        townCode: county.townA,
        townBoundary: rectangle(120, 30, 120.1, 30.1),
        grids: { type: 'FeatureCollection', name: '网格图层', features: [feature(gridA, '一村第一网格', rectangle(120, 30, 120.01, 30.01)), feature(gridB, '一村第二网格', rectangle(120.01, 30, 120.02, 30.01))] },
      });
      expect({ status: imported.status, body: imported.body }).toMatchObject({ status: 201, body: { created: 2, updated: 0, codes: [gridA, gridB] } });

      // The workers' jurisdictions (village, grids) as identity knows them.
      const root = await login(platform, 'jiangsu.admin');
      for (const [code, name] of [[`${county.townA}201`, '一村'], [gridA, '一村第一网格'], [gridB, '一村第二网格']]) {
        expect((await platform.http().post('/api/v1/jurisdictions').set(bearer(root)).send({ code, name })).status).toBe(201);
      }
      const org = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'JZF', name: '甲镇人民政府', kind: 'town_government', jurisdictionCode: county.townA });
      expect(org.status).toBe(201);
      for (const [suffix, grid] of [['a', gridA], ['b', gridB]] as const) {
        const user = await platform
          .http()
          .post('/api/v1/users')
          .set(bearer(county.adminToken))
          .send({ username: `grid.${suffix}.${county.countyCode}`, displayName: `网格员${suffix}`, password: TEST_PASSWORD, organisationId: org.body.id, roles: ['grid_worker'], jurisdictionCode: grid });
        expect(user.status).toBe(201);
      }
      [workerA, workerB] = await Promise.all(['a', 'b'].map((s) => login(platform, `grid.${s}.${county.countyCode}`, TEST_PASSWORD)));
    });

    afterAll(async () => {
      await (await nc?.jetstreamManager())?.consumers.delete(EVENT_STREAM, consumerName).catch(() => undefined);
      await nc?.close();
    });

    it('finds the grid of a point: inside, on the shared edge (lower code), outside', async () => {
      const lookup = (lng: number, lat: number) => platform.http().get('/api/v1/grid-lookup').set(bearer(county.adminToken)).query({ lng, lat, townCode: county.townA });
      expect((await lookup(120.015, 30.005)).body).toMatchObject({ code: gridB, name: '一村第二网格' });
      expect((await lookup(120.01, 30.005)).body).toMatchObject({ code: gridA });
      const outside = await lookup(120.05, 30.05);
      expect(outside.status).toBe(200);
      expect(outside.body === null || Object.keys(outside.body).length === 0).toBe(true);
    });

    it('a grid worker reports an event at a coordinate: the right grid, grid.event.reported published exactly once', async () => {
      const res = await report(workerA, 120.005, 30.005, { address: '一村村口' });
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 201, body: { gridCode: gridA, gridName: '一村第一网格', kind: 'event', category: 'street_order', categoryLabel: '街面秩序', status: 'reported' } });
      const id = res.body.id as string;

      const consumer = await nc.jetstream().consumers.get(EVENT_STREAM, consumerName);
      const seen: EventEnvelope<GridEventReportedEvent>[] = [];
      const take = async (expires: number) => {
        for await (const msg of await consumer.fetch({ max_messages: 50, expires })) {
          const event = msg.json<EventEnvelope<GridEventReportedEvent>>();
          if (event.data.eventId === id) seen.push(event);
          msg.ack();
        }
        return seen.length;
      };
      await pollUntil(() => take(1000), (count) => count > 0, { timeoutMs: 15_000, what: 'grid.event.reported' });
      await take(1500);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.data).toMatchObject({ gridCode: gridA, townCode: county.townA, countyCode: county.countyCode, category: 'street_order', lng: 120.005, lat: 30.005 });

      expect((await platform.http().get(`/api/v1/grid-events/${id}`).set(bearer(workerA))).body).toMatchObject({ id, gridCode: gridA });
      const townView = await platform.http().get('/api/v1/grid-events').set(bearer(county.adminToken)).query({ gridCode: gridA });
      expect(townView.body.items.map((e: { id: string }) => e.id)).toContain(id);
    });

    it('a worker of another grid gets no rows and 404 on single reads', async () => {
      const res = await report(workerA, 120.002, 30.002);
      expect(res.status).toBe(201);
      const list = await platform.http().get('/api/v1/grid-events').set(bearer(workerB));
      expect({ status: list.status, total: list.body.total, items: list.body.items }).toEqual({ status: 200, total: 0, items: [] });
      const single = await platform.http().get(`/api/v1/grid-events/${res.body.id}`).set(bearer(workerB));
      expect({ status: single.status, code: single.body.code }).toEqual({ status: 404, code: 'GRID_EVENT_NOT_FOUND' });
      const grid = await platform.http().get(`/api/v1/grids/${gridA}`).set(bearer(workerB));
      expect({ status: grid.status, code: grid.body.code }).toEqual({ status: 404, code: 'GRID_NOT_FOUND' });
      const grids = await platform.http().get('/api/v1/grids').set(bearer(workerB));
      expect(grids.body.items.map((g: { code: string }) => g.code)).toEqual([gridB]);
    });

    it('refuses a report outside every grid of the worker\'s town, and one by a user who is not a grid worker', async () => {
      const outside = await report(workerA, 120.05, 30.05);
      expect({ status: outside.status, type: outside.headers['content-type'], code: outside.body.code }).toEqual({ status: 422, type: expect.stringContaining('application/problem+json'), code: 'GRID_POINT_OUTSIDE_TOWN' });
      expect((await report(county.adminToken, 120.005, 30.005)).status).toBe(403);
      const wrongCategory = await report(workerA, 120.005, 30.005, { kind: 'component', category: 'street_order' });
      expect({ status: wrongCategory.status, code: wrongCategory.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('refuses a bad polygon with its reason and coordinates, and imports nothing of that file', async () => {
      const bowTie = { type: 'Polygon', coordinates: [[[120.03, 30], [120.04, 30.01], [120.04, 30], [120.03, 30.01], [120.03, 30]]] };
      const res = await importGrids(county.adminToken, {
        townCode: county.townA,
        grids: { type: 'FeatureCollection', features: [feature(`${county.townA}202001`, '二村第一网格', rectangle(120.05, 30.05, 120.06, 30.06)), feature(`${county.townA}202002`, '二村第二网格', bowTie), feature(`${county.townA}202003`, '越界网格', rectangle(120.09, 30.05, 120.11, 30.06))] },
      });
      expect({ status: res.status, type: res.headers['content-type'], code: res.body.code }).toEqual({ status: 422, type: expect.stringContaining('application/problem+json'), code: 'GRID_IMPORT_INVALID' });
      expect(res.body.errors).toEqual([
        { field: 'grids.features[1].geometry', messages: [expect.stringMatching(/^self_intersection: .* at \[\[120\.035\d*,30\.005\d*\]\]$/)] },
        { field: 'grids.features[2].geometry', messages: [expect.stringMatching(/^outside_parent: .*120\.11/)] },
      ]);
      const grids = await platform.http().get('/api/v1/grids').set(bearer(county.adminToken)).query({ townCode: county.townA });
      expect(grids.body.total).toBe(2);
      const overlapping = await importGrids(county.adminToken, { townCode: county.townA, grids: { type: 'FeatureCollection', features: [feature(`${county.townA}202001`, '重叠网格', rectangle(120.005, 30, 120.015, 30.01))] } });
      expect(overlapping.body.errors[0].messages[0]).toMatch(new RegExp(`^overlaps_sibling: .*${gridA}`));
    });

    it('imports households from CSV as a polled job: bad rows by line, the rest kept; vacant households per grid, scoped', async () => {
      const csv = [
        'address,grid_code,lng,lat,members,vacant,left_behind_elderly,low_income',
        `一村1号,${gridA},,,3,是,否,否`,
        `一村2号,${gridA},,,2,0,1,0`,
        '一村3号,,120.015,30.005,1,yes,no,no',
        '村外4号,,120.05,30.05,1,0,0,0',
        `一村5号,${gridA},,,many,0,0,0`,
      ].join('\n');
      const started = await platform.http().post('/api/v1/household-imports').set(bearer(county.adminToken)).send({ townCode: county.townA, csv });
      expect({ status: started.status, body: started.body }).toMatchObject({ status: 202, body: { townCode: county.townA } });
      const job = await pollUntil(
        async () => (await platform.http().get(`/api/v1/household-imports/${started.body.id}`).set(bearer(county.adminToken))).body,
        (body) => body.status !== 'running',
        { timeoutMs: 15_000, what: 'household import' },
      );
      expect(job).toMatchObject({ status: 'done', rowsDone: 5, accepted: 3, rejected: 2 });
      expect(job.errors.map((e: { line: number }) => e.line).sort()).toEqual([5, 6]);

      const vacantA = await platform.http().get('/api/v1/households').set(bearer(county.adminToken)).query({ gridCode: gridA, flag: 'vacant' });
      expect(vacantA.body.items.map((h: { address: string }) => h.address)).toEqual(['一村1号']);
      const ofWorkerB = await platform.http().get('/api/v1/households').set(bearer(workerB));
      expect(ofWorkerB.body.items.map((h: { address: string; gridCode: string }) => [h.address, h.gridCode])).toEqual([['一村3号', gridB]]);
      expect((await platform.http().get(`/api/v1/household-imports/${started.body.id}`).set(bearer(await login(platform, 'liuhe.leader')))).status).toBe(404);
    });

    it('lets only a leader or county admin of the town draw grids', async () => {
      const byWorker = await importGrids(workerA, { townCode: county.townA, grids: { type: 'FeatureCollection', features: [feature(`${county.townA}203001`, 'x', rectangle(120.05, 30.05, 120.06, 30.06))] } });
      expect(byWorker.status).toBe(403);
      const liuheLeader = await login(platform, 'liuhe.leader');
      const otherTown = await importGrids(liuheLeader, { townCode: county.townA, grids: { type: 'FeatureCollection', features: [feature(`${county.townA}203001`, 'x', rectangle(120.05, 30.05, 120.06, 30.06))] } });
      expect({ status: otherTown.status, code: otherTown.body.code }).toEqual({ status: 403, code: 'FORBIDDEN_JURISDICTION' });
      const unknownTown = await importGrids(county.adminToken, { townCode: `${county.countyCode}109`, grids: { type: 'FeatureCollection', features: [feature(`${county.countyCode}109201001`, 'x', rectangle(120.05, 30.05, 120.06, 30.06))] } });
      expect({ status: unknownTown.status, code: unknownTown.body.code }).toEqual({ status: 404, code: 'JURISDICTION_NOT_FOUND' });
    });
  });
});
