import { TEST_DATABASE_URL, TcpProxy, bearer, login, pollUntil, startPlatform, type RunningPlatform } from '@yiti/testing';

/** PostgreSQL goes away: requests are refused 503 with Retry-After, readiness says 503, and service resumes when it is back. */
describe('PostgreSQL unavailable', () => {
  let proxy: TcpProxy;
  let platform: RunningPlatform;

  beforeAll(async () => {
    proxy = await TcpProxy.to(TEST_DATABASE_URL);
    platform = await startPlatform({ DATABASE_URL: proxy.urlFor(TEST_DATABASE_URL) });
  });

  afterAll(async () => {
    await proxy?.restore();
    await platform?.close();
    await proxy?.cut();
  });

  it('answers 503 problem+json with Retry-After, readiness 503, and serves again once it is back', async () => {
    const auth = bearer(await login(platform, 'taicang.admin'));
    await proxy.cut();
    try {
      const read = await platform.http().get('/api/v1/organisations').set(auth);
      expect(read.status).toBe(503);
      expect(read.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(read.headers['retry-after']).toBe('5');
      expect(read.body.code).toBe('SERVICE_UNAVAILABLE');

      // The gateway's own use of PostgreSQL (claiming an Idempotency-Key) fails the same way.
      const write = await platform.http().post('/api/v1/organisations').set(auth).set('Idempotency-Key', `outage-${Date.now()}`).send({ code: `DB-OUT-${Date.now()}`, name: '断库期间机构', kind: 'town_functional_institution', jurisdictionCode: '320585101' });
      expect(write.status).toBe(503);
      expect(write.headers['retry-after']).toBe('5');
      expect(write.body.code).toBe('SERVICE_UNAVAILABLE');

      const ready = await platform.http().get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(ready.headers['retry-after']).toBe('5');
      expect(ready.body.detail).toContain('postgres');
    } finally {
      await proxy.restore();
    }
    const after = await pollUntil(() => platform.http().get('/api/v1/organisations').set(auth), (res) => res.status !== 503, { timeoutMs: 15_000, intervalMs: 200, what: 'PostgreSQL to answer again' });
    expect(after.status).toBe(200);
    expect((await platform.http().get('/health/ready')).status).toBe(200);
  });

  it('answers 503, not a gateway timeout, when PostgreSQL accepts connections but never answers', async () => {
    const auth = bearer(await login(platform, 'taicang.admin'));
    await proxy.hang();
    try {
      const read = await platform.http().get('/api/v1/organisations').set(auth);
      expect(read.status).toBe(503);
      expect(read.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(read.headers['retry-after']).toBe('5');
    } finally {
      await proxy.restore();
    }
  });
});
