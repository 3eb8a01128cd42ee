import request from 'supertest';
import { ENFORCEMENT_SUBJECTS } from '@yiti/contracts';
import { ENFORCEMENT_SERVICE_NAME } from '@yiti/enforcement-service';
import { ServiceClient } from '@yiti/platform';
import { bearer, login, startPlatform, type RunningPlatform } from '@yiti/testing';

describe('enforcement service (whole platform)', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('is ready: /health/ready answers 200 with PostgreSQL and NATS up', async () => {
    const res = await request(platform.services[ENFORCEMENT_SERVICE_NAME].getHttpServer()).get('/health/ready');
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { status: 'ok', info: { postgres: { status: 'up' }, nats: { status: 'up' } } } });
  });

  it('answers its status subject over NATS', async () => {
    const status = await platform.gateway.get(ServiceClient).request(ENFORCEMENT_SUBJECTS.status, {});
    expect(status).toMatchObject({ service: ENFORCEMENT_SERVICE_NAME, status: 'ok' });
  });

  it('answers GET /api/v1/enforcement/status through the gateway, for a signed-in user only', async () => {
    expect((await platform.http().get('/api/v1/enforcement/status')).status).toBe(401);
    const clerk = await login(platform, 'liuhe.clerk');
    const res = await platform.http().get('/api/v1/enforcement/status').set(bearer(clerk));
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { service: ENFORCEMENT_SERVICE_NAME, status: 'ok' } });
  });
});
