import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, connect, type NatsConnection } from 'nats';
import { EVENT_STREAM, GRID_EVENTS, residentIdCheckCharacter, type EventEnvelope, type GridEventReportedEvent } from '@yiti/contracts';
import { bearer, freshCounty, login, pollUntil, startPlatform, TEST_NATS_URL, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

const idNumber17 = (first17: string) => `${first17}${residentIdCheckCharacter(first17)}`;
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

    const upload = (token: string, kind: string, csv: string | Buffer) =>
      platform.http().post('/api/v1/base-data-imports').query({ townCode: county.townA, kind }).set(bearer(token)).set('Content-Type', 'text/csv').send(Buffer.isBuffer(csv) ? csv : Buffer.from(csv));
    const finished = (token: string, id: string, timeoutMs = 15_000) =>
      pollUntil(async () => (await platform.http().get(`/api/v1/base-data-imports/${id}`).set(bearer(token))).body, (body) => body.status !== 'running', { timeoutMs, what: 'base data import' });

    it('imports households from a streamed CSV as a polled job: bad rows by line, the rest kept; vacant households per grid with meter numbers, scoped', async () => {
      const csv = [
        'address,grid_code,lng,lat,members,meter_number,vacant,left_behind_elderly,low_income',
        `一村1号,${gridA},,,3,DB-0001,是,否,否`,
        `一村2号,${gridA},,,2,,0,1,0`,
        '一村3号,,120.015,30.005,1,DB-0003,yes,no,no',
        '村外4号,,120.05,30.05,1,,0,0,0',
        `一村5号,${gridA},,,many,,0,0,0`,
      ].join('\n');
      const started = await upload(county.adminToken, 'households', csv);
      expect({ status: started.status, body: started.body }).toMatchObject({ status: 202, body: { townCode: county.townA, kind: 'households' } });
      const job = await finished(county.adminToken, started.body.id);
      expect(job).toMatchObject({ status: 'done', rowsTotal: 5, rowsDone: 5, accepted: 3, rejected: 2 });
      expect(job.errors.map((e: { line: number }) => e.line).sort()).toEqual([5, 6]);

      const vacantA = await platform.http().get('/api/v1/households').set(bearer(county.adminToken)).query({ gridCode: gridA, flag: 'vacant' });
      expect(vacantA.body.items.map((h: { address: string; meterNumber: string }) => [h.address, h.meterNumber])).toEqual([['一村1号', 'DB-0001']]);
      const ofWorkerB = await platform.http().get('/api/v1/households').set(bearer(workerB));
      expect(ofWorkerB.body.items.map((h: { address: string; gridCode: string }) => [h.address, h.gridCode])).toEqual([['一村3号', gridB]]);
      // The command centre's early-warning rules read the same over NATS, paged.
      const vacant = await platform.http().get('/api/v1/vacant-households').set(bearer(county.adminToken)).query({ townCode: county.townA });
      expect(vacant.body.items.map((h: { gridCode: string; meterNumber: string }) => [h.gridCode, h.meterNumber])).toEqual([[gridA, 'DB-0001'], [gridB, 'DB-0003']]);
      expect((await platform.http().get(`/api/v1/base-data-imports/${started.body.id}`).set(bearer(await login(platform, 'liuhe.leader')))).status).toBe(404);
      expect((await platform.http().post('/api/v1/base-data-imports').query({ townCode: county.townA, kind: 'households' }).set(bearer(county.adminToken)).send({ csv })).status).toBe(415);
      const otherTown = await upload(await login(platform, 'liuhe.leader'), 'households', csv);
      expect({ status: otherTown.status, code: otherTown.body.code }).toEqual({ status: 403, code: 'FORBIDDEN_JURISDICTION' });
      expect((await upload(workerA, 'households', csv)).status).toBe(403);
    });

    it('keeps residents\' ID numbers and phones out of every answer: masked, found by keyed hash through a POST body, invisible to another grid', async () => {
      const idNumber = '11010519491231002X';
      const registered = await platform.http().post('/api/v1/residents').set(bearer(workerA)).send({ name: '张三', idNumber, phone: '13912345678', lng: 120.004, lat: 30.004 });
      expect({ status: registered.status, body: registered.body }).toMatchObject({ status: 201, body: { gridCode: gridA, idNumberMasked: '110105********002X', phoneMasked: '139****5678' } });
      expect(JSON.stringify(registered.body)).not.toMatch(/19491231|12345678/);
      const again = await platform.http().post('/api/v1/residents').set(bearer(county.adminToken)).send({ name: '张三', idNumber, gridCode: gridB });
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'RESIDENT_ALREADY_REGISTERED' });
      const badCheck = await platform.http().post('/api/v1/residents').set(bearer(workerA)).send({ name: '李四', idNumber: '110105194912310021', gridCode: gridA });
      expect({ status: badCheck.status, code: badCheck.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      const intoOtherGrid = await platform.http().post('/api/v1/residents').set(bearer(workerA)).send({ name: '王五', idNumber: idNumber17('32058519900101123'), gridCode: gridB });
      expect({ status: intoOtherGrid.status, code: intoOtherGrid.body.code }).toEqual({ status: 403, code: 'FORBIDDEN_JURISDICTION' });

      const found = await platform.http().post('/api/v1/resident-searches').set(bearer(county.adminToken)).send({ idNumber });
      expect(found.body.items.map((r: { id: string }) => r.id)).toEqual([registered.body.id]);
      const list = await platform.http().get('/api/v1/residents').set(bearer(county.adminToken));
      expect(JSON.stringify(list.body)).not.toContain(idNumber);
      expect((await platform.http().post('/api/v1/resident-searches').set(bearer(workerB)).send({ idNumber })).body.items).toEqual([]);
      expect((await platform.http().get('/api/v1/residents').set(bearer(workerB))).body.items).toEqual([]);
      const single = await platform.http().get(`/api/v1/residents/${registered.body.id}`).set(bearer(workerB));
      expect({ status: single.status, code: single.body.code }).toEqual({ status: 404, code: 'RESIDENT_NOT_FOUND' });

      const residents = await upload(county.adminToken, 'residents', ['name,id_number,phone,address,grid_code,lng,lat', `赵六,${idNumber},,,${gridA},,`, `钱七,110105194912310021,,,${gridA},,`, `孙八,${idNumber17('11010519800101000')},,,${gridB},,`].join('\n'));
      const job = await finished(county.adminToken, residents.body.id);
      expect(job).toMatchObject({ status: 'done', accepted: 1, rejected: 2 });
      expect(job.errors).toEqual([
        { line: 2, messages: [expect.stringMatching(/^id_number: .*already registered/)] },
        { line: 3, messages: [expect.stringMatching(/^id_number: .*GB 11643/)] },
      ]);
      expect(JSON.stringify(job)).not.toContain('110105194912310021');
      const summary = await platform.http().get(`/api/v1/grids/${gridB}/summary`).set(bearer(county.adminToken));
      expect(summary.body).toMatchObject({ gridCode: gridB, residents: 1, households: 1, vacantHouseholds: 1 });
    });

    it('registers enterprises with a verified credit code in the grid of their point', async () => {
      const res = await platform.http().post('/api/v1/enterprises').set(bearer(county.adminToken)).send({ name: '示例化工有限公司', creditCode: '91350100M000100Y43', kind: 'enterprise', type: 'hazardous_chemicals', riskLevel: 'major', lng: 120.015, lat: 30.002 });
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 201, body: { gridCode: gridB, riskLabel: '较大风险', typeLabel: '危险化学品' } });
      const bad = await platform.http().post('/api/v1/enterprises').set(bearer(county.adminToken)).send({ name: 'x', creditCode: '91350100M000100Y44', kind: 'enterprise', type: 'retail', riskLevel: 'low', gridCode: gridA });
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      const outside = await platform.http().post('/api/v1/enterprises').set(bearer(county.adminToken)).send({ name: 'y', creditCode: '91350100M000100Y43', kind: 'place', type: 'retail', riskLevel: 'low', lng: 121.9, lat: 31.9 });
      expect({ status: outside.status, code: outside.body.code }).toEqual({ status: 422, code: 'GRID_POINT_OUTSIDE_GRIDS' });
      expect((await platform.http().get('/api/v1/enterprises').set(bearer(workerA))).body.items).toEqual([]);
      const workload = await platform.http().get(`/api/v1/grid-workers/${(await platform.http().get('/api/v1/grid-events').set(bearer(workerA))).body.items[0].reportedBy}/workload`).set(bearer(county.adminToken));
      expect(workload.body).toMatchObject({ eventsReported: expect.any(Number), eventsByStatus: { reported: expect.any(Number) } });
      expect(workload.body.eventsReported).toBeGreaterThanOrEqual(2);
    });

    const householdFile = (rows: number, badEvery: number) => {
      const lines = ['address,grid_code,lng,lat,members,meter_number,vacant,left_behind_elderly,low_income'];
      for (let n = 1; n <= rows; n++) {
        if (n % badEvery === 0) lines.push(`批量${n}号,,120.5,30.5,1,,0,0,0`);
        else lines.push(`批量${n}号,,${(120.0005 + (n % 19) * 0.001).toFixed(4)},${(30.0005 + (n % 9) * 0.001).toFixed(4)},${n % 6},DB${String(n).padStart(6, '0')},${n % 10 === 1 ? '是' : '否'},0,0`);
      }
      return Buffer.from(lines.join('\n'));
    };

    it('imports 1,000 households placed by their points into the right grids', async () => {
      const started = await upload(county.adminToken, 'households', householdFile(1000, 250));
      const job = await finished(county.adminToken, started.body.id);
      expect(job).toMatchObject({ status: 'done', rowsTotal: 1000, rowsDone: 1000, accepted: 996, rejected: 4 });
      expect(job.errors.map((e: { line: number }) => e.line)).toEqual([251, 501, 751, 1001]);
      const [a, b] = await Promise.all([gridA, gridB].map(async (code) => (await platform.http().get(`/api/v1/grids/${code}/summary`).set(bearer(county.adminToken))).body.households as number));
      // Points with lng below 120.01 lie in A, the rest in B (plus the three households of the earlier file).
      expect((a as number) + (b as number)).toBe(996 + 3);
      expect(a).toBeGreaterThan(400);
      expect(b).toBeGreaterThan(400);
    });

    it('imports a 100,000-row file with bounded memory and reports its bad rows', async () => {
      const file = householdFile(100_000, 1000);
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const startedAt = Date.now();
      try {
        const started = await upload(county.adminToken, 'households', file);
        expect(started.status).toBe(202);
        const job = await finished(county.adminToken, started.body.id, 240_000);
        const seconds = (Date.now() - startedAt) / 1000;
        expect(job).toMatchObject({ status: 'done', rowsTotal: 100_000, rowsDone: 100_000, accepted: 99_900, rejected: 100 });
        expect(job.errors).toHaveLength(100);
        expect(job.errors[0]).toEqual({ line: 1001, messages: [expect.stringMatching(/^lng,lat: .*in no grid/)] });
        const growthMb = (peak - baseline) / 1024 / 1024;
        console.log(`100,000-row household import: ${(100_000 / seconds).toFixed(0)} rows/s, peak RSS growth ${growthMb.toFixed(1)} MB`);
        expect(growthMb).toBeLessThan(150);
      } finally {
        clearInterval(sampler);
      }
    }, 300_000);

    it('names a grid\'s workers as identity knows them, and refuses a user who is not a grid worker of the town', async () => {
      const [a, admin] = await Promise.all([workerA, county.adminToken].map(async (t) => (await platform.http().get('/api/v1/auth/me').set(bearer(t))).body.id as string));
      const withWorkers = (fullTime: string[], partTime: string[]) => ({
        type: 'Feature',
        properties: { code: gridA, name: '一村第一网格', type: 'rural', partyBranch: { name: '一村第一网格党支部', secretary: '王书记', memberCount: 9, volunteers: ['李志愿'] }, fullTimeWorkerIds: fullTime, partTimeWorkerIds: partTime },
        geometry: rectangle(120, 30, 120.01, 30.01),
      });
      const refused = await importGrids(county.adminToken, { townCode: county.townA, grids: { type: 'FeatureCollection', features: [withWorkers([a], [admin])] } });
      expect({ status: refused.status, code: refused.body.code, errors: refused.body.errors }).toEqual({
        status: 422,
        code: 'GRID_IMPORT_INVALID',
        errors: [{ field: 'grids.features[0].properties.partTimeWorkerIds[0]', messages: [expect.stringContaining('grid_worker')] }],
      });
      const redrawn = await importGrids(county.adminToken, { townCode: county.townA, grids: { type: 'FeatureCollection', features: [withWorkers([a], [])] } });
      expect({ status: redrawn.status, updated: redrawn.body.updated }).toEqual({ status: 201, updated: 1 });
      const grid = await platform.http().get(`/api/v1/grids/${gridA}`).set(bearer(workerA));
      expect(grid.body).toMatchObject({ fullTimeWorkerIds: [a], workers: [{ userId: a, displayName: '网格员a', fullTime: true }], partyBranch: { secretary: '王书记', memberCount: 9, volunteers: ['李志愿'] } });
      const workload = await platform.http().get(`/api/v1/grid-workers/${a}/workload`).set(bearer(workerA));
      expect(workload.body).toMatchObject({ userId: a, fullTimeGrids: [gridA], partTimeGrids: [] });
      expect((await platform.http().get(`/api/v1/grid-workers/${a}/workload`).set(bearer(workerB))).status).toBe(404);

      // The worker registers a vacant household of their grid; another grid's worker may not write there.
      const household = await platform.http().post('/api/v1/households').set(bearer(workerA)).send({ address: '一村99号', members: 0, meterNumber: 'DB-9999', flags: ['vacant', 'left_behind_elderly'], lng: 120.001, lat: 30.009 });
      expect({ status: household.status, body: household.body }).toMatchObject({ status: 201, body: { gridCode: gridA, meterNumber: 'DB-9999', flags: ['vacant', 'left_behind_elderly'] } });
      const intruder = await platform.http().post('/api/v1/households').set(bearer(workerB)).send({ address: '一村98号', members: 1, flags: [], gridCode: gridA });
      expect({ status: intruder.status, code: intruder.body.code }).toEqual({ status: 403, code: 'FORBIDDEN_JURISDICTION' });
    });

    it('keeps a grid inside its village\'s boundary where one is known', async () => {
      const village = { code: `${county.townA}203`, name: '三村', boundary: rectangle(120.05, 30.05, 120.07, 30.07) };
      const spilling = await importGrids(county.adminToken, { townCode: county.townA, villages: [village], grids: { type: 'FeatureCollection', features: [feature(`${county.townA}203001`, '三村第一网格', rectangle(120.06, 30.05, 120.08, 30.06))] } });
      expect({ status: spilling.status, errors: spilling.body.errors }).toEqual({ status: 422, errors: [{ field: 'grids.features[0].geometry', messages: [expect.stringMatching(/^outside_parent: .*at \[\[120\.08,30\.05\]/)] }] });
      const inside = await importGrids(county.adminToken, { townCode: county.townA, villages: [village], grids: { type: 'FeatureCollection', features: [feature(`${county.townA}203001`, '三村第一网格', rectangle(120.05, 30.05, 120.06, 30.06))] } });
      expect(inside.status).toBe(201);
      // The stored village boundary applies to later imports too.
      const later = await importGrids(county.adminToken, { townCode: county.townA, grids: { type: 'FeatureCollection', features: [feature(`${county.townA}203002`, '三村第二网格', rectangle(120.065, 30.05, 120.075, 30.06))] } });
      expect({ status: later.status, field: later.body.errors?.[0]?.field }).toEqual({ status: 422, field: 'grids.features[0].geometry' });
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
