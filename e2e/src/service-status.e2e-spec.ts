import type { NatsConnection } from 'nats';
import request from 'supertest';
import { defineSubject, type ServiceStatus } from '@yiti/contracts';
import { buildInfo, opsStatusSubject, ServiceClient, type OpsServiceStatus } from '@yiti/platform';
import { BACKEND_SERVICES, bearer, eventBus, login, startPlatform, TEST_SUBJECT_PREFIX, type RunningPlatform } from '@yiti/testing';

/**
 * Every service behind the gateway (BACKEND_SERVICES, so a generated service is covered by adding it
 * there), started by the harness: /health/ready, its status subject over NATS and through the gateway,
 * and the health and version it answers to `yiti-ops doctor`. One spec for all services: the
 * generator emits no copy of it.
 */

/** Services from before the generator: no status subject and route of their own (their own e2e specs cover their routes). */
const WITHOUT_STATUS_ROUTE = new Set(['identity', 'approval-window']);
const NAMES = BACKEND_SERVICES.map((s) => s.name);
const WITH_STATUS_ROUTE = NAMES.filter((name) => !WITHOUT_STATUS_ROUTE.has(name));

/** The status subject every generated service answers (its contracts' `<SERVICE>_SUBJECTS.status`). */
const statusSubject = (name: string) => defineSubject(name, 'service', 'status', null).returns<ServiceStatus>();

describe('every service behind the gateway (whole platform)', () => {
  let platform: RunningPlatform;
  let nc: NatsConnection;
  let clerk: string;

  beforeAll(async () => {
    platform = await startPlatform();
    nc = await eventBus('service-status-spec');
    clerk = await login(platform, 'liuhe.clerk');
  });

  afterAll(async () => {
    await nc?.drain();
    await platform?.close();
  });

  it('covers every service of the harness', () => {
    expect(Object.keys(platform.services).sort()).toEqual([...NAMES].sort());
    expect(WITH_STATUS_ROUTE.length).toBeGreaterThan(0);
  });

  it.each(NAMES)('%s is ready: /health/ready answers 200 with PostgreSQL and NATS up', async (name) => {
    const res = await request(platform.services[name]?.getHttpServer()).get('/health/ready');
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { status: 'ok', info: { postgres: { status: 'up' }, nats: { status: 'up' } } } });
  });

  it.each(WITH_STATUS_ROUTE)('%s answers its status subject over NATS', async (name) => {
    const status = await platform.gateway.get(ServiceClient).request(statusSubject(name), {});
    expect(status).toMatchObject({ service: name, status: 'ok' });
  });

  it.each(WITH_STATUS_ROUTE)('%s answers GET /api/v1/<service>/status through the gateway, for a signed-in user only', async (name) => {
    expect((await platform.http().get(`/api/v1/${name}/status`)).status).toBe(401);
    const res = await platform.http().get(`/api/v1/${name}/status`).set(bearer(clerk));
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { service: name, status: 'ok' } });
  });

  it.each([...NAMES, 'gateway'])('%s answers its health and version on the ops status subject (yiti-ops doctor)', async (name) => {
    const reply = await nc.request(opsStatusSubject(TEST_SUBJECT_PREFIX, name), '', { timeout: 5000 });
    const status = JSON.parse(reply.string()) as OpsServiceStatus;
    const { release, commit } = buildInfo();
    expect(status).toEqual({ service: name, status: 'ok', release, commit, postgres: 'up', startedAt: expect.any(String), uptimeSeconds: expect.any(Number) });
  });
});
