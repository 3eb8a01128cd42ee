import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { TEST_DATABASE_URL, TcpProxy, bearer, pollUntil, startGateway, startIdentity } from '@yiti/testing';

const LEASE_SECONDS = 4;

/**
 * A gateway loses PostgreSQL mid-request (so it can neither record nor release the
 * Idempotency-Key) and is then gone; a retry at another gateway gets the true outcome within the
 * claim's lease, whether the first attempt committed or not.
 */
describe('Idempotency-Key claims left in progress', () => {
  let identity: INestApplication;
  /** Gateways that lose PostgreSQL (each behind its own proxy), and the one the client retries at. */
  let failingA: { gateway: INestApplication; proxy: TcpProxy };
  let failingB: { gateway: INestApplication; proxy: TcpProxy };
  let survivor: INestApplication;
  let db: Client;
  let auth: Record<string, string>;

  beforeAll(async () => {
    identity = await startIdentity();
    const gatewayBehindProxy = async () => {
      const proxy = await TcpProxy.to(TEST_DATABASE_URL);
      return { proxy, gateway: await startGateway({ DATABASE_URL: proxy.urlFor(TEST_DATABASE_URL), IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS) }) };
    };
    failingA = await gatewayBehindProxy();
    failingB = await gatewayBehindProxy();
    survivor = await startGateway({ IDEMPOTENCY_LEASE_SECONDS: String(LEASE_SECONDS) });
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const login = await request(survivor.getHttpServer()).post('/api/v1/auth/login').send({ username: 'taicang.admin', password: 'Yiti@2026demo' });
    auth = bearer(login.body.accessToken as string);
  });

  afterAll(async () => {
    await db?.end();
    await survivor?.close();
    for (const { gateway, proxy } of [failingA, failingB].filter(Boolean)) {
      await proxy.restore();
      await gateway.close();
      await proxy.cut();
    }
    await identity?.close();
  });

  const organisation = (code: string) => ({ code, name: '幂等恢复测试机构', kind: 'town_functional_institution', jurisdictionCode: '320585101' });
  const rowsWithCode = async (code: string) => (await db.query<{ id: string }>('SELECT id FROM identity.organisation WHERE code = $1', [code])).rows;

  /**
   * Sends the request through the failing gateway with the identity service held on a table lock;
   * `whileBlocked` runs once the service's insert waits, then the lock goes. Returns the gateway's answer.
   */
  async function sendWhileBlocked(gateway: INestApplication, key: string, code: string, whileBlocked: (servicePid: number) => Promise<void>) {
    const lock = new Client({ connectionString: TEST_DATABASE_URL });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE identity.organisation IN SHARE MODE');
      const answer = request(gateway.getHttpServer()).post('/api/v1/organisations').set(auth).set('Idempotency-Key', key).send(organisation(code)).then((res) => res);
      const waiting = await pollUntil(
        () => db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'identity' AND wait_event_type = 'Lock' AND query ILIKE '%organisation%'`),
        (result) => result.rows.length > 0,
        { what: "the identity service's insert to wait on the lock" },
      );
      await whileBlocked(waiting.rows[0]?.pid as number);
      await lock.query('ROLLBACK');
      return await answer;
    } finally {
      await lock.end();
    }
  }

  /** Retries at the surviving gateway: 409 with Retry-After while the lease holds, then the outcome. */
  async function retryUntilResolved(key: string, code: string) {
    const early = await request(survivor.getHttpServer()).post('/api/v1/organisations').set(auth).set('Idempotency-Key', key).send(organisation(code));
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(Number(early.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(early.headers['retry-after'])).toBeLessThanOrEqual(LEASE_SECONDS);
    return pollUntil(
      () => request(survivor.getHttpServer()).post('/api/v1/organisations').set(auth).set('Idempotency-Key', key).send(organisation(code)),
      (res) => res.status !== 409,
      { timeoutMs: (LEASE_SECONDS + 10) * 1000, intervalMs: 250, what: 'the claim to be resolved' },
    );
  }

  it('answers the committed result when the first attempt committed but its gateway could not record it', async () => {
    const code = `IDEM-C-${Date.now()}`;
    const key = `recover-committed-${Date.now()}`;
    const first = failingA;
    const answer = await sendWhileBlocked(first.gateway, key, code, () => first.proxy.cut());
    expect(answer.status).toBe(503);
    const [committed] = await rowsWithCode(code);
    expect(committed).toBeDefined();
    await first.gateway.close();

    const retried = await retryUntilResolved(key, code);
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ id: committed?.id, code });
    expect(await rowsWithCode(code)).toHaveLength(1);
    const replay = await request(survivor.getHttpServer()).post('/api/v1/organisations').set(auth).set('Idempotency-Key', key).send(organisation(code));
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(committed?.id);
  });

  it('runs the request when the first attempt lost its PostgreSQL connection before committing', async () => {
    const code = `IDEM-N-${Date.now()}`;
    const key = `recover-uncommitted-${Date.now()}`;
    const second = failingB;
    const answer = await sendWhileBlocked(second.gateway, key, code, async (servicePid) => {
      await second.proxy.cut();
      await db.query('SELECT pg_terminate_backend($1)', [servicePid]);
    });
    expect(answer.status).toBe(503);
    expect(await rowsWithCode(code)).toHaveLength(0);

    const retried = await retryUntilResolved(key, code);
    expect(retried.status).toBe(201);
    const rows = await rowsWithCode(code);
    expect(rows).toHaveLength(1);
    expect(retried.body.id).toBe(rows[0]?.id);
  });
});
