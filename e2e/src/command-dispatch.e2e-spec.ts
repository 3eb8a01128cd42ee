import request from 'supertest';
import { COMMAND_DISPATCH_SUBJECTS } from '@yiti/contracts';
import { COMMAND_DISPATCH_SERVICE_NAME } from '@yiti/command-dispatch-service';
import { ServiceClient } from '@yiti/platform';
import { bearer, login, startPlatform, type RunningPlatform } from '@yiti/testing';

describe('command-dispatch service (whole platform)', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('is ready: /health/ready answers 200 with PostgreSQL and NATS up', async () => {
    const res = await request(platform.services[COMMAND_DISPATCH_SERVICE_NAME].getHttpServer()).get('/health/ready');
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { status: 'ok', info: { postgres: { status: 'up' }, nats: { status: 'up' } } } });
  });

  it('answers its status subject over NATS', async () => {
    const status = await platform.gateway.get(ServiceClient).request(COMMAND_DISPATCH_SUBJECTS.status, {});
    expect(status).toMatchObject({ service: COMMAND_DISPATCH_SERVICE_NAME, status: 'ok' });
  });

  it('answers GET /api/v1/command-dispatch/status through the gateway, for a signed-in user only', async () => {
    expect((await platform.http().get('/api/v1/command-dispatch/status')).status).toBe(401);
    const clerk = await login(platform, 'liuhe.clerk');
    const res = await platform.http().get('/api/v1/command-dispatch/status').set(bearer(clerk));
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { service: COMMAND_DISPATCH_SERVICE_NAME, status: 'ok' } });
  });
});
