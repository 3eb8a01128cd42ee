import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { todayInShanghai } from '@yiti/platform';
import { bearer, login, pollUntil, residentId, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';

interface Team {
  jurisdictionCode: string;
  casesByStage: { stage: string; count: number }[];
  casesRegistered: number;
  casesFiled: number;
  clocks: { clock: string; dueSoon: number; overdue: number }[];
  onTheSpotDecided: number;
  finesDecidedYuan: number;
  finesCollectedYuan: number;
  finesOutstandingYuan: number;
  supervisionTasks: number;
  supervisionTasksDone: number;
}

const stage = (t: Team, s: string) => t.casesByStage.find((x) => x.stage === s)?.count ?? 0;
const clock = (t: Team, c: string) => t.clocks.find((x) => x.clock === c) ?? { dueSoon: 0, overdue: 0 };

/**
 * 查询统计 through the gateway: known work is done in Liuhe today, and the statistics move by
 * exactly what a clerk would count by hand (the test database's Liuhe is shared by every run, so the
 * spec compares before and after).
 */
describe('enforcement statistics: per team, per officer, matching hand-computed numbers (end to end through the gateway)', () => {
  let platform: RunningPlatform;
  let db: Client;
  let admin: string;
  let leader: string;
  let officer: string;
  let officerId: string;
  let secondOfficerId: string;
  let penaltyItemId: string;
  const today = todayInShanghai();
  const http = () => platform.http();

  const liuhe = async (): Promise<Team> => {
    const res = await http().get('/api/v1/enforcement/statistics').set(bearer(leader)).query({ from: today, to: today });
    expect(res.status).toBe(200);
    return (res.body.teams as Team[]).find((t) => t.jurisdictionCode === LIUHE) ?? ({ jurisdictionCode: LIUHE, casesByStage: [], casesRegistered: 0, casesFiled: 0, clocks: [], onTheSpotDecided: 0, finesDecidedYuan: 0, finesCollectedYuan: 0, finesOutstandingYuan: 0, supervisionTasks: 0, supervisionTasksDone: 0 } as Team);
  };
  const workload = async (id: string) => {
    for (let page = 1; ; page++) {
      const res = await http().get('/api/v1/enforcement/statistics/officers').set(bearer(leader)).query({ from: today, to: today, page, pageSize: 100 });
      expect(res.status).toBe(200);
      const row = (res.body.items as { officerId: string }[]).find((r) => r.officerId === id);
      if (row) return row as { officerId: string; openCases: number; casesFiled: number; onTheSpotDecided: number };
      if (res.body.items.length < 100) return { officerId: id, openCases: 0, casesFiled: 0, onTheSpotDecided: 0 };
    }
  };

  beforeAll(async () => {
    platform = await startPlatform();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    admin = await login(platform, 'taicang.admin');
    [leader, officer] = await Promise.all([login(platform, 'liuhe.leader'), login(platform, 'liuhe.officer')]);
    const clerk = await login(platform, 'liuhe.clerk');
    const powers = await http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    penaltyItemId = (powers.body as { itemId: string; kind: string }[]).find((p) => p.kind === 'penalty')?.itemId as string;
    const item = await http().get(`/api/v1/catalog-items/${penaltyItemId}`).set(bearer(admin));
    const me = await http().get('/api/v1/auth/me').set(bearer(officer));
    officerId = me.body.id as string;
    const certify = async (userId: string) =>
      expect((await http().post('/api/v1/certifications').set(bearer(admin)).send({ userId, certificateNo: `ZF-ST-${randomUUID().slice(0, 8)}`, categories: [item.body.category], issuedOn: '2026-01-01', expiresOn: '2029-12-31' })).status).toBe(201);
    await certify(officerId);
    const second = await http().post('/api/v1/users').set(bearer(admin)).send({ username: `lh.st.${randomUUID().slice(0, 6)}`, displayName: '浏河统计队员', password: TEST_PASSWORD, organisationId: me.body.organisationId, roles: ['enforcement_officer'] });
    expect(second.status).toBe(201);
    secondOfficerId = second.body.id as string;
    await certify(secondOfficerId);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('moves by the work done: cases by stage and filed, the decision clock overdue, fines decided / collected / outstanding, supervision tasks done, each officer\'s workload', async () => {
    const before = await liuhe();
    const officerBefore = await workload(officerId);
    const secondBefore = await workload(secondOfficerId);

    // Three on-the-spot penalties: 50 yuan collected on the spot, 150 yuan to pay later, a warning.
    const spot = (body: Record<string, unknown>) =>
      http()
        .post('/api/v1/enforcement/on-the-spot-penalties')
        .set(bearer(officer))
        .send({ townCode: LIUHE, itemId: penaltyItemId, party: { kind: 'person', name: '统计当事人', idNumber: residentId(), phone: '13812345678' }, facts: '占道经营,经劝阻仍不改正', legalBasis: '《城市市容和环境卫生管理条例》第三十六条', place: '浏河镇新闸路', ...body });
    for (const body of [{ kind: 'fine', fineYuan: 50, collectOnTheSpot: true }, { kind: 'fine', fineYuan: 150 }, { kind: 'warning' }]) expect((await spot(body)).status).toBe(201);

    // Two clues; one filed by the leader with both officers, then its decision made overdue.
    const clue = async () => (await http().post('/api/v1/enforcement/clues').set(bearer(officer)).send({ townCode: LIUHE, source: 'complaint', summary: '群众投诉占道经营' })).body.id as string;
    const [filedId] = [await clue(), await clue()];
    expect((await http().post(`/api/v1/enforcement/cases/${filedId}/propose-filing`).set(bearer(officer)).send({ itemId: penaltyItemId, violationOn: today, officerIds: [officerId, secondOfficerId] })).status).toBe(200);
    expect((await http().post(`/api/v1/enforcement/cases/${filedId}/file`).set(bearer(leader)).send({})).status).toBe(200);
    await db.query(`UPDATE enforcement.penalty_case SET decision_due_on = $2::date - 1 WHERE id = $1`, [filedId, today]);

    // A supervision task from an approval, completed by the officer.
    const clerk = await login(platform, 'liuhe.clerk');
    const approver = await login(platform, 'liuhe.approver');
    const powers = (await http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE })).body as { itemId: string; kind: string }[];
    const licensing = powers.find((p) => p.kind === 'licensing') as { itemId: string };
    const item = await http().get(`/api/v1/catalog-items/${licensing.itemId}`).set(bearer(clerk));
    const materials = (item.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => ({ name: m.name }));
    const registered = await http().post('/api/v1/applications').set(bearer(clerk)).send({ townCode: LIUHE, itemId: licensing.itemId, applicant: { kind: 'person', name: '统计持证人', idNumber: residentId(), phone: '13712345678' }, materials, acceptNow: true });
    const applicationId = registered.body.application.id as string;
    expect((await http().post(`/api/v1/applications/${applicationId}/approve`).set(bearer(approver)).send({ validUntil: '2029-12-31' })).status).toBe(200);
    const tasks = await pollUntil(async () => (await http().get('/api/v1/enforcement/supervision-tasks').set(bearer(officer)).query({ applicationId })).body, (p) => p.total === 1, { timeoutMs: 10_000, what: 'the task' });
    const completed = await http().post(`/api/v1/enforcement/supervision-tasks/${tasks.items[0].id}/complete`).set(bearer(officer)).send({ note: '现场检查,按许可范围经营' });
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('done');
    const again = await http().post(`/api/v1/enforcement/supervision-tasks/${tasks.items[0].id}/complete`).set(bearer(officer)).send({ note: '再办结' });
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_TRANSITION']);

    const after = await liuhe();
    expect(after.casesRegistered - before.casesRegistered).toBe(2);
    expect(stage(after, 'clue_registered') - stage(before, 'clue_registered')).toBe(1);
    expect(stage(after, 'investigating') - stage(before, 'investigating')).toBe(1);
    expect(after.casesFiled - before.casesFiled).toBe(1);
    expect(clock(after, 'decision').overdue - clock(before, 'decision').overdue).toBe(1);
    expect(after.onTheSpotDecided - before.onTheSpotDecided).toBe(3);
    expect(after.finesDecidedYuan - before.finesDecidedYuan).toBe(200);
    expect(after.finesCollectedYuan - before.finesCollectedYuan).toBe(50);
    expect(after.finesOutstandingYuan - before.finesOutstandingYuan).toBe(150);
    expect(after.finesOutstandingYuan).toBe(after.finesDecidedYuan - after.finesCollectedYuan);
    // Other runs' approvals in Liuhe may land meanwhile; only this spec completes tasks.
    expect(after.supervisionTasks - before.supervisionTasks).toBeGreaterThanOrEqual(1);
    expect(after.supervisionTasksDone - before.supervisionTasksDone).toBe(1);

    const officerAfter = await workload(officerId);
    const secondAfter = await workload(secondOfficerId);
    expect([officerAfter.onTheSpotDecided - officerBefore.onTheSpotDecided, officerAfter.casesFiled - officerBefore.casesFiled, officerAfter.openCases - officerBefore.openCases]).toEqual([3, 1, 1]);
    expect([secondAfter.onTheSpotDecided - secondBefore.onTheSpotDecided, secondAfter.casesFiled - secondBefore.casesFiled, secondAfter.openCases - secondBefore.openCases]).toEqual([0, 1, 1]);
  });

  it('totals the county\'s teams for the county admin; refuses another town\'s scope and a period over 366 days', async () => {
    const res = await http().get('/api/v1/enforcement/statistics').set(bearer(admin)).query({ from: today, to: today });
    expect(res.status).toBe(200);
    const teams = res.body.teams as Team[];
    expect(teams.map((t) => t.jurisdictionCode)).toContain(LIUHE);
    const sum = (f: (t: Team) => number) => teams.reduce((acc, t) => acc + f(t), 0);
    expect(res.body.total).toMatchObject({ jurisdictionCode: '320585', casesRegistered: sum((t) => t.casesRegistered), onTheSpotDecided: sum((t) => t.onTheSpotDecided), finesDecidedYuan: sum((t) => t.finesDecidedYuan) });
    const elsewhere = await http().get('/api/v1/enforcement/statistics').set(bearer(leader)).query({ from: today, to: today, jurisdictionCode: '320585100' });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, 'FORBIDDEN_JURISDICTION']);
    const tooLong = await http().get('/api/v1/enforcement/statistics').set(bearer(leader)).query({ from: '2025-01-01', to: '2026-12-31' });
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
