import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AckPolicy, DeliverPolicy, connect } from 'nats';
import { EVENT_STREAM, IDENTITY_EVENTS, IDENTITY_SUBJECTS, type EventEnvelope } from '@yiti/contracts';
import { verifyAuditChain } from '@yiti/platform';
import { bearer, freshCounty, login, pollUntil, startPlatform, TEST_DATABASE_URL, TEST_JWT_SECRET, TEST_NATS_URL, TEST_PASSWORD, TEST_SUBJECT_PREFIX, type FreshCounty, type RunningPlatform, TEST_AUDIT_KEYS } from '@yiti/testing';

describe('gateway → identity, end to end', () => {
  let platform: RunningPlatform;
  let county: FreshCounty;

  beforeAll(async () => {
    platform = await startPlatform();
    county = await freshCounty(platform);
  });

  afterAll(async () => {
    await platform?.close();
  });

  async function createUser(token: string, body: Record<string, unknown>) {
    return platform.http().post('/api/v1/users').set(bearer(token)).send({ displayName: '测试用户', password: TEST_PASSWORD, ...body });
  }

  it('lets a county admin build an organisation and a user who can then log in', async () => {
    const org = await platform
      .http()
      .post('/api/v1/organisations')
      .set(bearer(county.adminToken))
      .send({ code: 'A-BMFW', name: '甲镇便民服务中心', kind: 'service_centre', jurisdictionCode: county.townA });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({ code: 'A-BMFW', kind: 'service_centre', kindLabel: expect.stringContaining('便民服务中心'), jurisdictionCode: county.townA, countyCode: county.countyCode });

    const clerk = await createUser(county.adminToken, { username: `clerk.a.${county.countyCode}`, organisationId: org.body.id, roles: ['window_clerk'] });
    expect(clerk.status).toBe(201);
    expect(clerk.body).toMatchObject({ roles: ['window_clerk'], status: 'active', jurisdictionCode: county.townA });
    expect(clerk.body).not.toHaveProperty('passwordHash');

    const token = await login(platform, clerk.body.username, TEST_PASSWORD);
    const me = await platform.http().get('/api/v1/auth/me').set(bearer(token));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(clerk.body.id);
  });

  it('hides town B from a town A clerk: single records are 404, lists are scoped', async () => {
    const orgA = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'A2-BMFW', name: '甲镇服务中心二', kind: 'service_centre', jurisdictionCode: county.townA });
    const orgB = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'B-BMFW', name: '乙镇便民服务中心', kind: 'service_centre', jurisdictionCode: county.townB });
    const clerkA = await createUser(county.adminToken, { username: `clerk.a2.${county.countyCode}`, organisationId: orgA.body.id, roles: ['window_clerk'] });
    const clerkB = await createUser(county.adminToken, { username: `clerk.b.${county.countyCode}`, organisationId: orgB.body.id, roles: ['window_clerk'] });
    expect([clerkA.status, clerkB.status]).toEqual([201, 201]);

    const tokenA = await login(platform, clerkA.body.username, TEST_PASSWORD);
    const other = await platform.http().get(`/api/v1/users/${clerkB.body.id}`).set(bearer(tokenA));
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('USER_NOT_FOUND');
    const otherOrg = await platform.http().get(`/api/v1/organisations/${orgB.body.id}`).set(bearer(tokenA));
    expect(otherOrg.status).toBe(404);

    const list = await platform.http().get('/api/v1/users').set(bearer(tokenA)).query({ pageSize: 100 });
    expect(list.status).toBe(200);
    expect(list.body.items.every((u: { jurisdictionCode: string }) => u.jurisdictionCode.startsWith(county.townA))).toBe(true);
    expect(list.body.items.map((u: { id: string }) => u.id)).toContain(clerkA.body.id);
    expect(list.body.total).toBe(list.body.items.length);

    const adminView = await platform.http().get(`/api/v1/users/${clerkB.body.id}`).set(bearer(county.adminToken));
    expect(adminView.status).toBe(200);
  });

  it('refuses what roles and jurisdiction do not allow', async () => {
    const clerkToken = await login(platform, 'liuhe.clerk');
    const byClerk = await platform.http().post('/api/v1/organisations').set(bearer(clerkToken)).send({ code: 'X-1', name: '越权机构', kind: 'service_centre', jurisdictionCode: '320585102' });
    expect(byClerk.status).toBe(403);
    expect(byClerk.body.code).toBe('FORBIDDEN_ROLE');

    const elsewhere = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'X-2', name: '外县机构', kind: 'service_centre', jurisdictionCode: '320585102' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('FORBIDDEN_JURISDICTION');

    const nowhere = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'X-3', name: '无区划机构', kind: 'service_centre', jurisdictionCode: `${county.countyCode}199` });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.code).toBe('JURISDICTION_NOT_FOUND');

    const org = await platform.http().get('/api/v1/organisations').set(bearer(county.adminToken)).query({ kind: 'county_department' });
    const wrongRole = await createUser(county.adminToken, { username: `bad.role.${county.countyCode}`, organisationId: org.body.items[0].id, roles: ['window_clerk'] });
    expect(wrongRole.status).toBe(422);
    expect(wrongRole.body.code).toBe('ROLE_NOT_ALLOWED_FOR_ORGANISATION');

    const provinceRole = await createUser(county.adminToken, { username: `bad.grant.${county.countyCode}`, organisationId: org.body.items[0].id, roles: ['province_admin'] });
    expect(provinceRole.status).toBe(403);
  });

  it('answers bad input with problem+json and a stable code, and writes nothing', async () => {
    const res = await platform
      .http()
      .post('/api/v1/organisations')
      .set(bearer(county.adminToken))
      .send({ code: '!', name: '', kind: 'castle', jurisdictionCode: '12', extra: true });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:yiti:problem:validation-failed', status: 400, code: 'VALIDATION_FAILED', instance: '/api/v1/organisations' });
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['code', 'extra', 'jurisdictionCode', 'kind', 'name']);

    const weakPassword = await createUser(county.adminToken, { username: `weak.${county.countyCode}`, password: 'aaaaaaaaaaaa', organisationId: county.adminOrganisationId, roles: ['department_staff'] });
    expect(weakPassword.status).toBe(400);
    expect(weakPassword.body.code).toBe('PASSWORD_POLICY_VIOLATION');
    const list = await platform.http().get('/api/v1/users').set(bearer(county.adminToken)).query({ q: `weak.${county.countyCode}` });
    expect(list.body.total).toBe(0);

    const unknownVillage = `${county.townA}999`;
    const clerkOfUnknownPlace = await createUser(county.adminToken, { username: `nowhere.${county.countyCode}`, organisationId: county.adminOrganisationId, jurisdictionCode: unknownVillage, roles: ['department_staff'] });
    expect(clerkOfUnknownPlace.status).toBe(404);
    expect(clerkOfUnknownPlace.body).toMatchObject({ code: 'JURISDICTION_NOT_FOUND', errors: [{ field: 'jurisdictionCode' }] });
    const nobody = await platform.http().get('/api/v1/users').set(bearer(county.adminToken)).query({ q: `nowhere.${county.countyCode}` });
    expect(nobody.body.total).toBe(0);

    const notJson = await platform.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('BAD_REQUEST');

    const unknownRoute = await platform.http().get('/api/v1/nothing-here').set(bearer(county.adminToken));
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.body.code).toBe('NOT_FOUND');

    const tooLarge = await platform.http().post('/api/v1/auth/login').send({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('rejects missing, forged and expired tokens with 401', async () => {
    const none = await platform.http().get('/api/v1/users');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('AUTH_REQUIRED');

    const claims = { sub: randomUUID(), sid: randomUUID(), usr: 'x', roles: ['province_admin'], org: randomUUID(), jur: '320000' };
    const forged = await new JwtService({ secret: 'another-secret-another-secret-another-secret' }).signAsync(claims, { issuer: 'yiti-identity', audience: 'yiti', expiresIn: 60 });
    const forgedRes = await platform.http().get('/api/v1/users').set(bearer(forged));
    expect(forgedRes.status).toBe(401);
    expect(forgedRes.body.code).toBe('AUTH_TOKEN_INVALID');

    const expired = await new JwtService({ secret: TEST_JWT_SECRET }).signAsync({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, { issuer: 'yiti-identity', audience: 'yiti' });
    const expiredRes = await platform.http().get('/api/v1/users').set(bearer(expired));
    expect(expiredRes.status).toBe(401);
    expect(expiredRes.body.code).toBe('AUTH_TOKEN_EXPIRED');

    const garbage = await platform.http().get('/api/v1/users').set('Authorization', 'Bearer not.a.jwt');
    expect(garbage.status).toBe(401);
  });

  it('replays an idempotent POST, and refuses the same key with another body', async () => {
    const key = `org-${randomUUID()}`;
    const body = { code: 'IDEM-1', name: '幂等测试机构', kind: 'town_functional_institution', jurisdictionCode: county.townA };
    const first = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    const again = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).set('Idempotency-Key', key).send(body);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);

    const list = await platform.http().get('/api/v1/organisations').set(bearer(county.adminToken)).query({ q: '幂等测试机构' });
    expect(list.body.total).toBe(1);

    const different = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).set('Idempotency-Key', key).send({ ...body, name: '另一个机构' });
    expect(different.status).toBe(422);
    expect(different.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // A failed request leaves its key free for the corrected retry.
    const failKey = `org-${randomUUID()}`;
    const failed = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).set('Idempotency-Key', failKey).send({ ...body, code: 'IDEMPOTENCY-1', kind: 'nope' });
    expect(failed.status).toBe(400);
    const fixed = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).set('Idempotency-Key', failKey).send({ ...body, code: 'IDEM-2' });
    expect(fixed.status).toBe(201);
  });

  it('records an idempotency key with the effect in the service, so a retry after a gateway timeout changes nothing', async () => {
    const me = (await platform.http().get('/api/v1/auth/me').set(bearer(county.adminToken))).body;
    const actor = { userId: me.id, username: me.username, roles: me.roles, organisationId: me.organisationId, jurisdictionCode: me.jurisdictionCode };
    const nc = await connect({ servers: TEST_NATS_URL });
    const call = async (key: string, data: Record<string, unknown>) => {
      const envelope = { actor, correlationId: randomUUID(), idempotencyKey: key, data };
      const reply = await nc.request(`${TEST_SUBJECT_PREFIX}${IDENTITY_SUBJECTS.createOrganisation.subject}`, JSON.stringify({ pattern: IDENTITY_SUBJECTS.createOrganisation.subject, data: envelope, id: randomUUID() }), { timeout: 10_000 });
      return JSON.parse(reply.string()) as { response?: { id: string }; err?: { code: string } };
    };
    try {
      const key = `svc-${randomUUID()}`;
      const data = { code: 'SVC-IDEM', name: '服务端幂等机构', kind: 'town_functional_institution', jurisdictionCode: county.townA };
      const first = await call(key, data);
      const retry = await call(key, data);
      expect(first.response?.id).toBeDefined();
      expect(retry.response).toEqual(first.response);
      const list = await platform.http().get('/api/v1/organisations').set(bearer(county.adminToken)).query({ q: '服务端幂等机构' });
      expect(list.body.total).toBe(1);
      const other = await call(key, { ...data, name: '另一个' });
      expect(other.err?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    } finally {
      await nc.close();
    }
  });

  it('carries X-Request-Id in and out', async () => {
    const res = await platform.http().get('/api/v1/auth/me').set(bearer(county.adminToken)).set('X-Request-Id', 'trace-abc-123');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
    const generated = await platform.http().get('/api/v1/auth/me').set(bearer(county.adminToken));
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rotates refresh tokens, ends the login when an old one is reused, and honours logout', async () => {
    const first = await platform.http().post('/api/v1/auth/login').send({ username: county.adminUsername, password: TEST_PASSWORD });
    const rotated = await platform.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first.body.refreshToken);

    const reuse = await platform.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('AUTH_SESSION_REVOKED');
    const afterReuse = await platform.http().post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken });
    expect(afterReuse.status).toBe(401);

    const session = await platform.http().post('/api/v1/auth/login').send({ username: county.adminUsername, password: TEST_PASSWORD });
    const out = await platform.http().post('/api/v1/auth/logout').set(bearer(session.body.accessToken)).send({});
    expect(out.status).toBe(200);
    await pollUntil(
      async () => (await platform.http().get('/api/v1/auth/me').set(bearer(session.body.accessToken))).status,
      (status) => status === 401,
      { what: 'the logged-out access token to be refused' },
    );
  });

  it('makes a user created with 首次登录须修改密码 change the password before anything else', async () => {
    const org = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'PWC-ORG', name: '改密测试机构', kind: 'county_department', jurisdictionCode: county.countyCode });
    const user = await createUser(county.adminToken, { username: `pwc.${county.countyCode}`, organisationId: org.body.id, roles: ['department_staff'], requirePasswordChange: true });
    expect(user.status).toBe(201);

    const first = await platform.http().post('/api/v1/auth/login').send({ username: user.body.username, password: TEST_PASSWORD });
    expect(first.status).toBe(200);
    expect(first.body.passwordChangeRequired).toBe(true);
    const token = first.body.accessToken as string;
    const blocked = await platform.http().get('/api/v1/organisations').set(bearer(token));
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    expect((await platform.http().get('/api/v1/auth/me').set(bearer(token))).status).toBe(200);

    const changed = await platform.http().post('/api/v1/auth/change-password').set(bearer(token)).send({ currentPassword: TEST_PASSWORD, newPassword: 'Changed@2026x' });
    expect(changed.status).toBe(200);
    // The same login, refreshed, may now do what its roles allow; a new login is no longer flagged.
    const refreshed = await platform.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.passwordChangeRequired).toBe(false);
    expect((await platform.http().get('/api/v1/organisations').set(bearer(refreshed.body.accessToken))).status).toBe(200);
    const again = await platform.http().post('/api/v1/auth/login').send({ username: user.body.username, password: 'Changed@2026x' });
    expect(again.body.passwordChangeRequired).toBe(false);

    // Users created without the flag (the default) and the seed's are never asked.
    const plain = await platform.http().post('/api/v1/auth/login').send({ username: county.adminUsername, password: TEST_PASSWORD });
    expect(plain.body.passwordChangeRequired).toBe(false);
  });

  it('locks an account after repeated wrong passwords', async () => {
    const org = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'LOCK-ORG', name: '锁定测试机构', kind: 'county_department', jurisdictionCode: county.countyCode });
    const user = await createUser(county.adminToken, { username: `lock.${county.countyCode}`, organisationId: org.body.id, roles: ['department_staff'] });
    expect(user.status).toBe(201);
    const attempts: number[] = [];
    for (let i = 0; i < 5; i++) attempts.push((await platform.http().post('/api/v1/auth/login').send({ username: user.body.username, password: 'wrong-password-1' })).status);
    // Every failed login answers alike; only the right password learns of the lock.
    expect(attempts).toEqual([401, 401, 401, 401, 401]);
    const right = await platform.http().post('/api/v1/auth/login').send({ username: user.body.username, password: TEST_PASSWORD });
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('AUTH_ACCOUNT_LOCKED');

    const enable = await platform.http().post(`/api/v1/users/${user.body.id}/status`).set(bearer(county.adminToken)).send({ status: 'active', reason: '本人核实后解锁' });
    expect(enable.status).toBe(200);
    expect((await platform.http().post('/api/v1/auth/login').send({ username: user.body.username, password: TEST_PASSWORD })).status).toBe(200);
  });

  it('paginates lists with totals', async () => {
    const page1 = await platform.http().get('/api/v1/jurisdictions').set(bearer(county.adminToken)).query({ page: 1, pageSize: 2 });
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    expect(page1.body.items.map((j: { code: string }) => j.code)).toEqual([county.countyCode, county.townA]);
    const page2 = await platform.http().get('/api/v1/jurisdictions').set(bearer(county.adminToken)).query({ page: 2, pageSize: 2 });
    expect(page2.body.items.map((j: { code: string }) => j.code)).toEqual([county.townB]);
    const tooBig = await platform.http().get('/api/v1/jurisdictions').set(bearer(county.adminToken)).query({ pageSize: 1000 });
    expect(tooBig.status).toBe(400);
  });

  it('serves a valid OpenAPI 3 document with Chinese labels, and health', async () => {
    const doc = await platform.http().get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/organisations', '/api/v1/users/{id}']));
    expect(doc.body.components.schemas.CreateOrganisationRequest.properties.name.description).toContain('机构名称');
    expect((await platform.http().get('/health/ready')).status).toBe(200);
    const metrics = await platform.http().get('/metrics');
    expect(metrics.text).toContain('yiti_http_request_duration_seconds');
    for (const gauge of ['yiti_outbox_pending_events', 'yiti_audit_unsealed_rows', 'yiti_audit_oldest_unsealed_seconds', 'yiti_dead_letters']) {
      expect(metrics.text).toMatch(new RegExp(`^${gauge} \\d+(\\.\\d+)?$`, 'm'));
    }
  });

  it('publishes organisation.created once through the outbox, carrying the request id across NATS', async () => {
    const requestId = `corr-${randomUUID()}`;
    const consumerName = `e2e-${randomUUID()}`;
    const nc = await connect({ servers: TEST_NATS_URL });
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add(EVENT_STREAM, { durable_name: consumerName, filter_subject: IDENTITY_EVENTS.organisationCreated.subject, deliver_policy: DeliverPolicy.New, ack_policy: AckPolicy.Explicit });
    try {
      const org = await platform
        .http()
        .post('/api/v1/organisations')
        .set(bearer(county.adminToken))
        .set('X-Request-Id', requestId)
        .send({ code: 'EVT-1', name: '事件测试机构', kind: 'town_functional_institution', jurisdictionCode: county.townB });
      expect(org.status).toBe(201);

      const consumer = await nc.jetstream().consumers.get(EVENT_STREAM, consumerName);
      const received: EventEnvelope<{ id: string }>[] = [];
      await pollUntil(
        async () => {
          const batch = await consumer.fetch({ max_messages: 100, expires: 1000 });
          for await (const msg of batch) {
            received.push(JSON.parse(msg.string()) as EventEnvelope<{ id: string }>);
            msg.ack();
          }
          return received.filter((e) => e.data.id === org.body.id).length;
        },
        (n) => n >= 1,
        { what: 'organisation.created' },
      );
      const mine = received.filter((e) => e.data.id === org.body.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ type: IDENTITY_EVENTS.organisationCreated.subject, countyCode: county.countyCode, correlationId: requestId });

      const ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
      try {
        const rows = await ds.query(`SELECT correlation_id FROM identity.audit_log WHERE resource_id = $1`, [org.body.id]);
        expect(rows).toEqual([{ correlation_id: requestId }]);
      } finally {
        await ds.destroy();
      }
    } finally {
      await jsm.consumers.delete(EVENT_STREAM, consumerName);
      await nc.close();
    }
  });

  it('keeps an unbroken audit chain for the county', async () => {
    const ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
    try {
      const result = await pollUntil(() => verifyAuditChain(ds, 'identity', county.countyCode, TEST_AUDIT_KEYS), (r) => r.unsealed === 0, { what: 'the audit sealer' });
      expect(result.valid).toBe(true);
      expect(result.checked).toBeGreaterThan(5);
      const [created] = await ds.query(`SELECT actor_id, actor_roles, after FROM identity.audit_log WHERE county_code = $1 AND action = 'organisation.create' ORDER BY seq LIMIT 1`, [county.countyCode]);
      expect(created.actor_roles).toEqual(['province_admin']);
      expect(created.after).toMatchObject({ code: 'SPJ', countyCode: county.countyCode });
    } finally {
      await ds.destroy();
    }
  });
});
