import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { bearer, login, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type RunningPlatform } from '@yiti/testing';

const TAICANG = '320585';
const LIUHE = '320585102';
const CHENGXIANG = '320585100';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** A random valid GB 32100 code of a Taicang company (91 320585 + 9 random + check). */
function creditCode(): string {
  const first17 = `91${TAICANG}${Array.from({ length: 9 }, () => USCC_CHARS[randomInt(31)]).join('')}`;
  const sum = [...first17].reduce((acc, c, i) => acc + (USCC_WEIGHTS[i] as number) * USCC_CHARS.indexOf(c), 0);
  return first17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}

interface Assignment {
  id: string;
  creditCode: string;
  entityName: string;
  townCode: string;
  inspectors: { userId: string; name: string }[];
}

describe('双随机一公开: a draw by the team leader, published without sign-in, re-run from its seed, results raising clues (end to end through the gateway)', () => {
  let platform: RunningPlatform;
  let db: Client;
  let admin: string;
  let leader: string;
  let officer: string;
  let officerId: string;
  let inspectors: { id: string; token: string; name: string }[];
  let penaltyItemId: string;
  let checkItemId: string;
  const mine = Array.from({ length: 4 }, () => creditCode());
  const http = () => platform.http();

  beforeAll(async () => {
    platform = await startPlatform();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    admin = await login(platform, 'taicang.admin');
    [leader, officer] = await Promise.all([login(platform, 'liuhe.leader'), login(platform, 'liuhe.officer')]);
    const clerk = await login(platform, 'liuhe.clerk');
    const powers = await http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    penaltyItemId = (powers.body as { itemId: string; kind: string }[]).find((p) => p.kind === 'penalty')?.itemId as string;
    expect(penaltyItemId).toBeDefined();
    const item = await http().get(`/api/v1/catalog-items/${penaltyItemId}`).set(bearer(admin));
    const me = await http().get('/api/v1/auth/me').set(bearer(officer));
    officerId = me.body.id as string;
    const certify = async (userId: string) => {
      const res = await http().post('/api/v1/certifications').set(bearer(admin)).send({ userId, certificateNo: `ZF-RC-${randomUUID().slice(0, 8)}`, categories: [item.body.category], issuedOn: '2026-01-01', expiresOn: '2029-12-31' });
      expect(res.status).toBe(201);
    };
    await certify(officerId);
    // Two more certified officers of Liuhe's team, signed in.
    inspectors = [{ id: officerId, token: officer, name: me.body.displayName as string }];
    for (const name of ['浏河抽查队员乙', '浏河抽查队员丙']) {
      const username = `lh.rc.${randomUUID().slice(0, 6)}`;
      const created = await http().post('/api/v1/users').set(bearer(admin)).send({ username, displayName: name, password: TEST_PASSWORD, organisationId: me.body.organisationId, roles: ['enforcement_officer'] });
      expect(created.status).toBe(201);
      await certify(created.body.id);
      inspectors.push({ id: created.body.id as string, token: await login(platform, username, TEST_PASSWORD), name });
    }
    // Liuhe is shared by every run on the test database: the officers earlier runs enrolled leave the pool.
    await db.query(`DELETE FROM enforcement.check_inspector WHERE jurisdiction_code LIKE $1 AND NOT (user_id = ANY($2::uuid[]))`, [`${LIUHE}%`, inspectors.map((i) => i.id)]);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('keeps the county spot-check list (general and key items); a code twice is 409; a town leader may not add', async () => {
    const code = `SC-${randomUUID().slice(0, 8)}`;
    const body = { countyCode: TAICANG, code, name: '占道经营与市容秩序检查', kind: 'key', itemId: penaltyItemId, basis: '《城市市容和环境卫生管理条例》' };
    const created = await http().post('/api/v1/enforcement/random-checks/items').set(bearer(admin)).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code, kind: 'key', itemId: penaltyItemId, countyCode: TAICANG });
    checkItemId = created.body.id as string;
    const again = await http().post('/api/v1/enforcement/random-checks/items').set(bearer(admin)).send(body);
    expect([again.status, again.body.code]).toEqual([409, 'CHECK_ITEM_EXISTS']);
    expect((await http().post('/api/v1/enforcement/random-checks/items').set(bearer(leader)).send({ ...body, code: `${code}-B` })).status).toBe(403);
    const listed = await http().get('/api/v1/enforcement/random-checks/items').set(bearer(leader)).query({ kind: 'key', pageSize: 100 });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(checkItemId);
  });

  it('imports the entity pool from CSV, reporting bad rows by line (credit code check, jurisdiction, duplicates) and keeping the good ones', async () => {
    const bad = `${(mine[0] as string).slice(0, 17)}${(mine[0] as string)[17] === '0' ? '1' : '0'}`;
    const csv = [
      'townCode,creditCode,name,address',
      `${LIUHE},${mine[0]},太仓浏河甲商贸有限公司,浏河镇新闸路1号`,
      `${LIUHE},${mine[1]},太仓浏河乙餐饮有限公司,浏河镇新闸路2号`,
      `${LIUHE},${bad},校验码错误公司,`,
      `${CHENGXIANG},${creditCode()},城厢某公司,`,
      `${LIUHE},${mine[0]},重复的公司,`,
    ].join('\n');
    const imported = await http().post('/api/v1/enforcement/random-checks/entities/import').set(bearer(leader)).send({ csv });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ added: 2, updated: 0, rejected: 3 });
    expect(imported.body.errors).toEqual([
      { line: 4, field: 'creditCode', message: expect.stringContaining('GB 32100') },
      { line: 5, field: 'townCode', message: expect.stringContaining('outside your jurisdiction') },
      { line: 6, field: 'creditCode', message: expect.stringContaining('twice') },
    ]);
    // JSON rows the same way; a second import of a known code updates it.
    const json = await http()
      .post('/api/v1/enforcement/random-checks/entities/import')
      .set(bearer(leader))
      .send({ rows: [{ townCode: LIUHE, creditCode: mine[2], name: '太仓浏河丙五金有限公司' }, { townCode: LIUHE, creditCode: mine[3], name: '太仓浏河丁物流有限公司' }, { townCode: LIUHE, creditCode: mine[1], name: '太仓浏河乙餐饮有限公司(更名)' }, { townCode: LIUHE, name: '无代码' }] });
    expect(json.body).toMatchObject({ added: 2, updated: 1, rejected: 1, errors: [{ line: 4, field: 'creditCode' }] });
    const leaderId = (await http().get('/api/v1/auth/me').set(bearer(leader))).body.id as string;
    const audit = await db.query(`SELECT after FROM enforcement.audit_log WHERE action = 'random_check.entities.import' AND actor_id = $1 ORDER BY seq DESC LIMIT 2`, [leaderId]);
    expect(audit.rows.map((r: { after: unknown }) => r.after)).toEqual([{ added: 2, updated: 1, rejected: 1 }, { added: 2, updated: 0, rejected: 3 }]);
  });

  it('draws entities and at least two certified, unrecused inspectors each; the public endpoint shows the results without sign-in and without personal data; the re-run from the seed gives the same picks', async () => {
    // The inspector pool: the first officer declares a conflict with every entity of this run (回避).
    const enrol = (token: string, userId: string, conflicts: string[] = []) => http().post('/api/v1/enforcement/random-checks/inspectors').set(bearer(token)).send({ userId, conflicts });
    const declared = await enrol(officer, officerId, mine);
    expect(declared.status).toBe(200);
    expect(declared.body).toMatchObject({ userId: officerId, conflicts: [...mine].sort() });
    for (const inspector of inspectors.slice(1)) expect((await enrol(leader, inspector.id)).status).toBe(200);
    // Only enforcement officers enter the pool.
    const clerkId = (await http().get('/api/v1/auth/me').set(bearer(await login(platform, 'liuhe.clerk')))).body.id;
    const clerkRefused = await enrol(leader, clerkId);
    expect([clerkRefused.status, clerkRefused.body.code]).toEqual([422, 'INSPECTOR_NOT_ELIGIBLE']);

    const plan = { jurisdictionCode: LIUHE, title: `浏河镇市容秩序双随机抽查 ${randomUUID().slice(0, 6)}`, checkItemIds: [checkItemId], ratioPercent: 100, drawDate: '2026-12-10' };
    expect((await http().post('/api/v1/enforcement/random-checks/draws').set(bearer(officer)).send(plan)).status).toBe(403);
    const key = randomUUID();
    const drawn = await http().post('/api/v1/enforcement/random-checks/draws').set(bearer(leader)).set('Idempotency-Key', key).send(plan);
    expect(drawn.status).toBe(201);
    // A retry with the same key gets the same draw (same seed), not a second one.
    const retried = await http().post('/api/v1/enforcement/random-checks/draws').set(bearer(leader)).set('Idempotency-Key', key).send(plan);
    expect([retried.status, retried.body.id, retried.body.seed]).toEqual([201, drawn.body.id, drawn.body.seed]);
    expect((await db.query(`SELECT count(*)::int AS n FROM enforcement.check_draw WHERE title = $1`, [plan.title])).rows[0].n).toBe(1);
    expect(drawn.body).toMatchObject({ jurisdictionCode: LIUHE, countyCode: TAICANG, inspectorsPerEntity: 2, seed: expect.stringMatching(/^[0-9a-f]{64}$/), snapshotHash: expect.stringMatching(/^[0-9a-f]{64}$/), algorithm: expect.stringContaining('HMAC-SHA256') });
    expect(drawn.body.picked).toBe(drawn.body.entityPoolSize);
    expect(drawn.body.inspectorPoolSize).toBeGreaterThanOrEqual(3);
    const drawId = drawn.body.id as string;

    const assignments: Assignment[] = [];
    for (let page = 1; assignments.length < drawn.body.picked; page++) {
      const res = await http().get(`/api/v1/enforcement/random-checks/draws/${drawId}/assignments`).set(bearer(leader)).query({ page, pageSize: 100 });
      expect(res.status).toBe(200);
      assignments.push(...res.body.items);
    }
    for (const code of mine) {
      const a = assignments.find((x) => x.creditCode === code) as Assignment;
      expect(a).toBeDefined();
      expect(a.inspectors).toHaveLength(2);
      expect(a.inspectors.map((i) => i.userId)).not.toContain(officerId);
    }
    for (const a of assignments) expect(new Set(a.inspectors.map((i) => i.userId)).size).toBe(2);

    // The inputs are frozen: the snapshot names the pool as it was and hashes to the published hash.
    const snapshot = await http().get(`/api/v1/enforcement/random-checks/draws/${drawId}/snapshot`).set(bearer(leader));
    expect(snapshot.body).toMatchObject({ drawDate: '2026-12-10', pick: drawn.body.picked, inspectorsPerEntity: 2 });
    expect(snapshot.body.entities).toEqual(expect.arrayContaining(mine.map((code) => ({ code, town: LIUHE }))));
    expect(snapshot.body.inspectors.find((i: { id: string }) => i.id === officerId).recuse).toEqual([...mine].sort());
    // Anyone re-runs the draw without signing in and gets the recorded picks.
    const verified = await http().get(`/api/v1/public/random-checks/draws/${drawId}/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ matches: true, seed: drawn.body.seed, snapshotHash: drawn.body.snapshotHash, recomputedSnapshotHash: drawn.body.snapshotHash });
    expect(verified.body.picks).toEqual(assignments.map((a) => a.creditCode));
    // A tampered record no longer verifies.
    await db.query(`UPDATE enforcement.check_assignment SET inspector_ids = ARRAY[inspector_ids[2], inspector_ids[1]] WHERE draw_id = $1 AND position = 0`, [drawId]);
    expect((await http().get(`/api/v1/public/random-checks/draws/${drawId}/verify`)).body.matches).toBe(false);
    await db.query(`UPDATE enforcement.check_assignment SET inspector_ids = ARRAY[inspector_ids[2], inspector_ids[1]] WHERE draw_id = $1 AND position = 0`, [drawId]);
    expect((await http().get(`/api/v1/public/random-checks/draws/${drawId}/verify`)).body.matches).toBe(true);

    // A result by one of the entity's inspectors: a problem found raises a clue (source random_check).
    const target = assignments.find((a) => a.creditCode === mine[0]) as Assignment;
    const inspector = inspectors.find((i) => i.id === target.inspectors[0]?.userId) as { token: string };
    const notTheirs = inspectors.find((i) => !target.inspectors.some((t) => t.userId === i.id)) as { token: string };
    expect((await http().post(`/api/v1/enforcement/random-checks/assignments/${target.id}/result`).set(bearer(notTheirs.token)).send({ result: 'no_problem', note: '未发现问题' })).status).toBe(403);
    const recorded = await http()
      .post(`/api/v1/enforcement/random-checks/assignments/${target.id}/result`)
      .set(bearer(inspector.token))
      .send({ result: 'problem_found', note: '店外占道堆放货物', raiseClue: true, itemId: penaltyItemId, violationOn: '2026-12-01' });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ result: 'problem_found', resultNote: '店外占道堆放货物', clueId: expect.any(String) });
    const clue = await http().get(`/api/v1/enforcement/cases/${recorded.body.clueId}`).set(bearer(leader));
    expect(clue.body).toMatchObject({ status: 'clue_registered', source: 'random_check', sourceRef: target.id, townCode: LIUHE });
    expect(clue.body.summary).toContain(mine[0]);
    const twice = await http().post(`/api/v1/enforcement/random-checks/assignments/${target.id}/result`).set(bearer(inspector.token)).send({ result: 'no_problem', note: '再录' });
    expect([twice.status, twice.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    const other = assignments.find((a) => a.creditCode === mine[1]) as Assignment;
    const noClue = await http().post(`/api/v1/enforcement/random-checks/assignments/${other.id}/result`).set(bearer(leader)).send({ result: 'no_problem', note: '未发现问题', raiseClue: true });
    expect([noClue.status, noClue.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await http().post(`/api/v1/enforcement/random-checks/assignments/${other.id}/result`).set(bearer(leader)).send({ result: 'no_problem', note: '未发现问题' })).status).toBe(200);

    // 一公开: the county's results, without a token, with organisations and results and no inspector's identity.
    const published = await http().get('/api/v1/public/random-checks/results').query({ countyCode: TAICANG, pageSize: 100 });
    expect(published.status).toBe(200);
    const rows = (published.body.items as { drawNo: string; creditCode: string }[]).filter((r) => r.drawNo === drawn.body.drawNo);
    expect(rows.length).toBe(Math.min(100, drawn.body.picked));
    expect(rows.find((r) => r.creditCode === mine[0])).toMatchObject({ entityName: '太仓浏河甲商贸有限公司', result: 'problem_found', resultLabel: '发现问题', inspectorCount: 2, townCode: LIUHE });
    const text = JSON.stringify(published.body);
    for (const i of inspectors) {
      expect(text).not.toContain(i.id);
      expect(text).not.toContain(i.name);
    }
    const oneDraw = await http().get('/api/v1/public/random-checks/results').query({ countyCode: TAICANG, drawId, pageSize: 100 });
    expect(oneDraw.body.items.map((r: { creditCode: string }) => r.creditCode)).toEqual(assignments.slice(0, 100).map((a) => a.creditCode));
    const draws = await http().get('/api/v1/public/random-checks/draws').query({ countyCode: TAICANG });
    expect(draws.status).toBe(200);
    expect(draws.body.items[0]).toMatchObject({ drawNo: drawn.body.drawNo, seed: drawn.body.seed, snapshotHash: drawn.body.snapshotHash });
    expect(JSON.stringify(draws.body)).not.toContain(officerId);

    const audit = await db.query(`SELECT action FROM enforcement.audit_log WHERE resource_id IN ($1, $2) ORDER BY seq`, [drawId, target.id]);
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(['random_check.draw', 'random_check.result.record']);
  });

  it('leaves a withdrawn inspector out of the next draw', async () => {
    // The first officer's conflicts are lifted, the third officer leaves the pool.
    expect((await http().post('/api/v1/enforcement/random-checks/inspectors').set(bearer(officer)).send({ userId: officerId, conflicts: [] })).body.conflicts).toEqual([]);
    const leaving = inspectors[2] as { id: string };
    const withdrawn = await http().post('/api/v1/enforcement/random-checks/inspectors').set(bearer(leader)).send({ userId: leaving.id, withdrawn: true });
    expect(withdrawn.body).toMatchObject({ userId: leaving.id, withdrawn: true });
    const drawn = await http().post('/api/v1/enforcement/random-checks/draws').set(bearer(leader)).send({ jurisdictionCode: LIUHE, title: '退出后抽查', checkItemIds: [checkItemId], count: 1, drawDate: '2026-12-11' });
    expect(drawn.status).toBe(201);
    const snapshot = await http().get(`/api/v1/enforcement/random-checks/draws/${drawn.body.id}/snapshot`).set(bearer(leader));
    expect(snapshot.body.inspectors.map((i: { id: string }) => i.id)).not.toContain(leaving.id);
    expect(snapshot.body.inspectors.map((i: { id: string }) => i.id)).toContain(officerId);
  });

  it('refuses a draw the pools cannot serve, and a draw outside the leader\'s town', async () => {
    const tooFew = await http().post('/api/v1/enforcement/random-checks/draws').set(bearer(leader)).send({ jurisdictionCode: LIUHE, title: '五人一户', checkItemIds: [checkItemId], count: 1, inspectorsPerEntity: 5, drawDate: '2030-06-01' });
    expect([tooFew.status, tooFew.body.code]).toEqual([422, 'DRAW_POOL_INSUFFICIENT']);
    const elsewhere = await http().post('/api/v1/enforcement/random-checks/draws').set(bearer(leader)).send({ jurisdictionCode: CHENGXIANG, title: '他镇', checkItemIds: [checkItemId], count: 1, drawDate: '2026-12-10' });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'FORBIDDEN_JURISDICTION']);
    const noCounty = await http().get('/api/v1/public/random-checks/results');
    expect([noCounty.status, noCounty.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
