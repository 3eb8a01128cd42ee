import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CHINA_HOLIDAYS, WorkingDayCalendar } from '@yiti/platform';
import { bearer, login, pollUntil, residentId, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';
const CHENGXIANG = '320585100';

interface Power {
  itemId: string;
  itemCode: string;
  itemName: string;
  kind: string;
}

describe('enforcement: on-the-spot penalties, post-approval supervision and filing, end to end through the gateway', () => {
  let platform: RunningPlatform;
  let officer: string;
  let uncertifiedOfficer: string;
  let uncertifiedOfficerId: string;
  let otherTownOfficer: string;
  let clerk: string;
  let approver: string;
  let penaltyItem: Power;
  let unheldPenaltyItem: { id: string; basicCode: string; department: string };
  let leader: string;
  let officerId: string;
  let secondOfficerId: string;
  let db: Client;

  const http = () => platform.http();
  const decide = (token: string, body: Record<string, unknown>) => http().post('/api/v1/enforcement/on-the-spot-penalties').set(bearer(token)).send(body);
  const onTheSpot = (overrides: Record<string, unknown> = {}) => ({
    townCode: LIUHE,
    itemId: penaltyItem.itemId,
    party: { kind: 'person', name: '李当事', idNumber: residentId(), phone: '13812345678' },
    facts: '在浏河镇新闸路占道经营,经劝阻仍不改正',
    legalBasis: '《城市市容和环境卫生管理条例》第三十六条',
    place: '浏河镇新闸路12号门前',
    kind: 'fine',
    fineYuan: 200,
    ...overrides,
  });
  const liuheRows = async (): Promise<number> => Number((await db.query(`SELECT count(*) AS n FROM enforcement.on_the_spot_penalty WHERE town_code = $1`, [LIUHE])).rows[0].n);

  beforeAll(async () => {
    platform = await startPlatform();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const admin = await login(platform, 'taicang.admin');
    [officer, uncertifiedOfficer, clerk, approver] = await Promise.all(['liuhe.officer', 'liuhe.officer2', 'liuhe.clerk', 'liuhe.approver'].map((u) => login(platform, u)));
    const powers = await http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    expect(powers.status).toBe(200);
    penaltyItem = (powers.body as Power[]).find((p) => p.kind === 'penalty') as Power;
    expect(penaltyItem).toBeDefined();
    const item = await http().get(`/api/v1/catalog-items/${penaltyItem.itemId}`).set(bearer(admin));
    // The first officer holds an enforcement certificate for the item's category; the second does not.
    const me = await http().get('/api/v1/auth/me').set(bearer(officer));
    officerId = me.body.id as string;
    const certify = async (userId: string) => {
      const certified = await http()
        .post('/api/v1/certifications')
        .set(bearer(admin))
        .send({ userId, certificateNo: `ZF-E2E-${randomUUID().slice(0, 8)}`, categories: [item.body.category], issuedOn: '2026-01-01', expiresOn: '2029-12-31' });
      expect(certified.status).toBe(201);
    };
    await certify(officerId);
    // A second certified officer of Liuhe's team, so that a case can be filed.
    const second = await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: `lh.officer.${randomUUID().slice(0, 6)}`, displayName: '浏河执法队员丙', password: TEST_PASSWORD, organisationId: me.body.organisationId, roles: ['enforcement_officer'] });
    expect(second.status).toBe(201);
    secondOfficerId = second.body.id as string;
    await certify(secondOfficerId);
    leader = await login(platform, 'liuhe.leader');
    const versions = await http().get('/api/v1/counties/320585/catalog').set(bearer(clerk));
    const catalog = await http().get('/api/v1/catalog-items').set(bearer(clerk)).query({ versionId: versions.body.version.id, kind: 'penalty', pageSize: 100 });
    const heldIds = new Set((powers.body as Power[]).map((p) => p.itemId));
    unheldPenaltyItem = (catalog.body.items as { id: string; basicCode: string; department: string }[]).find((i) => !heldIds.has(i.id)) as typeof unheldPenaltyItem;
    expect(unheldPenaltyItem).toBeDefined();
    uncertifiedOfficerId = (await http().get('/api/v1/auth/me').set(bearer(uncertifiedOfficer))).body.id as string;
    // An officer of Chengxiang's team.
    const team = await http().post('/api/v1/organisations').set(bearer(admin)).send({ code: `CX-ZF-${randomUUID().slice(0, 6)}`, name: '城厢镇综合行政执法局', kind: 'enforcement_team', jurisdictionCode: CHENGXIANG });
    expect(team.status).toBe(201);
    const username = `cx.officer.${randomUUID().slice(0, 6)}`;
    const created = await http().post('/api/v1/users').set(bearer(admin)).send({ username, displayName: '城厢执法队员', password: TEST_PASSWORD, organisationId: team.body.id, roles: ['enforcement_officer'] });
    expect(created.status).toBe(201);
    otherTownOfficer = await login(platform, username, TEST_PASSWORD);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('refuses a 201-yuan on-the-spot fine on a citizen with the limit\'s code, writing nothing', async () => {
    const before = await liuheRows();
    const refused = await decide(officer, onTheSpot({ fineYuan: 201 }));
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'SIMPLIFIED_FINE_LIMIT_EXCEEDED', detail: expect.stringContaining('200 yuan') });
    expect(await liuheRows()).toBe(before);
    // The same fine on an organisation is within its 3,000-yuan limit; 3,000.01 is not.
    const organisation = { kind: 'organisation', name: '太仓某某餐饮有限公司', idNumber: '91350100M000100Y43', phone: '0512-53512345' };
    const overOrganisationLimit = await decide(officer, onTheSpot({ party: organisation, fineYuan: 3000.01 }));
    expect([overOrganisationLimit.status, overOrganisationLimit.body.code]).toEqual([422, 'SIMPLIFIED_FINE_LIMIT_EXCEEDED']);
  });

  it('collects more than 100 yuan on the spot only with a recorded reason', async () => {
    const refused = await decide(officer, onTheSpot({ fineYuan: 150, collectOnTheSpot: true }));
    expect([refused.status, refused.body.code]).toEqual([422, 'ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED']);
    const reasoned = await decide(officer, onTheSpot({ fineYuan: 150, collectOnTheSpot: true, collectionReason: '当事人系外地流动摊贩,事后缴纳确有困难' }));
    expect(reasoned.status).toBe(201);
    expect(reasoned.body).toMatchObject({ collectedOnTheSpot: true, fineYuan: 150 });
  });

  it('decides a 200-yuan fine with a numbered decision form and the party masked; an officer of another town gets 404', async () => {
    const party = { kind: 'person', name: '王当事', idNumber: residentId(), phone: '13912345678' };
    const decided = await decide(officer, onTheSpot({ party }));
    expect(decided.status).toBe(201);
    expect(decided.body).toMatchObject({ townCode: LIUHE, itemCode: penaltyItem.itemCode, kind: 'fine', fineYuan: 200, collectedOnTheSpot: false, decisionNo: expect.stringMatching(/^当罚320585102-\d{4}-\d{8}$/) });
    expect(decided.body.party.idNumber).not.toBe(party.idNumber);
    expect(decided.body.party.idNumber).toMatch(/\*/);
    expect(decided.body.party.phone).toMatch(/\*/);
    expect(JSON.stringify(decided.body)).not.toContain(party.idNumber);
    const stored = await db.query(`SELECT party_id_cipher, party_phone_cipher FROM enforcement.on_the_spot_penalty WHERE id = $1`, [decided.body.id]);
    expect(JSON.stringify(stored.rows)).not.toContain(party.idNumber);

    const read = await http().get(`/api/v1/enforcement/on-the-spot-penalties/${decided.body.id}`).set(bearer(officer));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(decided.body);
    const elsewhere = await http().get(`/api/v1/enforcement/on-the-spot-penalties/${decided.body.id}`).set(bearer(otherTownOfficer));
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const writeElsewhere = await decide(otherTownOfficer, onTheSpot());
    expect([writeElsewhere.status, writeElsewhere.body.code]).toEqual([403, 'FORBIDDEN_JURISDICTION']);

    const audit = await db.query(`SELECT action FROM enforcement.audit_log WHERE resource_id = $1`, [decided.body.id]);
    expect(audit.rows).toEqual([{ action: 'penalty.on_the_spot.decide' }]);
    // 双向告知: penalty.decided goes out through the outbox, the party named only masked and hashed.
    const outbox = await db.query(`SELECT subject, payload FROM enforcement.outbox WHERE payload->'data'->>'penaltyId' = $1`, [decided.body.id]);
    expect(outbox.rows).toEqual([{ subject: expect.stringMatching(/enforcement\.penalty\.decided\.v1$/), payload: expect.objectContaining({ data: expect.objectContaining({ decisionNo: decided.body.decisionNo, procedure: 'simplified', fineFen: 20_000, partyIdNumberMasked: decided.body.party.idNumber }) }) }]);
    expect(JSON.stringify(outbox.rows)).not.toContain(party.idNumber);
  });

  it('refuses an officer not certified for the item, naming the officer and the reason; a clerk may not decide at all', async () => {
    const before = await liuheRows();
    const refused = await decide(uncertifiedOfficer, onTheSpot({ fineYuan: 50 }));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('OFFICER_NOT_CERTIFIED');
    expect(refused.body.detail).toContain(uncertifiedOfficerId);
    expect(refused.body.detail).toContain(penaltyItem.itemCode);
    expect(await liuheRows()).toBe(before);
    expect((await decide(clerk, onTheSpot())).status).toBe(403);
  });

  it('turns an approval in the approval window into exactly one supervision task within seconds, which can raise one clue', async () => {
    const powers = (await http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE })).body as Power[];
    const licensing = powers.find((p) => p.kind === 'licensing') as Power;
    const item = await http().get(`/api/v1/catalog-items/${licensing.itemId}`).set(bearer(clerk));
    const materials = (item.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => ({ name: m.name }));
    const idNumber = residentId();
    const registered = await http()
      .post('/api/v1/applications')
      .set(bearer(clerk))
      .send({ townCode: LIUHE, itemId: licensing.itemId, applicant: { kind: 'person', name: '赵持证', idNumber, phone: '13712345678' }, materials, acceptNow: true });
    expect(registered.status).toBe(201);
    const applicationId = registered.body.application.id as string;
    expect((await http().post(`/api/v1/applications/${applicationId}/approve`).set(bearer(approver)).send({ validUntil: '2029-12-31' })).status).toBe(200);

    const tasks = await pollUntil(
      async () => (await http().get('/api/v1/enforcement/supervision-tasks').set(bearer(officer)).query({ applicationId })).body,
      (page) => page.total > 0,
      { timeoutMs: 10_000, what: 'the supervision task' },
    );
    expect(tasks).toMatchObject({ total: 1, items: [{ applicationId, townCode: LIUHE, supervisor: 'town_team', itemCode: licensing.itemCode, holderName: '赵持证', status: 'open' }] });
    expect(tasks.items[0].holderIdNumber).not.toBe(idNumber);
    const inDb = await db.query(`SELECT count(*)::int AS n FROM enforcement.supervision_task WHERE application_id = $1`, [applicationId]);
    expect(inDb.rows[0].n).toBe(1);
    // Outside Liuhe the task is not listed.
    expect((await http().get('/api/v1/enforcement/supervision-tasks').set(bearer(otherTownOfficer)).query({ applicationId })).body.total).toBe(0);

    // The inspection finds a problem: the task raises one clue, and only one.
    const taskId = tasks.items[0].id as string;
    const raised = await http().post(`/api/v1/enforcement/supervision-tasks/${taskId}/raise-clue`).set(bearer(officer)).send({ summary: '现场检查发现超出许可范围经营' });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ status: 'clue_registered', source: 'supervision_task', sourceRef: taskId, townCode: LIUHE });
    expect(raised.body.summary).toContain('赵持证');
    const again = await http().post(`/api/v1/enforcement/supervision-tasks/${taskId}/raise-clue`).set(bearer(officer)).send({ summary: '再次转线索' });
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect((await http().get('/api/v1/enforcement/supervision-tasks').set(bearer(officer)).query({ applicationId })).body.items[0].status).toBe('clue_raised');
    const elsewhere = await http().post(`/api/v1/enforcement/supervision-tasks/${taskId}/raise-clue`).set(bearer(otherTownOfficer)).send({ summary: '他镇' });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'SUPERVISION_TASK_NOT_FOUND']);
  });

  const clue = async (overrides: Record<string, unknown> = {}) => {
    const res = await http()
      .post('/api/v1/enforcement/clues')
      .set(bearer(officer))
      .send({ townCode: LIUHE, source: 'complaint', sourceRef: '12345-E2E', summary: '群众投诉新闸路商铺占道经营', party: { kind: 'person', name: '钱当事', idNumber: residentId(), phone: '13612345678' }, ...overrides });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'clue_registered', townCode: LIUHE, caseNo: null });
    return res.body.id as string;
  };
  const caseStep = (token: string, id: string, action: string, body: Record<string, unknown> = {}) => http().post(`/api/v1/enforcement/cases/${id}/${action}`).set(bearer(token)).send(body);

  it('files a case: a clue verified by an officer, filed by the leader with two certified officers, the decision due in 90 days', async () => {
    const id = await clue();
    const proposed = await caseStep(officer, id, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: '2026-11-20', officerIds: [officerId, secondOfficerId] });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ status: 'filing_proposed', itemCode: penaltyItem.itemCode, violationOn: '2026-11-20' });
    // The officer may not file; the leader files.
    expect((await caseStep(officer, id, 'file')).status).toBe(403);
    const filed = await caseStep(leader, id, 'file');
    expect(filed.status).toBe(200);
    expect(filed.body).toMatchObject({ status: 'investigating', statusLabel: '调查取证中', caseNo: expect.stringMatching(/^立案320585102-\d{4}-\d{6}$/), officerIds: [officerId, secondOfficerId] });
    expect(filed.body.decisionDueOn).toBe(new WorkingDayCalendar(CHINA_HOLIDAYS).calendarPeriodEnd(filed.body.filedOn, 90));
    expect(filed.body.party.idNumber).toMatch(/\*/);
    // The answer is the case as it now stands.
    expect(filed.body).toEqual((await http().get(`/api/v1/enforcement/cases/${id}`).set(bearer(leader))).body);
    // Filing twice is an illegal step.
    expect([(await caseStep(leader, id, 'file')).status]).toEqual([409]);
    const listed = await http().get('/api/v1/enforcement/cases').set(bearer(leader)).query({ status: 'investigating' });
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(id);
    // Due soon and overdue: a case filed today is due in 90 days or later (a holiday moves it); it is listed once its due date is near or past.
    const dueIds = async (dueWithinDays: number) => (await http().get('/api/v1/enforcement/cases').set(bearer(leader)).query({ dueWithinDays, pageSize: 100 })).body.items.map((c: { id: string }) => c.id);
    expect(await dueIds(7)).not.toContain(id);
    expect(await dueIds(89)).not.toContain(id);
    await db.query(`UPDATE enforcement.penalty_case SET decision_due_on = decision_due_on - 100 WHERE id = $1`, [id]);
    expect(await dueIds(0)).toContain(id);
    expect((await http().get(`/api/v1/enforcement/cases/${id}`).set(bearer(leader))).body).toMatchObject({ overdue: true });
    const audit = await db.query(`SELECT action FROM enforcement.audit_log WHERE resource_id = $1 ORDER BY seq`, [id]);
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual(['case.register_clue', 'case.propose_filing', 'case.file']);
  });

  it('numbers concurrent filings of one team apart: twelve at once get twelve case numbers and twelve consecutive 立案审批表 numbers; one clue filed twice at once is filed once', async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => clue()));
    for (const id of ids) expect((await caseStep(officer, id, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: '2026-11-20', officerIds: [officerId, secondOfficerId] })).status).toBe(200);
    const filed = await Promise.all(ids.map((id) => caseStep(leader, id, 'file')));
    expect(filed.map((f) => f.status)).toEqual(ids.map(() => 200));
    expect(new Set(filed.map((f) => f.body.caseNo)).size).toBe(ids.length);
    const documents = await db.query(`SELECT case_id, number, fields->>'案号' AS case_no FROM enforcement.case_document WHERE case_id = ANY($1) AND kind = 'filing_approval'`, [ids]);
    expect(documents.rows.map((d: { case_id: string }) => d.case_id).sort()).toEqual([...ids].sort());
    // Each form carries its own case's number, and the forms' numbers run on without a gap.
    for (const d of documents.rows as { case_id: string; case_no: string }[]) expect(d.case_no).toBe(filed[ids.indexOf(d.case_id)]?.body.caseNo);
    const serials = (documents.rows as { number: string }[]).map((d) => Number(/^320585102综执立〔\d{4}〕(\d+)号$/.exec(d.number)?.[1])).sort((a, b) => a - b);
    expect(serials).toEqual(serials.map((_, i) => (serials[0] as number) + i));
    // The same clue filed twice at once: one filing, one 409, one form, one audit entry.
    const twice = await clue();
    expect((await caseStep(officer, twice, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: '2026-11-20', officerIds: [officerId, secondOfficerId] })).status).toBe(200);
    const both = await Promise.all([caseStep(leader, twice, 'file'), caseStep(leader, twice, 'file')]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
    expect(both.find((b) => b.status === 409)?.body.code).toBe('INVALID_TRANSITION');
    const forms = await db.query(`SELECT count(*)::int AS n FROM enforcement.case_document WHERE case_id = $1`, [twice]);
    const audits = await db.query(`SELECT count(*)::int AS n FROM enforcement.audit_log WHERE resource_id = $1 AND action = 'case.file'`, [twice]);
    expect([forms.rows[0].n, audits.rows[0].n]).toEqual([1, 1]);
  });

  it('refuses a step whose case changed after it was read, even with its status unchanged: nothing of the step is written', async () => {
    const id = await clue();
    expect((await caseStep(officer, id, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: '2026-11-20', officerIds: [officerId, secondOfficerId] })).status).toBe(200);
    // Another writer changes the case (as a recusal changes its officers) and holds the row until the filing has read it and waits to write.
    const other = new Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`UPDATE enforcement.penalty_case SET summary = summary || '(补充)' WHERE id = $1`, [id]);
      // Sent now (a supertest request starts when it is awaited or then'd).
      const filing = caseStep(leader, id, 'file').then((res) => res);
      await pollUntil(async () => (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH guard AS (UPDATE enforcement.penalty_case %'`)).rows[0].n, (n) => n === 1, { what: 'the filing waiting on the row' });
      await other.query('COMMIT');
      const refused = await filing;
      expect([refused.status, refused.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    } finally {
      await other.end();
    }
    const now = await http().get(`/api/v1/enforcement/cases/${id}`).set(bearer(leader));
    expect(now.body).toMatchObject({ status: 'filing_proposed', caseNo: null, summary: '群众投诉新闸路商铺占道经营(补充)' });
    const forms = await db.query(`SELECT count(*)::int AS n FROM enforcement.case_document WHERE case_id = $1`, [id]);
    const audits = await db.query(`SELECT count(*)::int AS n FROM enforcement.audit_log WHERE resource_id = $1 AND action = 'case.file'`, [id]);
    expect([forms.rows[0].n, audits.rows[0].n]).toEqual([0, 0]);
    // Read again, the step goes through.
    expect((await caseStep(leader, id, 'file')).body).toMatchObject({ status: 'investigating', summary: '群众投诉新闸路商铺占道经营(补充)' });
  });

  it('refuses an officer not certified for the item, naming the officer; one officer is not enough', async () => {
    const id = await clue();
    const refused = await caseStep(officer, id, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: '2026-11-20', officerIds: [officerId, uncertifiedOfficerId] });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('OFFICER_NOT_CERTIFIED');
    expect(refused.body.detail).toContain(uncertifiedOfficerId);
    expect(refused.body.detail).not.toContain(`${officerId}:`);
    expect((await http().get(`/api/v1/enforcement/cases/${id}`).set(bearer(officer))).body.status).toBe('clue_registered');
    expect((await caseStep(officer, id, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: '2026-11-20', officerIds: [officerId] })).status).toBe(200);
    const alone = await caseStep(leader, id, 'file');
    expect([alone.status, alone.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(alone.body.detail).toContain('art. 42');
  });

  it('transfers a clue on a penalty item the town does not hold to the county department the catalog names', async () => {
    const id = await clue();
    const transferred = await caseStep(officer, id, 'propose-filing', { itemId: unheldPenaltyItem.id, violationOn: '2026-11-20', officerIds: [officerId, secondOfficerId] });
    expect(transferred.status).toBe(200);
    expect(transferred.body).toMatchObject({ status: 'transferred', itemCode: unheldPenaltyItem.basicCode, transferredTo: unheldPenaltyItem.department, caseNo: null });
    expect(transferred.body.reasons).toContain('2026-11-20');
  });

  it('refuses filing beyond the limitation period with the dates, and an officer of another town gets 404', async () => {
    const id = await clue();
    const old = await caseStep(officer, id, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: '2024-06-30', officerIds: [officerId, secondOfficerId] });
    expect(old.status).toBe(422);
    expect(old.body.code).toBe('LIMITATION_PERIOD_EXPIRED');
    expect(old.body.detail).toContain('2024-06-30');
    expect(old.body.detail).toContain('2026-06-30');
    const elsewhere = await http().get(`/api/v1/enforcement/cases/${id}`).set(bearer(otherTownOfficer));
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const stepElsewhere = await caseStep(otherTownOfficer, id, 'decline', { reasons: '不属实' });
    expect(stepElsewhere.status).toBe(404);
    const declined = await caseStep(officer, id, 'decline', { reasons: '已超过追责时效' });
    expect(declined.body).toMatchObject({ status: 'not_filed', reasons: '已超过追责时效' });
  });
});
