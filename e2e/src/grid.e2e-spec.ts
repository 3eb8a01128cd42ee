import request from 'supertest';
import { GRID_SUBJECTS } from '@yiti/contracts';
import { GRID_SERVICE_NAME } from '@yiti/grid-service';
import { ServiceClient } from '@yiti/platform';
import { bearer, login, startPlatform, type RunningPlatform } from '@yiti/testing';

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
});
