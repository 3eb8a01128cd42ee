import request from 'supertest';
import { bearer, freshCounty, startPlatform, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

/** Issue 10, hostile input: each answered with a 400 problem (or 431) and a stable code, nothing written. */
describe('hostile input at the gateway', () => {
  let platform: RunningPlatform;
  let county: FreshCounty;

  beforeAll(async () => {
    platform = await startPlatform();
    county = await freshCounty(platform);
  });

  afterAll(async () => {
    await platform?.close();
  });

  const problem = (res: request.Response) => ({ status: res.status, contentType: res.headers['content-type'], code: res.body?.code });
  const expected = (status: number, code: string) => ({ status, contentType: expect.stringMatching(/^application\/problem\+json/), code });
  const rawJson = (path: string, text: string) => platform.http().post(path).set('Content-Type', 'application/json').send(text);

  async function usersNamed(q: string): Promise<number> {
    const res = await platform.http().get('/api/v1/users').set(bearer(county.adminToken)).query({ q });
    expect(res.status).toBe(200);
    return res.body.total;
  }

  const newUser = (fields: Record<string, unknown>) => ({ displayName: '输入测试', password: TEST_PASSWORD, organisationId: county.adminOrganisationId, roles: ['department_staff'], ...fields });

  it('refuses a NUL character in a string field, and writes nothing', async () => {
    expect(problem(await platform.http().post('/api/v1/auth/login').send({ username: 'admin\u0000', password: 'x' }))).toEqual(expected(400, 'INVALID_CHARACTERS'));
    const username = `nul.${county.countyCode}`;
    const created = await platform.http().post('/api/v1/users').set(bearer(county.adminToken)).send(newUser({ username, displayName: '空\u0000字符' }));
    expect(problem(created)).toEqual(expected(400, 'INVALID_CHARACTERS'));
    expect(created.body.errors).toEqual([{ field: 'displayName', messages: [expect.any(String)] }]);
    expect(await usersNamed(username)).toBe(0);
  });

  it('refuses a NUL character in a query parameter', async () => {
    const res = await platform.http().get('/api/v1/users?q=a%00b').set(bearer(county.adminToken));
    expect(problem(res)).toEqual(expected(400, 'INVALID_CHARACTERS'));
  });

  it('refuses a lone surrogate, and writes nothing', async () => {
    expect(problem(await rawJson('/api/v1/auth/login', '{"username":"\\ud800","password":"x"}'))).toEqual(expected(400, 'INVALID_CHARACTERS'));
    const username = `surrogate.${county.countyCode}`;
    const body = JSON.stringify(newUser({ username })).replace('"输入测试"', '"\\udc00\\ud83d"');
    const created = await platform.http().post('/api/v1/users').set(bearer(county.adminToken)).set('Content-Type', 'application/json').send(body);
    expect(problem(created)).toEqual(expected(400, 'INVALID_CHARACTERS'));
    expect(await usersNamed(username)).toBe(0);
    // A proper pair (an emoji) is text like any other.
    const paired = await platform.http().post('/api/v1/auth/login').send({ username: 'nobody\ud83d\ude00', password: 'wrong-password-1' });
    expect(paired.body.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('refuses JSON nested 5,000 deep before parsing it, unauthenticated', async () => {
    const deep = `{"username":"x","password":"y","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(problem(await rawJson('/api/v1/auth/login', deep))).toEqual(expected(400, 'JSON_TOO_DEEP'));
    const objects = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    expect(problem(await rawJson('/api/v1/auth/login', objects))).toEqual(expected(400, 'JSON_TOO_DEEP'));
    // Brackets inside strings are text, not nesting.
    const inString = JSON.stringify({ username: '['.repeat(40), password: 'wrong-password-1' });
    expect((await rawJson('/api/v1/auth/login', inString)).body.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('refuses the keys __proto__ and constructor rather than dropping them, and writes nothing', async () => {
    const proto = await rawJson('/api/v1/auth/login', '{"username":"x","password":"y","__proto__":{"isAdmin":true}}');
    expect(problem(proto)).toEqual(expected(400, 'FORBIDDEN_KEY'));
    expect(proto.body.errors).toEqual([{ field: '__proto__', messages: [expect.any(String)] }]);
    const username = `ctor.${county.countyCode}`;
    const created = await platform.http().post('/api/v1/users').set(bearer(county.adminToken)).send(newUser({ username, constructor: { prototype: { roles: ['province_admin'] } } }));
    expect(problem(created)).toEqual(expected(400, 'FORBIDDEN_KEY'));
    expect(await usersNamed(username)).toBe(0);
    expect(problem(await platform.http().get('/api/v1/users?__proto__=1').set(bearer(county.adminToken)))).toEqual(expected(400, 'FORBIDDEN_KEY'));
  });

  it('answers an over-long URL with a 431 problem', async () => {
    const res = await platform.http().get(`/api/v1/users?q=${'x'.repeat(70_000)}`).set(bearer(county.adminToken));
    expect(problem(res)).toEqual(expected(431, 'REQUEST_HEADER_TOO_LARGE'));
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await platform.http().get('/health/live')).status).toBe(200);
  });
});
