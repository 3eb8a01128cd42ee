import type { INestApplication } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import request from 'supertest';
import { DEMO_PASSWORD, bearer, pollUntil, startGateway, startIdentity } from '@yiti/testing';

interface Syncing {
  syncs: number;
}

/** Rate limits that fit a county: per user behind one NAT address, login per address and username, shared by replicas. */
describe('rate limits', () => {
  const LIMIT = 5;
  let identity: INestApplication;
  let replicaA: INestApplication;
  let replicaB: INestApplication;

  beforeAll(async () => {
    identity = await startIdentity();
    const limits = { RATE_LIMIT_PER_MINUTE: String(LIMIT), LOGIN_RATE_LIMIT_PER_MINUTE: '100', LOGIN_USERNAME_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_SYNC_MS: '100' };
    replicaA = await startGateway(limits);
    replicaB = await startGateway(limits);
  });

  afterAll(async () => {
    await replicaA?.close();
    await replicaB?.close();
    await identity?.close();
  });

  const http = (replica: INestApplication) => request(replica.getHttpServer());
  /** Every request comes from the county's one NAT address unless told otherwise. */
  const NAT = '203.0.113.7';
  const login = async (username: string) => {
    const res = await http(replicaA).post('/api/v1/auth/login').set('X-Forwarded-For', NAT).send({ username, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    return bearer(res.body.accessToken as string);
  };
  const me = (replica: INestApplication, auth: Record<string, string>) => http(replica).get('/api/v1/auth/me').set('X-Forwarded-For', NAT).set(auth);
  /** Waits for a replica to complete two more syncs: everything counted before was then shared and read. */
  const twoSyncs = async (replica: INestApplication) => {
    const storage = replica.get<Syncing>(ThrottlerStorage, { strict: false });
    const from = storage.syncs;
    await pollUntil(async () => storage.syncs, (n) => n >= from + 2, { what: 'two rate limit syncs' });
  };

  it('limits signed-in clerks per user, not per shared address', async () => {
    const first = await login('liuhe.clerk');
    const second = await login('chengxiang.clerk');
    for (let i = 0; i < LIMIT; i++) expect((await me(replicaA, first)).status).toBe(200);
    const over = await me(replicaA, first);
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('RATE_LIMITED');
    expect((await me(replicaA, second)).status).toBe(200);
  });

  it('limits login per username from any address', async () => {
    const username = `nobody-${Date.now()}`;
    const attempt = (address: string) => http(replicaA).post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ username, password: 'wrong-password-1' });
    expect((await attempt('198.51.100.1')).status).toBe(401);
    expect((await attempt('198.51.100.2')).status).toBe(401);
    expect((await attempt('198.51.100.3')).status).toBe(401);
    const fourth = await attempt('198.51.100.4');
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('RATE_LIMITED');
  });

  it('shares the limits between gateway replicas', async () => {
    const auth = await login('taicang.admin');
    for (let i = 0; i < 3; i++) expect((await me(replicaA, auth)).status).toBe(200);
    await twoSyncs(replicaA);
    await twoSyncs(replicaB);
    expect((await me(replicaB, auth)).status).toBe(200);
    expect((await me(replicaB, auth)).status).toBe(200);
    expect((await me(replicaB, auth)).status).toBe(429);
  });
});
