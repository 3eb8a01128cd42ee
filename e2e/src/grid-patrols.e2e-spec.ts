import { randomUUID } from 'node:crypto';
import { trackDistanceMetres } from '@yiti/grid-service';
import { bearer, freshCounty, login, startPlatform, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

const rectangle = (west: number, south: number, east: number, north: number) => ({ type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] });
const feature = (code: string, name: string, geometry: object) => ({ type: 'Feature', properties: { code, name, type: 'rural', partyBranch: { name: `${name}党支部`, secretary: '王书记', memberCount: 9, volunteers: [] } }, geometry });

describe('grid patrols 巡查 (through the gateway)', () => {
  let platform: RunningPlatform;
  let county: FreshCounty;
  let workerA: string;
  let workerB: string;
  let gridA: string;
  const http = () => platform.http();

  beforeAll(async () => {
    platform = await startPlatform();
    county = await freshCounty(platform);
    gridA = `${county.townA}201001`;
    const gridB = `${county.townA}201002`;
    const imported = await http()
      .post('/api/v1/grid-imports')
      .set(bearer(county.adminToken))
      .send({ townCode: county.townA, townBoundary: rectangle(120, 30, 120.1, 30.1), grids: { type: 'FeatureCollection', features: [feature(gridA, '一村第一网格', rectangle(120, 30, 120.01, 30.01)), feature(gridB, '一村第二网格', rectangle(120.01, 30, 120.02, 30.01))] } });
    expect(imported.status).toBe(201);
    const root = await login(platform, 'jiangsu.admin');
    for (const [code, name] of [[`${county.townA}201`, '一村'], [gridA, '一村第一网格'], [gridB, '一村第二网格']]) expect((await http().post('/api/v1/jurisdictions').set(bearer(root)).send({ code, name })).status).toBe(201);
    const org = await http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'JZF', name: '甲镇人民政府', kind: 'town_government', jurisdictionCode: county.townA });
    const worker = async (grid: string) => {
      const username = `patrol.${randomUUID().slice(0, 8)}`;
      const user = await http().post('/api/v1/users').set(bearer(county.adminToken)).send({ username, displayName: '网格员', password: TEST_PASSWORD, organisationId: org.body.id, roles: ['grid_worker'], jurisdictionCode: grid });
      expect(user.status).toBe(201);
      return login(platform, username, TEST_PASSWORD);
    };
    workerA = await worker(gridA);
    workerB = await worker(gridB);
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('start → track points → end: distance from the stored track, then closed to more points, and hidden from another grid\'s worker', async () => {
    const started = await http().post('/api/v1/patrols').set(bearer(workerA)).send({ gridCode: gridA });
    expect({ status: started.status, body: started.body }).toMatchObject({ status: 201, body: { gridCode: gridA, status: 'open', pointCount: 0 } });
    const id = started.body.id as string;
    const t0 = Date.now() + 1000;
    const points = [
      { lng: 120.001, lat: 30.001 },
      { lng: 120.002, lat: 30.002 },
      { lng: 120.004, lat: 30.002 },
      { lng: 120.005, lat: 30.005 },
    ].map((p, i) => ({ ...p, at: new Date(t0 + i * 10_000).toISOString() }));
    expect((await http().post(`/api/v1/patrols/${id}/track-points`).set(bearer(workerA)).send({ points: points.slice(0, 2) })).body).toMatchObject({ pointCount: 2 });
    expect((await http().post(`/api/v1/patrols/${id}/track-points`).set(bearer(workerA)).send({ points: points.slice(2) })).body).toMatchObject({ pointCount: 4 });

    const ended = await http().post(`/api/v1/patrols/${id}/end`).set(bearer(workerA)).send({});
    expect({ status: ended.status, state: ended.body.status }).toEqual({ status: 200, state: 'ended' });
    expect(Math.abs(ended.body.distanceMetres - trackDistanceMetres(points))).toBeLessThanOrEqual(2);
    expect(ended.body.distanceMetres).toBeGreaterThan(400);

    const late = await http().post(`/api/v1/patrols/${id}/track-points`).set(bearer(workerA)).send({ points: [{ lng: 120.006, lat: 30.006, at: new Date(t0 + 100_000).toISOString() }] });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'INVALID_TRANSITION' });

    const one = await http().get(`/api/v1/patrols/${id}`).set(bearer(workerA));
    expect(one.body).toMatchObject({ status: 'ended', pointCount: 4, track: { type: 'LineString', coordinates: points.map((p) => [p.lng, p.lat]) } });
    expect((await http().get('/api/v1/patrols').query({ gridCode: gridA }).set(bearer(workerA))).body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect((await http().get(`/api/v1/patrols/${id}`).set(bearer(workerB))).status).toBe(404);
  });
});
