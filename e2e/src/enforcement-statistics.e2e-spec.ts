import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CHINA_HOLIDAYS, WorkingDayCalendar, addDays, todayInShanghai } from '@yiti/platform';
import { bearer, login, pollUntil, residentId, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';
const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);

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
  let presidingId: string;
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
    const presiding = await http().post('/api/v1/users').set(bearer(admin)).send({ username: `lh.sp.${randomUUID().slice(0, 6)}`, displayName: '浏河统计听证主持人', password: TEST_PASSWORD, organisationId: me.body.organisationId, roles: ['enforcement_officer'] });
    expect(presiding.status).toBe(201);
    presidingId = presiding.body.id as string;
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

  it('counts every running clock due soon and overdue, and an ordinary case\'s fine decided, collected (late fee apart) and outstanding', async () => {
    const legal = await login(platform, 'liuhe.legal');
    const yesterday = addDays(today, -1);
    const SOON = 30;
    // Due soon: from today to today + SOON (both included); overdue: before today.
    const bucket = (due: string) => (due < today ? 'overdue' : due <= addDays(today, SOON) ? 'dueSoon' : null);
    const snapshot = async (): Promise<Team> => {
      const res = await http().get('/api/v1/enforcement/statistics').set(bearer(leader)).query({ from: today, to: today, dueSoonDays: SOON });
      expect(res.status).toBe(200);
      const team = (res.body.teams as Team[]).find((t) => t.jurisdictionCode === LIUHE);
      expect(team).toBeDefined();
      return team as Team;
    };
    /** How each clock and the fines moved between two snapshots. */
    const moved = (before: Team, after: Team) => ({
      clocks: Object.fromEntries(
        ['decision', 'statements', 'hearing_request', 'hearing', 'service', 'payment', 'preservation'].map((c) => [c, { dueSoon: clock(after, c).dueSoon - clock(before, c).dueSoon, overdue: clock(after, c).overdue - clock(before, c).overdue }]),
      ),
      decided: after.finesDecidedYuan - before.finesDecidedYuan,
      collected: after.finesCollectedYuan - before.finesCollectedYuan,
      outstanding: after.finesOutstandingYuan - before.finesOutstandingYuan,
    });
    const none = { dueSoon: 0, overdue: 0 };
    const only = (changes: Record<string, { dueSoon: number; overdue: number }>) => ({ decision: none, statements: none, hearing_request: none, hearing: none, service: none, payment: none, preservation: none, ...changes });
    const one = (due: string) => (bucket(due) === 'overdue' ? { dueSoon: 0, overdue: 1 } : bucket(due) === 'dueSoon' ? { dueSoon: 1, overdue: 0 } : none);
    /** A clock of that due date that stops (or is moved): what `one` counted, taken away. */
    const gone = (due: string) => ({ dueSoon: one(due).dueSoon === 1 ? -1 : 0, overdue: one(due).overdue === 1 ? -1 : 0 });
    const step = async (token: string, id: string, action: string, body: Record<string, unknown> = {}) => {
      const res = await http().post(`/api/v1/enforcement/cases/${id}/${action}`).set(bearer(token)).send(body);
      expect([action, res.status, res.body.detail]).toEqual([action, 200, undefined]);
      return res.body;
    };
    const fileCase = async (name: string) => {
      const clue = await http().post('/api/v1/enforcement/clues').set(bearer(officer)).send({ townCode: LIUHE, source: 'inspection', summary: '巡查发现占道经营', party: { kind: 'person', name, idNumber: residentId(), phone: '13912345678' } });
      expect(clue.status).toBe(201);
      const id = clue.body.id as string;
      await step(officer, id, 'propose-filing', { itemId: penaltyItemId, violationOn: today, officerIds: [officerId, secondOfficerId] });
      await step(leader, id, 'file');
      return id;
    };

    // A case with a 100-yuan fine proposed: statements running; the decision clock was already running.
    const fineYuan = 100;
    const id = await fileCase('统计甲');
    let before = await snapshot();
    const notified = await step(officer, id, 'notify', { proposedPenalty: { kinds: ['fine'], fineYuan }, facts: '占道经营', legalBasis: '《城市市容和环境卫生管理条例》第三十六条' });
    expect(notified.procedure.hearingQualifies).toBe(false);
    expect(moved(before, await snapshot()).clocks).toEqual(only({ statements: one(notified.procedure.statementsDueOn) }));
    before = await snapshot();
    await db.query(`UPDATE enforcement.penalty_case SET statements_due_on = $2 WHERE id = $1`, [id, yesterday]);
    expect(moved(before, await snapshot()).clocks).toEqual(only({ statements: { ...gone(notified.procedure.statementsDueOn), overdue: 1 } }));

    // 先行登记保存: its 7 working days run, then overdue.
    before = await snapshot();
    const preserved = await http().post(`/api/v1/enforcement/cases/${id}/preservations`).set(bearer(leader)).send({ goods: '占道货物三箱', reasons: '证据可能灭失' });
    expect(preserved.status).toBe(201);
    expect(moved(before, await snapshot()).clocks).toEqual(only({ preservation: one(preserved.body.decisionDueOn) }));
    before = await snapshot();
    await db.query(`UPDATE enforcement.case_preservation SET decision_due_on = $2 WHERE id = $1`, [preserved.body.id, yesterday]);
    expect(moved(before, await snapshot()).clocks).toEqual(only({ preservation: { ...gone(preserved.body.decisionDueOn), overdue: 1 } }));
    before = await snapshot();
    expect((await http().post(`/api/v1/enforcement/cases/${id}/preservations/${preserved.body.id}/decide`).set(bearer(leader)).send({ outcome: 'returned', reasons: '已固定证据' })).status).toBe(200);
    expect(moved(before, await snapshot()).clocks).toEqual(only({ preservation: { dueSoon: 0, overdue: -1 } }));

    // Statements closed, reviewed, decided: the decision clock stops, service (7 working days) starts; the fine is decided.
    before = await snapshot();
    await step(officer, id, 'close-statements', { statementRecord: '当事人无异议' });
    await step(officer, id, 'submit-legal-review');
    await step(legal, id, 'pass-legal-review', { reasons: '事实清楚' });
    const decided = await step(leader, id, 'decide-penalty', { penalty: { kinds: ['fine'], fineYuan }, reasons: '按裁量基准从轻' });
    let change = moved(before, await snapshot());
    expect(change).toEqual({ clocks: only({ statements: { dueSoon: 0, overdue: -1 }, decision: gone(notified.decisionDueOn), service: one(decided.procedure.serviceDueOn) }), decided: fineYuan, collected: 0, outstanding: fineYuan });
    before = await snapshot();
    await db.query(`UPDATE enforcement.penalty_case SET service_due_on = $2 WHERE id = $1`, [id, yesterday]);
    expect(moved(before, await snapshot()).clocks).toEqual(only({ service: { ...gone(decided.procedure.serviceDueOn), overdue: 1 } }));

    // Served: payment within 15 calendar days; then a day late.
    before = await snapshot();
    const served = await step(officer, id, 'serve', { serviceMethod: 'direct', recipient: '统计甲' });
    expect(moved(before, await snapshot()).clocks).toEqual(only({ service: { dueSoon: 0, overdue: -1 }, payment: one(served.procedure.paymentDueOn) }));
    before = await snapshot();
    await db.query(`UPDATE enforcement.penalty_case SET payment_due_on = $2 WHERE id = $1`, [id, yesterday]);
    expect(moved(before, await snapshot()).clocks).toEqual(only({ payment: { ...gone(served.procedure.paymentDueOn), overdue: 1 } }));

    // Paid a day late with the late fee (3 % of the fine a day, art. 72): the fine is collected, the late fee is not a fine.
    before = await snapshot();
    const lateFeeYuan = (fineYuan * 3) / 100;
    const paid = await step(officer, id, 'record-payment', { paidYuan: fineYuan + lateFeeYuan });
    expect(paid.procedure).toMatchObject({ paidYuan: fineYuan + lateFeeYuan, lateFeeYuan });
    change = moved(before, await snapshot());
    expect(change).toEqual({ clocks: only({ payment: { dueSoon: 0, overdue: -1 } }), decided: 0, collected: fineYuan, outstanding: -fineYuan });

    // A case with a hearing: the request period runs, then the hearing day, overdue once it has passed unrecorded.
    const heard = await fileCase('统计乙');
    before = await snapshot();
    const noticeOfHearing = await step(officer, heard, 'notify', { proposedPenalty: { kinds: ['fine', 'suspension'], fineYuan }, facts: '超范围经营', legalBasis: '《无证无照经营查处办法》第十三条' });
    expect(noticeOfHearing.procedure.hearingQualifies).toBe(true);
    expect(moved(before, await snapshot()).clocks).toEqual(only({ statements: one(noticeOfHearing.procedure.statementsDueOn), hearing_request: one(noticeOfHearing.procedure.hearingRequestDueOn) }));
    before = await snapshot();
    await step(officer, heard, 'request-hearing');
    const hearingOn = calendar.addWorkingDays(today, 7);
    await step(officer, heard, 'notice-hearing', { hearingOn, hearingPlace: '浏河镇听证室', presidingOfficerId: presidingId });
    expect(moved(before, await snapshot()).clocks).toEqual(
      only({ statements: gone(noticeOfHearing.procedure.statementsDueOn), hearing_request: gone(noticeOfHearing.procedure.hearingRequestDueOn), hearing: one(hearingOn) }),
    );
    before = await snapshot();
    await db.query(`UPDATE enforcement.penalty_case SET hearing_on = $2 WHERE id = $1`, [heard, yesterday]);
    expect(moved(before, await snapshot()).clocks).toEqual(only({ hearing: { ...gone(hearingOn), overdue: 1 } }));
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
