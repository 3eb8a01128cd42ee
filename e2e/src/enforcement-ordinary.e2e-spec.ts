import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CHINA_HOLIDAYS, WorkingDayCalendar, todayInShanghai } from '@yiti/platform';
import { bearer, login, pollUntil, residentId, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';
const CHENGXIANG = '320585100';
const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);

interface Power {
  itemId: string;
  itemCode: string;
  kind: string;
}
interface Band {
  circumstance: string;
  minFine: number | null;
  maxFine: number | null;
}

/** A JPEG as far as its first bytes go, different each call. */
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1020)]);

/**
 * The ordinary procedure (一般程序) end to end through the gateway: a clue filed, investigated with
 * evidence, a recusal and a preservation, notified, heard, reviewed by the legal reviewer, decided,
 * served, paid and closed — every step by its role, each numbered document printable — and the
 * approval side told of the penalty and the closing (双向告知).
 */
describe('enforcement: an ordinary case from clue to closed, end to end through the gateway', () => {
  let platform: RunningPlatform;
  let db: Client;
  let officer: string;
  let leader: string;
  let legal: string;
  let clerk: string;
  let otherTownOfficer: string;
  let officerId: string;
  let secondOfficerId: string;
  let replacementId: string;
  let presidingId: string;
  let penaltyItem: Power;
  let bands: Band[];

  const http = () => platform.http();
  const caseStep = (token: string, id: string, action: string, body: Record<string, unknown> = {}) => http().post(`/api/v1/enforcement/cases/${id}/${action}`).set(bearer(token)).send(body);
  const getCase = async (token: string, id: string) => http().get(`/api/v1/enforcement/cases/${id}`).set(bearer(token));

  beforeAll(async () => {
    platform = await startPlatform();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const admin = await login(platform, 'taicang.admin');
    [officer, leader, legal, clerk] = await Promise.all(['liuhe.officer', 'liuhe.leader', 'liuhe.legal', 'liuhe.clerk'].map((u) => login(platform, u)));
    const powers = await http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    penaltyItem = (powers.body as Power[]).find((p) => p.kind === 'penalty') as Power;
    const item = await http().get(`/api/v1/catalog-items/${penaltyItem.itemId}`).set(bearer(admin));
    bands = (item.body.discretionBands ?? []) as Band[];
    const me = await http().get('/api/v1/auth/me').set(bearer(officer));
    officerId = me.body.id as string;
    const certify = async (userId: string) => {
      const certified = await http()
        .post('/api/v1/certifications')
        .set(bearer(admin))
        .send({ userId, certificateNo: `ZF-OP-${randomUUID().slice(0, 8)}`, categories: [item.body.category], issuedOn: '2026-01-01', expiresOn: '2029-12-31' });
      expect(certified.status).toBe(201);
    };
    const teamOfficer = async (name: string) => {
      const created = await http()
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({ username: `lh.op.${randomUUID().slice(0, 8)}`, displayName: name, password: TEST_PASSWORD, organisationId: me.body.organisationId, roles: ['enforcement_officer'] });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    [secondOfficerId, replacementId, presidingId] = await Promise.all([teamOfficer('浏河执法队员丁'), teamOfficer('浏河执法队员戊'), teamOfficer('浏河听证主持人')]);
    await Promise.all([certify(officerId), certify(secondOfficerId), certify(replacementId)]);
    const team = await http().post('/api/v1/organisations').set(bearer(admin)).send({ code: `CX-OP-${randomUUID().slice(0, 6)}`, name: '城厢镇综合行政执法局', kind: 'enforcement_team', jurisdictionCode: CHENGXIANG });
    const username = `cx.op.${randomUUID().slice(0, 6)}`;
    expect((await http().post('/api/v1/users').set(bearer(admin)).send({ username, displayName: '城厢执法队员', password: TEST_PASSWORD, organisationId: team.body.id, roles: ['enforcement_officer'] })).status).toBe(201);
    otherTownOfficer = await login(platform, username, TEST_PASSWORD);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('takes a case with a hearing and legal review from clue to closed, every document numbered and printable, and tells the approval side', async () => {
    const today = todayInShanghai();
    // The party holds a licence from the approval window (an application registered for the same ID number).
    const idNumber = residentId();
    const powers = (await http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE })).body as Power[];
    const licensing = powers.find((p) => p.kind === 'licensing') as Power;
    const licensingItem = await http().get(`/api/v1/catalog-items/${licensing.itemId}`).set(bearer(clerk));
    const materials = (licensingItem.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => ({ name: m.name }));
    const application = await http()
      .post('/api/v1/applications')
      .set(bearer(clerk))
      .send({ townCode: LIUHE, itemId: licensing.itemId, applicant: { kind: 'person', name: '孙持证', idNumber, phone: '13512345678' }, materials, acceptNow: true });
    expect(application.status).toBe(201);
    const applicationId = application.body.application.id as string;

    // 线索 → 核查拟立案 → 立案
    const clue = await http()
      .post('/api/v1/enforcement/clues')
      .set(bearer(officer))
      .send({ townCode: LIUHE, source: 'inspection', summary: '巡查发现孙持证超范围经营', party: { kind: 'person', name: '孙持证', idNumber, phone: '13512345678' } });
    expect(clue.status).toBe(201);
    const id = clue.body.id as string;
    expect((await caseStep(officer, id, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: today, officerIds: [officerId, secondOfficerId] })).status).toBe(200);
    const filed = await caseStep(leader, id, 'file');
    expect(filed.status).toBe(200);
    expect(filed.body).toMatchObject({ status: 'investigating', procedure: { major: false, extensions: [] } });

    // An officer of another town sees nothing of it and cannot act on it.
    expect((await getCase(otherTownOfficer, id)).status).toBe(404);
    expect((await http().get(`/api/v1/enforcement/cases/${id}/documents`).set(bearer(otherTownOfficer))).status).toBe(404);
    expect((await caseStep(otherTownOfficer, id, 'notify', {})).status).toBe(404);

    // 证据: an attachment uploaded to the platform store, referenced by its content hash.
    const uploaded = await http().post('/api/v1/attachments').set(bearer(officer)).attach('file', jpeg(), { filename: 'scene.jpg', contentType: 'image/jpeg' });
    expect(uploaded.status).toBe(201);
    const hash = uploaded.body.hash as string;
    const evidence = await http()
      .post(`/api/v1/enforcement/cases/${id}/evidence`)
      .set(bearer(officer))
      .send({ type: 'audiovisual', description: '现场照片:店外占道堆放货物', collectedBy: officerId, collectedAt: `${today}T09:30:00+08:00`, attachments: [hash] });
    expect(evidence.status).toBe(201);
    expect(evidence.body).toMatchObject({ seq: 1, type: 'audiovisual', typeLabel: '视听资料', collectedBy: officerId, attachments: [hash] });
    const unknownHash = await http().post(`/api/v1/enforcement/cases/${id}/evidence`).set(bearer(officer)).send({ type: 'documentary', description: '询问笔录', collectedBy: officerId, collectedAt: `${today}T10:00:00+08:00`, attachments: ['0'.repeat(64)] });
    expect([unknownHash.status, unknownHash.body.code]).toEqual([422, 'ATTACHMENT_UNKNOWN']);
    const listed = await http().get(`/api/v1/enforcement/cases/${id}/evidence`).set(bearer(legal));
    expect(listed.body).toMatchObject({ total: 1, items: [{ attachments: [hash] }] });

    // 回避: the party asks that the second officer step aside; the leader agrees and names a certified replacement.
    const recused = await http().post(`/api/v1/enforcement/cases/${id}/recusals`).set(bearer(leader)).send({ officerId: secondOfficerId, raisedBy: 'party', decision: 'recused', reasons: '该执法人员与当事人有亲属关系', replacementId });
    expect(recused.status).toBe(201);
    expect(recused.body.officerIds).toEqual([officerId, replacementId]);

    // 先行登记保存: decided within 7 working days.
    const preserved = await http().post(`/api/v1/enforcement/cases/${id}/preservations`).set(bearer(leader)).send({ goods: '占道堆放的货物十二箱', reasons: '证据可能灭失' });
    expect(preserved.status).toBe(201);
    expect(preserved.body).toMatchObject({ preservedOn: today, decisionDueOn: calendar.addWorkingDays(today, 7), outcome: null, overdue: false });
    const released = await http().post(`/api/v1/enforcement/cases/${id}/preservations/${preserved.body.id}/decide`).set(bearer(leader)).send({ outcome: 'returned', reasons: '已拍照固定证据,退还当事人' });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ outcome: 'returned', decidedOn: today, overdue: false });

    // 事先告知: a fine with suspension of business entitles the party to a hearing.
    const band = bands[0];
    const fineYuan = band ? (band.minFine ?? 0) + (band.maxFine !== null && band.maxFine !== undefined ? Math.floor((band.maxFine - (band.minFine ?? 0)) / 2) : 1_000) : 3_000;
    const proposedPenalty = { kinds: ['fine', 'suspension'], fineYuan, ...(band ? { circumstance: band.circumstance } : {}) };
    const notified = await caseStep(officer, id, 'notify', { proposedPenalty, facts: '当事人在新闸路超出许可范围经营', legalBasis: '《无证无照经营查处办法》第十三条' });
    expect(notified.status).toBe(200);
    expect(notified.body).toMatchObject({ status: 'statement_period', procedure: { hearingQualifies: true, notifiedOn: today, statementsDueOn: calendar.addWorkingDays(today, 3), hearingRequestDueOn: calendar.addWorkingDays(today, 5) } });

    // 听证: requested in time; noticed at least 7 working days ahead, presided by an officer not on the case.
    expect((await caseStep(officer, id, 'request-hearing')).status).toBe(200);
    const earliest = calendar.addWorkingDays(today, 7);
    const tooSoon = await caseStep(officer, id, 'notice-hearing', { hearingOn: calendar.addWorkingDays(today, 6), hearingPlace: '浏河镇综合行政执法局听证室', presidingOfficerId: presidingId });
    expect([tooSoon.status, tooSoon.body.code]).toEqual([422, 'STATUTORY_PERIOD_NOT_MET']);
    expect(tooSoon.body.detail).toContain(earliest);
    const ownOfficer = await caseStep(officer, id, 'notice-hearing', { hearingOn: earliest, hearingPlace: '浏河镇综合行政执法局听证室', presidingOfficerId: replacementId });
    expect([ownOfficer.status, ownOfficer.body.code]).toEqual([422, 'CASE_OFFICER_NOT_INDEPENDENT']);
    const noticed = await caseStep(officer, id, 'notice-hearing', { hearingOn: earliest, hearingPlace: '浏河镇综合行政执法局听证室', presidingOfficerId: presidingId });
    expect(noticed.status).toBe(200);
    expect(noticed.body.procedure).toMatchObject({ hearingOn: earliest, presidingOfficerId: presidingId });
    expect((await caseStep(officer, id, 'record-hearing', { hearingRecord: '听证笔录' })).body.code).toBe('STATUTORY_PERIOD_NOT_MET');
    // The hearing day comes.
    await db.query(`UPDATE enforcement.penalty_case SET hearing_on = $2 WHERE id = $1`, [id, today]);
    expect((await caseStep(officer, id, 'record-hearing', { hearingRecord: '当事人到场陈述申辩,承认超范围经营,请求从轻处罚' })).body).toMatchObject({ status: 'pending_decision', procedure: { hearingWaived: false } });

    // 法制审核 is mandatory after a hearing (art. 58), by the legal reviewer, not by an officer.
    const unreviewed = await caseStep(leader, id, 'decide-penalty', { penalty: proposedPenalty });
    expect([unreviewed.status, unreviewed.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect(unreviewed.body.detail).toContain('art. 58');
    expect((await caseStep(officer, id, 'submit-legal-review')).status).toBe(200);
    expect((await caseStep(officer, id, 'pass-legal-review')).status).toBe(403);
    const reviewed = await caseStep(legal, id, 'pass-legal-review', { reasons: '事实清楚,证据确凿,程序合法,适用依据正确' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ status: 'reviewed', procedure: { legalReviewMandatory: true } });

    // 决定: never heavier than notified; inside the band.
    const heavier = await caseStep(leader, id, 'decide-penalty', { penalty: { ...proposedPenalty, kinds: ['fine', 'suspension', 'licence_revocation'] } });
    expect([heavier.status, heavier.body.code]).toEqual([422, 'PENALTY_HEAVIER_THAN_NOTIFIED']);
    const decided = await caseStep(leader, id, 'decide-penalty', { penalty: proposedPenalty });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'decided', procedure: { decisionKind: 'penalty', penaltyInBand: true, decidedOn: today, serviceDueOn: calendar.addWorkingDays(today, 7), decisionNo: expect.stringMatching(/^320585102综执罚决〔\d{4}〕\d+号$/) } });
    const decisionNo = decided.body.procedure.decisionNo as string;

    // 送达 with its method; payment due 15 calendar days later (a holiday moves it).
    expect((await caseStep(officer, id, 'serve', {})).body.code).toBe('VALIDATION_FAILED');
    const served = await caseStep(officer, id, 'serve', { serviceMethod: 'direct', recipient: '孙持证' });
    expect(served.status).toBe(200);
    expect(served.body.procedure).toMatchObject({ servedOn: today, serviceMethod: 'direct', paymentDueOn: calendar.calendarPeriodEnd(today, 15), lateFeeYuan: 0 });

    // 执行 and 结案: not before the fine is paid in full.
    expect((await caseStep(leader, id, 'close', { closingReport: '结案' })).status).toBe(409);
    const short = await caseStep(officer, id, 'record-payment', { paidYuan: fineYuan - 1 });
    expect([short.status, short.body.code]).toEqual([422, 'PAYMENT_INSUFFICIENT']);
    expect((await caseStep(officer, id, 'record-payment', { paidYuan: fineYuan })).body).toMatchObject({ status: 'executed', procedure: { paidYuan: fineYuan, paidOn: today, lateFeeYuan: 0 } });
    const closed = await caseStep(leader, id, 'close', { closingReport: '罚款已全额缴纳,责令停业整改已完成,建议结案' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', procedure: { closedOn: today } });

    // Every document numbered per team and year, and printable.
    const documents = await http().get(`/api/v1/enforcement/cases/${id}/documents`).set(bearer(leader));
    expect(documents.status).toBe(200);
    expect(documents.body.items.map((d: { kind: string }) => d.kind)).toEqual(['filing_approval', 'preservation_notice', 'prior_notice', 'hearing_notice', 'decision', 'service_receipt', 'closing_report']);
    for (const d of documents.body.items as { number: string; issuedOn: string }[]) {
      expect(d.number).toMatch(new RegExp(`^320585102综执\\S+〔${today.slice(0, 4)}〕\\d+号$`));
      expect(d.issuedOn).toBe(today);
    }
    const decision = (documents.body.items as { id: string; kind: string; number: string }[]).find((d) => d.kind === 'decision') as { id: string; number: string };
    expect(decision.number).toBe(decisionNo);
    const printed = await http().get(`/api/v1/enforcement/cases/${id}/documents/${decision.id}/print`).set(bearer(officer));
    expect(printed.status).toBe(200);
    expect(printed.headers['content-type']).toMatch(/text\/html/);
    expect(printed.text).toContain('行政处罚决定书');
    expect(printed.text).toContain(decisionNo);
    expect(printed.text).toContain('孙持证');
    expect(printed.text).not.toContain(idNumber);
    expect(printed.text).not.toMatch(/<script/i);
    expect((await http().get(`/api/v1/enforcement/cases/${id}/documents/${decision.id}/print`).set(bearer(otherTownOfficer))).status).toBe(404);

    // Every step audited on the case.
    const audit = await db.query(`SELECT action FROM enforcement.audit_log WHERE resource_id = $1 ORDER BY seq`, [id]);
    expect(audit.rows.map((r: { action: string }) => r.action)).toEqual([
      'case.register_clue',
      'case.propose_filing',
      'case.file',
      'case.add_evidence',
      'case.recusal',
      'case.preserve',
      'case.decide_preservation',
      'case.notify',
      'case.request_hearing',
      'case.notice_hearing',
      'case.record_hearing',
      'case.submit_legal_review',
      'case.pass_legal_review',
      'case.decide_penalty',
      'case.serve',
      'case.record_payment',
      'case.close',
    ]);

    // 双向告知: the approval side shows the penalty and the closing on the holder's application.
    const view = await pollUntil(
      async () => (await http().get(`/api/v1/applications/${applicationId}`).set(bearer(clerk))).body,
      (body) => (body.enforcementNotices ?? []).length >= 2,
      { timeoutMs: 10_000, what: 'the enforcement notices on the application' },
    );
    expect(view.enforcementNotices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'penalty_decided', referenceNo: decisionNo, procedure: 'ordinary', townCode: LIUHE, itemCode: penaltyItem.itemCode, penaltyKinds: ['fine', 'suspension'], fineYuan }),
        expect.objectContaining({ kind: 'case_closed', referenceNo: closed.body.caseNo }),
      ]),
    );
    expect(JSON.stringify(view.enforcementNotices)).not.toContain(idNumber);
  });

  it('decides no penalty for a first violation (首违不罚) and closes without a payment; an on-the-spot fine shows up on the approval side', async () => {
    const idNumber = residentId();
    const clue = await http()
      .post('/api/v1/enforcement/clues')
      .set(bearer(officer))
      .send({ townCode: LIUHE, source: 'complaint', summary: '投诉占道经营', party: { kind: 'person', name: '周初犯', idNumber, phone: '13412345678' } });
    const id = clue.body.id as string;
    await caseStep(officer, id, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: todayInShanghai(), officerIds: [officerId, replacementId] });
    expect((await caseStep(leader, id, 'file')).status).toBe(200);
    expect((await caseStep(officer, id, 'notify', { proposedPenalty: { kinds: ['warning'] }, facts: '占道经营,已当场改正', legalBasis: '《行政处罚法》第三十三条' })).body.procedure.hearingQualifies).toBe(false);
    expect((await caseStep(officer, id, 'close-statements', { statementRecord: '当事人表示已改正,无异议' })).status).toBe(200);
    const noPenalty = await caseStep(leader, id, 'decide-no-penalty', { noPenaltyGround: 'first_violation', reasons: '初次违法且危害后果轻微并及时改正' });
    expect(noPenalty.status).toBe(200);
    expect(noPenalty.body.procedure).toMatchObject({ decisionKind: 'no_penalty', paymentDueOn: null });
    expect((await caseStep(officer, id, 'serve', { serviceMethod: 'direct' })).body.procedure.paymentDueOn).toBeNull();
    expect((await caseStep(leader, id, 'close', { closingReport: '不予处罚决定已送达,结案' })).body.status).toBe('closed');
    const documents = await http().get(`/api/v1/enforcement/cases/${id}/documents`).set(bearer(leader));
    const decision = (documents.body.items as { id: string; kind: string; title: string }[]).find((d) => d.kind === 'decision');
    expect(decision?.title).toBe('不予行政处罚决定书');

    // The same party fined on the spot: the approval side learns of it; the on-the-spot decision form prints with its number.
    const onTheSpot = await http()
      .post('/api/v1/enforcement/on-the-spot-penalties')
      .set(bearer(officer))
      .send({ townCode: LIUHE, itemId: penaltyItem.itemId, party: { kind: 'person', name: '周初犯', idNumber, phone: '13412345678' }, facts: '再次占道经营', legalBasis: '《城市市容和环境卫生管理条例》第三十六条', place: '新闸路', kind: 'fine', fineYuan: 100 });
    expect(onTheSpot.status).toBe(201);
    const form = await http().get(`/api/v1/enforcement/on-the-spot-penalties/${onTheSpot.body.id}/print`).set(bearer(officer));
    expect(form.status).toBe(200);
    expect(form.text).toContain('当场行政处罚决定书');
    expect(form.text).toContain(onTheSpot.body.decisionNo);
    const clerkToken = clerk;
    const powers = (await http().get('/api/v1/town-powers').set(bearer(clerkToken)).query({ townCode: LIUHE })).body as Power[];
    const licensing = powers.find((p) => p.kind === 'licensing') as Power;
    const licensingItem = await http().get(`/api/v1/catalog-items/${licensing.itemId}`).set(bearer(clerkToken));
    const materials = (licensingItem.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => ({ name: m.name }));
    const application = await http()
      .post('/api/v1/applications')
      .set(bearer(clerkToken))
      .send({ townCode: LIUHE, itemId: licensing.itemId, applicant: { kind: 'person', name: '周初犯', idNumber, phone: '13412345678' }, materials, acceptNow: true });
    const view = await pollUntil(
      async () => (await http().get(`/api/v1/applications/${application.body.application.id}`).set(bearer(clerkToken))).body,
      (body) => (body.enforcementNotices ?? []).some((n: { kind: string }) => n.kind === 'penalty_decided'),
      { timeoutMs: 10_000, what: 'the on-the-spot penalty on the application' },
    );
    expect(view.enforcementNotices).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'penalty_decided', referenceNo: onTheSpot.body.decisionNo, procedure: 'simplified', fineYuan: 100 })]));
    // 首违不罚 no longer applies to this party for this item.
    const again = await http()
      .post('/api/v1/enforcement/clues')
      .set(bearer(officer))
      .send({ townCode: LIUHE, source: 'inspection', summary: '第三次占道经营', party: { kind: 'person', name: '周初犯', idNumber, phone: '13412345678' } });
    const againId = again.body.id as string;
    await caseStep(officer, againId, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: todayInShanghai(), officerIds: [officerId, replacementId] });
    await caseStep(leader, againId, 'file');
    await caseStep(officer, againId, 'notify', { proposedPenalty: { kinds: ['warning'] }, facts: '占道经营', legalBasis: '第三十三条' });
    await caseStep(officer, againId, 'close-statements', { statementRecord: '无异议' });
    const refused = await caseStep(leader, againId, 'decide-no-penalty', { noPenaltyGround: 'first_violation', reasons: '初次违法' });
    expect([refused.status, refused.body.code]).toEqual([422, 'FIRST_VIOLATION_NOT_APPLICABLE']);
  });

  it('lets the county admin set the hearing thresholds; officers read them', async () => {
    const admin = await login(platform, 'taicang.admin');
    const current = await http().get('/api/v1/enforcement/hearing-thresholds/320585').set(bearer(officer));
    expect(current.status).toBe(200);
    expect(current.body).toEqual({ citizenYuan: expect.any(Number), organisationYuan: expect.any(Number) });
    expect((await http().put('/api/v1/enforcement/hearing-thresholds/320585').set(bearer(officer)).send(current.body)).status).toBe(403);
    const set = await http().put('/api/v1/enforcement/hearing-thresholds/320585').set(bearer(admin)).send(current.body);
    expect(set.status).toBe(200);
    expect(set.body).toEqual(current.body);
  });
});
