import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer, pollUntil, startGateway, startPlatform, type RunningPlatform } from '@yiti/testing';
import { CHANNEL_CREDENTIAL_TTL_MS } from '@yiti/gateway-service';
import { dispatchCounty, hotlineTicket, type DispatchCounty } from './command-dispatch-fixtures';

/**
 * A gateway remembers a verified channel credential for CHANNEL_CREDENTIAL_TTL_MS (10 s) so that a
 * channel's steady stream of tickets does not ask identity each time; a revocation must still stop
 * it: at once on the gateway that served the revocation, and on every other gateway as soon as
 * identity's channel-credential.revoked event arrives — well within the 10 s bound.
 */
describe('command dispatch: a revoked channel credential is refused although gateways remember verified ones', () => {
  let platform: RunningPlatform;
  let second: INestApplication;
  let d: DispatchCounty;
  const post = (gateway: () => ReturnType<typeof request>, authorization: string, body: object = hotlineTicket(d.county.townA)) =>
    gateway().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: authorization }).send(body);
  const issue = async (): Promise<{ id: string; authorization: string }> => {
    const issued = await platform.http().post('/api/v1/channel-credentials').set(bearer(d.county.adminToken)).send({ countyCode: d.county.countyCode, channel: 'hotline_12345', name: '12345 热线(吊销测试)' });
    expect(issued.status).toBe(201);
    return issued.body as { id: string; authorization: string };
  };

  beforeAll(async () => {
    platform = await startPlatform();
    second = await startGateway();
    d = await dispatchCounty(platform);
  });

  afterAll(async () => {
    await second?.close();
    await platform?.close();
  });

  const viaSecond = () => request(second.getHttpServer());

  it('refuses a credential on the gateway that revoked it at once, although that gateway had verified it a moment before', async () => {
    const credential = await issue();
    expect((await post(platform.http, credential.authorization)).status).toBe(200);
    const revoked = await platform.http().post(`/api/v1/channel-credentials/${credential.id}/revoke`).set(bearer(d.county.adminToken));
    expect(revoked.status).toBe(200);
    const refused = await post(platform.http, credential.authorization);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('CHANNEL_CREDENTIAL_INVALID');
  });

  it('refuses it on another gateway as soon as the revocation event arrives, long before its remembered answer would expire', async () => {
    const credential = await issue();
    // Both gateways verify it and remember the answer.
    expect((await post(platform.http, credential.authorization)).status).toBe(200);
    expect((await post(viaSecond, credential.authorization)).status).toBe(200);
    const started = Date.now();
    expect((await platform.http().post(`/api/v1/channel-credentials/${credential.id}/revoke`).set(bearer(d.county.adminToken))).status).toBe(200);
    // Every later attempt is a new ticket: nothing of a refused one may be written.
    const refused = await pollUntil(() => post(viaSecond, credential.authorization), (res) => res.status === 401, { timeoutMs: CHANNEL_CREDENTIAL_TTL_MS / 2, what: 'the second gateway refusing the revoked credential' });
    expect(refused.body.code).toBe('CHANNEL_CREDENTIAL_INVALID');
    expect(Date.now() - started).toBeLessThan(CHANNEL_CREDENTIAL_TTL_MS / 2);
    // And it stays refused (an answer asked for before the revocation is not remembered).
    expect((await post(viaSecond, credential.authorization)).status).toBe(401);
    // The county's other credential keeps working on both.
    expect((await post(viaSecond, d.hotline)).status).toBe(200);
    expect((await post(platform.http, d.hotline)).status).toBe(200);
  });
});
