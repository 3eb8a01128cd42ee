import { PrivateNatsServer, bearer, login, startPlatform, type RunningPlatform } from '@yiti/testing';

/** A reply larger than the broker takes is a clean error, and the service goes on serving. */
describe('a reply over the broker limit', () => {
  const MAX_PAYLOAD = 16 * 1024;
  let nats: PrivateNatsServer;
  let platform: RunningPlatform;

  beforeAll(async () => {
    nats = await PrivateNatsServer.start({ maxPayload: MAX_PAYLOAD });
    platform = await startPlatform({ NATS_URL: nats.url, RPC_TIMEOUT_MS: '5000' });
  });

  afterAll(async () => {
    await platform?.close();
    await nats?.stop();
  });

  it('answers 502 REPLY_TOO_LARGE naming the limit, then answers the next request', async () => {
    const auth = bearer(await login(platform, 'jiangsu.admin'));
    // The demo county's catalog (187 items): a page of 100 is far over 16 KB.
    const versionId = (await platform.http().get('/api/v1/counties/320585/catalog').set(auth)).body.version.id as string;
    const tooLarge = await platform.http().get('/api/v1/catalog-items').set(auth).query({ versionId, pageSize: 100 });
    expect(tooLarge.status).toBe(502);
    expect(tooLarge.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tooLarge.body.code).toBe('REPLY_TOO_LARGE');
    expect(tooLarge.body.detail).toContain(`max_payload ${MAX_PAYLOAD} bytes`);

    const small = await platform.http().get('/api/v1/catalog-items').set(auth).query({ versionId, pageSize: 2 });
    expect(small.status).toBe(200);
    expect(small.body.items).toHaveLength(2);
  });
});
