import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { APPROVAL_EVENTS, EVENT_STREAM, type ApprovalGrantedEvent, type EventEnvelope } from '@yiti/contracts';
import { CalendarSource } from '@yiti/authority-client';
import { ApplicationClockJobs } from '@yiti/approval-window-service';
import { CHINA_HOLIDAYS, WorkingDayCalendar, todayInShanghai } from '@yiti/platform';
import { bearer, freshCounty, login, pollUntil, residentId, startApprovalWindow, startPlatform, TEST_DATABASE_URL, TEST_NATS_URL, TEST_PASSWORD, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';

interface Item {
  itemId: string;
  itemCode: string;
  itemName: string;
  kind: string;
}

describe('approval window (一口受理、一窗通办), end to end through the gateway', () => {
  let platform: RunningPlatform;
  let clerk: string;
  let approver: string;
  let leader: string;
  let otherTownClerk: string;
  let held: Item;
  let requiredMaterials: string[];
  let nc: NatsConnection;
  let db: Client;
  const grantedConsumer = `e2e-approval-granted-${randomUUID()}`;
  const applicantId = residentId();

  const workingDaysFrom = async (from: string, days: number): Promise<string> => {
    const res = await platform.http().get('/api/v1/working-days').set(bearer(clerk)).query({ from, days });
    expect(res.status).toBe(200);
    return res.body.due as string;
  };

  const register = (token: string, body: Record<string, unknown>) => platform.http().post('/api/v1/applications').set(bearer(token)).send(body);
  const step = (token: string, id: string, action: string, body: Record<string, unknown> = {}) => platform.http().post(`/api/v1/applications/${id}/${action}`).set(bearer(token)).send(body);
  const applicant = (idNumber = applicantId) => ({ kind: 'person', name: '张测试', idNumber, phone: '13912345678', address: '太仓市浏河镇' });

  beforeAll(async () => {
    platform = await startPlatform();
    [clerk, approver, leader, otherTownClerk] = await Promise.all(['liuhe.clerk', 'liuhe.approver', 'liuhe.leader', 'chengxiang.clerk'].map((u) => login(platform, u)));
    const powers = await platform.http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    expect(powers.status).toBe(200);
    const licensing = (powers.body as Item[]).filter((p) => p.kind === 'licensing');
    expect(licensing.length).toBeGreaterThan(0);
    held = licensing[0] as Item;
    const item = await platform.http().get(`/api/v1/catalog-items/${held.itemId}`).set(bearer(clerk));
    requiredMaterials = (item.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => m.name);
    expect(requiredMaterials.length).toBeGreaterThan(1);

    nc = await connect({ servers: TEST_NATS_URL });
    await (await nc.jetstreamManager()).consumers.add(EVENT_STREAM, { durable_name: grantedConsumer, filter_subject: APPROVAL_EVENTS.approvalGranted.subject, deliver_policy: DeliverPolicy.New, ack_policy: AckPolicy.Explicit });
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await (await nc?.jetstreamManager())?.consumers.delete(EVENT_STREAM, grantedConsumer).catch(() => undefined);
    await nc?.close();
    await db?.end();
    await platform?.close();
  });

  it('refuses an item Liuhe does not hold, naming the item and the town, and a penalty power', async () => {
    const versions = await platform.http().get('/api/v1/counties/320585/catalog').set(bearer(clerk));
    const catalog = await platform.http().get('/api/v1/catalog-items').set(bearer(clerk)).query({ versionId: versions.body.version.id, kind: 'licensing', pageSize: 100 });
    const heldIds = new Set(((await platform.http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE })).body as Item[]).map((p) => p.itemId));
    const unheld = (catalog.body.items as { id: string; basicCode: string; name: string }[]).find((i) => !heldIds.has(i.id));
    expect(unheld).toBeDefined();
    const res = await register(clerk, { townCode: LIUHE, itemId: unheld?.id, applicant: applicant(), materials: [] });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('ITEM_NOT_HELD');
    expect(res.body.detail).toContain(unheld?.basicCode);
    expect(res.body.detail).toContain('浏河');

    const penalty = ((await platform.http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE })).body as Item[]).find((p) => p.kind === 'penalty');
    const refused = await register(clerk, { townCode: LIUHE, itemId: penalty?.itemId, applicant: applicant(), materials: [] });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('ITEM_NOT_LICENSING');
  });

  it('validates the applicant: a wrong ID check digit, a bad credit code; a town outside the clerk\'s jurisdiction is forbidden', async () => {
    const wrongDigit = applicantId.slice(0, 17) + (applicantId[17] === '0' ? '1' : '0');
    const bad = await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(wrongDigit), materials: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.errors)).toContain('GB 11643');

    const org = await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: { kind: 'organisation', name: '太仓某某有限公司', idNumber: '91320585MA1XXXXX3Y', phone: '0512-53512345' }, materials: [] });
    expect(org.status).toBe(400);
    expect(JSON.stringify(org.body.errors)).toContain('GB 32100');

    // A write outside one's jurisdiction is forbidden (403), not "the town does not exist".
    const elsewhere = await register(otherTownClerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(), materials: [] });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('FORBIDDEN_JURISDICTION');
  });

  it('runs an application from intake through 补正, acceptance, suspension, extension and approval to the certificate', async () => {
    const today = todayInShanghai();
    const [first, ...rest] = requiredMaterials as [string, ...string[]];

    // On the spot acceptance is refused while a required material is missing, and nothing is left behind.
    const incomplete = await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(), materials: rest.map((name) => ({ name })), acceptNow: true });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.code).toBe('APPLICATION_MATERIALS_INCOMPLETE');
    expect(incomplete.body.detail).toContain(first);
    const none = await platform.http().post('/api/v1/applications/search').set(bearer(clerk)).send({ applicantIdNumber: applicantId });
    expect(none.body.total).toBe(0);

    const created = await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(), materials: rest.map((name) => ({ name, copies: 1, original: true })) });
    expect(created.status).toBe(201);
    const app = created.body.application;
    const id = app.id as string;
    expect(app).toMatchObject({ status: 'received', townCode: LIUHE, townName: '浏河镇', itemId: held.itemId, receivedOn: today, missingRequired: [first], acceptedOn: null });
    expect(app.applicationNo).toMatch(new RegExp(`^SQ${LIUHE}-\\d{4}-\\d{8}$`));
    expect(app.applicant.idNumber).toBe(applicantId);
    expect(app.correctionNoticeDeadline).toBe(await workingDaysFrom(today, 5));
    expect(created.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['receipt']);

    const early = await step(clerk, id, 'accept');
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('APPLICATION_MATERIALS_INCOMPLETE');

    // 补正: every missing item at once; the application waits; then resubmission resumes it.
    const correction = await step(clerk, id, 'request-correction', { missingMaterials: [first, '申请表签字页'], reasons: '申请表缺少签字' });
    expect(correction.status).toBe(200);
    expect(correction.body.application).toMatchObject({ status: 'correction_requested', correctionMaterials: [first, '申请表签字页'] });
    const notice = correction.body.notices[0];
    expect(notice).toMatchObject({ kind: 'correction', title: '补正材料通知书', issuedOn: today, issuer: expect.stringContaining('浏河') });
    expect(notice.fields).toMatchObject({ materials: [first, '申请表签字页'], applicantName: '张测试', itemName: held.itemName });
    expect(notice.fields.applicantIdNumber).not.toBe(applicantId);

    const tooSoon = await step(clerk, id, 'accept');
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.code).toBe('INVALID_TRANSITION');

    const resubmitted = await step(clerk, id, 'resubmit', { materials: [{ name: first }, { name: '申请表签字页' }] });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.application).toMatchObject({ status: 'received', missingRequired: [] });
    // Back at the window, the corrected application waits on a decision to accept within 5 working days.
    const waiting = await platform.http().get('/api/v1/application-deadlines').set(bearer(clerk)).query({ townCode: LIUHE, withinWorkingDays: 5 });
    expect(waiting.body.dueSoon).toEqual(expect.arrayContaining([expect.objectContaining({ applicationId: id, clock: 'acceptance', dueOn: await workingDaysFrom(today, 5) })]));

    const accepted = await step(clerk, id, 'accept');
    expect(accepted.status).toBe(200);
    const due = await workingDaysFrom(today, accepted.body.application.statutoryWorkingDays);
    expect(accepted.body.application).toMatchObject({ status: 'accepted', acceptedOn: today, deemedAccepted: false, decisionDueOn: due, extended: false, overdue: false });
    expect(accepted.body.notices[0]).toMatchObject({ kind: 'acceptance', title: '受理通知书', fields: expect.objectContaining({ decisionDueOn: due }) });

    // Another town's clerk cannot see it, in one read or in a search.
    expect((await platform.http().get(`/api/v1/applications/${id}`).set(bearer(otherTownClerk))).status).toBe(404);
    expect((await step(otherTownClerk, id, 'withdraw')).status).toBe(404);
    const theirs = await platform.http().post('/api/v1/applications/search').set(bearer(otherTownClerk)).send({ applicantIdNumber: applicantId });
    expect(theirs.body.total).toBe(0);

    // Only the window, the back office, leaders, admins and departments read applications.
    const grid = await login(platform, 'liuhe.grid');
    expect((await platform.http().get(`/api/v1/applications/${id}`).set(bearer(grid))).status).toBe(403);
    expect((await platform.http().get('/api/v1/applications').set(bearer(grid))).body.code).toBe('FORBIDDEN_ROLE');

    // Search by ID number finds it through the keyed hash; the list masks the number.
    const found = await platform.http().post('/api/v1/applications/search').set(bearer(clerk)).send({ applicantIdNumber: applicantId });
    expect(found.body.total).toBe(1);
    expect(found.body.items[0].applicant.idNumber).toBe(`${applicantId.slice(0, 6)}********${applicantId.slice(-4)}`);
    expect(found.body.items[0].applicant.phone).toBe('139****5678');

    // Nothing stored holds the plain ID number or phone.
    const stored = await db.query(`SELECT a::text AS row FROM approval_window.application a WHERE id = $1`, [id]);
    expect(stored.rows[0].row).not.toContain(applicantId);
    expect(stored.rows[0].row).not.toContain('13912345678');

    // Roles: a clerk does not approve, an approver does not extend.
    const clerkApproves = await step(clerk, id, 'approve', {});
    expect(clerkApproves.status).toBe(403);
    expect(clerkApproves.body.code).toBe('FORBIDDEN_ROLE');
    expect((await step(approver, id, 'extend', { reasons: '情况复杂' })).status).toBe(403);

    // A suspension stops the clock and is told to the applicant; resuming the same day costs nothing.
    const suspended = await step(approver, id, 'suspend', { suspensionKind: 'expert_review', reasons: '需组织专家评审' });
    expect(suspended.status).toBe(200);
    expect(suspended.body.application).toMatchObject({ status: 'suspended', decisionDueOn: null, suspensionKind: 'expert_review' });
    expect(suspended.body.notices[0]).toMatchObject({ kind: 'suspension', fields: expect.objectContaining({ kind: '专家评审' }) });
    const resumed = await step(approver, id, 'resume', {});
    expect(resumed.body.application).toMatchObject({ status: 'accepted', decisionDueOn: due, suspensionKind: null });

    // The leader extends once by 10 working days; a second extension is refused.
    const extended = await step(leader, id, 'extend', { reasons: '需现场核查,情况复杂' });
    expect(extended.status).toBe(200);
    expect(extended.body.application).toMatchObject({ extended: true, decisionDueOn: await workingDaysFrom(today, accepted.body.application.statutoryWorkingDays + 10) });
    expect(extended.body.notices[0]).toMatchObject({ kind: 'extension', title: '延长审查期限告知书' });
    const again = await step(leader, id, 'extend', { reasons: '再次延期' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');

    const refusedWithoutBasis = await step(approver, id, 'reject', { reasons: '不符合条件' });
    expect(refusedWithoutBasis.status).toBe(400);

    const approved = await step(approver, id, 'approve', { reasons: '符合法定条件', validUntil: '2029-12-31' });
    expect(approved.status).toBe(200);
    expect(approved.body.application).toMatchObject({ status: 'approved', decidedOn: today, decidedOnTime: true, validUntil: '2029-12-31', certificateDueOn: await workingDaysFrom(today, 10) });
    expect(approved.body.notices[0]).toMatchObject({ kind: 'approval', title: '准予行政许可决定书' });

    // 审管联动: approval.granted reaches a consumer exactly once, with the holder's number masked.
    const consumer = await nc.jetstream().consumers.get(EVENT_STREAM, grantedConsumer);
    const seen: EventEnvelope<ApprovalGrantedEvent>[] = [];
    await pollUntil(async () => {
      const batch = await consumer.fetch({ max_messages: 50, expires: 1000 });
      for await (const msg of batch) {
        const event = msg.json<EventEnvelope<ApprovalGrantedEvent>>();
        if (event.data.applicationId === id) seen.push(event);
        msg.ack();
      }
      return seen.length;
    }, (count) => count > 0, { timeoutMs: 15_000, what: 'approval.granted' });
    const drain = await consumer.fetch({ max_messages: 50, expires: 1500 });
    for await (const msg of drain) {
      const event = msg.json<EventEnvelope<ApprovalGrantedEvent>>();
      if (event.data.applicationId === id) seen.push(event);
      msg.ack();
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.data).toMatchObject({ townCode: LIUHE, countyCode: '320585', itemId: held.itemId, itemCode: held.itemCode, approvedOn: today, validUntil: '2029-12-31', holder: { kind: 'person', name: '张测试' } });
    expect(seen[0]?.data.department).toBeTruthy();
    expect(JSON.stringify(seen[0])).not.toContain(applicantId);

    const certificate = await step(clerk, id, 'certificate', {});
    expect(certificate.status).toBe(200);
    expect(certificate.body.application).toMatchObject({ status: 'certificate_issued', certificateIssuedOn: today });
    expect(certificate.body.application.certificateNo).toMatch(new RegExp(`^ZS${LIUHE}-`));
    expect((await step(clerk, id, 'certificate', {})).status).toBe(409);

    const notices = await platform.http().get(`/api/v1/applications/${id}/notices`).set(bearer(clerk));
    expect(notices.body.map((n: { kind: string }) => n.kind)).toEqual(['receipt', 'correction', 'receipt', 'acceptance', 'suspension', 'resumption', 'extension', 'approval', 'certificate']);
    expect(new Set(notices.body.map((n: { number: string }) => n.number)).size).toBe(9);
    expect((await platform.http().get(`/api/v1/applications/${id}/notices`).set(bearer(otherTownClerk))).status).toBe(404);

    // 谁审批谁负责: the application's own history names who took each step.
    const history = await platform.http().get(`/api/v1/applications/${id}/history`).set(bearer(leader));
    expect(history.status).toBe(200);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['register', 'request_correction', 'resubmit', 'accept', 'suspend', 'resume', 'extend', 'approve', 'issue_certificate']);
    expect(history.body[7]).toMatchObject({ action: 'approve', actionLabel: '准予许可', fromStatus: 'accepted', toStatus: 'approved', actorRoles: ['approver'], takenOn: today, details: expect.objectContaining({ validUntil: '2029-12-31' }) });
    expect(history.body[6]).toMatchObject({ action: 'extend', actorRoles: ['leader'], details: expect.objectContaining({ reasons: '需现场核查,情况复杂' }) });
    expect((await platform.http().get(`/api/v1/applications/${id}/history`).set(bearer(otherTownClerk))).status).toBe(404);

    // Every step is in the audit log of the county.
    const audited = await db.query(`SELECT action FROM approval_window.audit_log WHERE resource_id = $1 ORDER BY seq`, [id]);
    expect(audited.rows.map((r: { action: string }) => r.action)).toEqual([
      'application.register',
      'application.request_correction',
      'application.resubmit',
      'application.accept',
      'application.suspend',
      'application.resume',
      'application.extend',
      'application.approve',
      'application.issue_certificate',
    ]);
  });

  it('does not accept with reasons and a remedy, and lets the applicant withdraw, ending both lives', async () => {
    const body = { townCode: LIUHE, itemId: held.itemId, applicant: applicant(residentId()), materials: requiredMaterials.map((name) => ({ name })) };
    const refused = (await register(clerk, body)).body.application.id as string;
    const noReasons = await step(clerk, refused, 'not-accept', {});
    expect(noReasons.status).toBe(400);
    const notAccepted = await step(clerk, refused, 'not-accept', { reasons: '申请事项依法不需要取得行政许可' });
    expect(notAccepted.status).toBe(200);
    expect(notAccepted.body.application).toMatchObject({ status: 'not_accepted', decisionReasons: '申请事项依法不需要取得行政许可', acceptedOn: null });
    expect(notAccepted.body.notices[0]).toMatchObject({ kind: 'non_acceptance', title: '不予受理决定书', fields: expect.objectContaining({ reasons: '申请事项依法不需要取得行政许可', remedy: expect.stringContaining('行政复议') }) });
    expect((await step(clerk, refused, 'accept')).body.code).toBe('INVALID_TRANSITION');

    const withdrawn = (await register(clerk, { ...body, acceptNow: true })).body.application.id as string;
    const done = await step(clerk, withdrawn, 'withdraw', { reasons: '申请人书面申请撤回' });
    expect(done.body.application).toMatchObject({ status: 'withdrawn', decisionDueOn: null, overdue: false });
    expect((await step(approver, withdrawn, 'approve', {})).body.code).toBe('INVALID_TRANSITION');
  });

  it('refuses a certificate number already issued and leaves the application as it was', async () => {
    const certificateNo = `ZS-E2E-${randomUUID().slice(0, 8)}`;
    const approveOne = async () => {
      const created = await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(residentId()), materials: requiredMaterials.map((name) => ({ name })), acceptNow: true });
      const id = created.body.application.id as string;
      expect((await step(approver, id, 'approve', {})).status).toBe(200);
      return id;
    };
    const first = await approveOne();
    expect((await step(clerk, first, 'certificate', { certificateNo })).body.application).toMatchObject({ status: 'certificate_issued', certificateNo });
    const second = await approveOne();
    const clash = await step(clerk, second, 'certificate', { certificateNo });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('CERTIFICATE_NUMBER_TAKEN');
    const unchanged = await platform.http().get(`/api/v1/applications/${second}`).set(bearer(clerk));
    expect(unchanged.body).toMatchObject({ status: 'approved', certificateNo: null });
    const kinds = (await platform.http().get(`/api/v1/applications/${second}/notices`).set(bearer(clerk))).body.map((n: { kind: string }) => n.kind);
    expect(kinds).not.toContain('certificate');
  });

  it('replays an intake sent twice with one Idempotency-Key instead of registering twice', async () => {
    const idNumber = residentId();
    const body = { townCode: LIUHE, itemId: held.itemId, applicant: applicant(idNumber), materials: requiredMaterials.map((name) => ({ name })), acceptNow: true };
    const key = randomUUID();
    const first = await platform.http().post('/api/v1/applications').set(bearer(clerk)).set('Idempotency-Key', key).send(body);
    const second = await platform.http().post('/api/v1/applications').set(bearer(clerk)).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    expect(first.body.application.status).toBe('accepted');
    expect(second.status).toBe(201);
    expect(second.body.application.id).toBe(first.body.application.id);
    const found = await platform.http().post('/api/v1/applications/search').set(bearer(clerk)).send({ applicantIdNumber: idNumber });
    expect(found.body.total).toBe(1);
  });

  /** Liuhe is shared by every run on the database: every page of both lists, most urgent first. */
  async function deadlinesOf(withinWorkingDays: number) {
    const overdue = new Map<string, { clock: string; dueOn: string }>();
    const dueSoon = new Map<string, { clock: string; dueOn: string }>();
    for (let page = 1; ; page++) {
      const res = await platform.http().get('/api/v1/application-deadlines').set(bearer(approver)).query({ townCode: LIUHE, withinWorkingDays, page, pageSize: 100 });
      expect(res.status).toBe(200);
      for (const e of res.body.overdue as { applicationId: string; clock: string; dueOn: string }[]) overdue.set(e.applicationId, e);
      for (const e of res.body.dueSoon as { applicationId: string; clock: string; dueOn: string }[]) dueSoon.set(e.applicationId, e);
      if (page * 100 >= Math.max(res.body.overdueTotal as number, res.body.dueSoonTotal as number)) return { overdue, dueSoon };
    }
  }

  it('lists due-soon applications of the town and counts them per town', async () => {
    const created = await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(residentId()), materials: requiredMaterials.map((name) => ({ name })), acceptNow: true });
    expect(created.status).toBe(201);
    const id = created.body.application.id as string;
    const deadlines = await deadlinesOf(20);
    expect(deadlines.dueSoon.get(id)).toMatchObject({ clock: 'decision', dueOn: created.body.application.decisionDueOn });
    expect(deadlines.overdue.has(id)).toBe(false);
    expect((await platform.http().get('/api/v1/application-deadlines').set(bearer(otherTownClerk)).query({ townCode: LIUHE })).status).toBe(404);

    const today = created.body.application.receivedOn as string;
    const stats = await platform.http().get('/api/v1/application-statistics').set(bearer(leader)).query({ jurisdictionCode: '320585', from: today, to: today });
    expect(stats.status).toBe(200);
    const liuhe = stats.body.towns.find((t: { townCode: string }) => t.townCode === LIUHE);
    expect(liuhe.received).toBeGreaterThanOrEqual(3);
    expect(liuhe.accepted).toBeGreaterThanOrEqual(2);
    expect(liuhe.decided).toBeGreaterThanOrEqual(1);
    expect(liuhe.decidedOnTime).toBeLessThanOrEqual(liuhe.decided);
    // A town's leader asking for the county sees only their own town.
    expect(stats.body.towns.every((t: { townCode: string }) => t.townCode === LIUHE)).toBe(true);
    // The county admin sees every town of the county; the province admin asks for the whole province.
    const county = await platform.http().get('/api/v1/application-statistics').set(bearer(await login(platform, 'taicang.admin'))).query({ jurisdictionCode: '320585', from: today, to: today });
    expect(county.body.towns.find((t: { townCode: string }) => t.townCode === LIUHE)?.received).toBe(liuhe.received);
    const province = await platform.http().get('/api/v1/application-statistics').set(bearer(await login(platform, 'jiangsu.admin'))).query({ jurisdictionCode: '320000', from: today, to: today });
    expect(province.body.towns.some((t: { townCode: string }) => t.townCode === LIUHE)).toBe(true);
  });

  it('lists every kind of running clock that is due or overdue, and leaves out clocks not due yet', async () => {
    const materials = requiredMaterials.map((name) => ({ name }));
    // Correction notice overdue: received long ago, nobody asked for corrections (not swept yet).
    const waiting = (await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(residentId()), materials })).body.application.id as string;
    await db.query(`UPDATE approval_window.application SET received_on = '2026-09-01' WHERE id = $1`, [waiting]);
    // Acceptance after correction overdue: corrected materials came back long ago.
    const corrected = (await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(residentId()), materials })).body.application.id as string;
    const asked = await step(clerk, corrected, 'request-correction', { missingMaterials: [requiredMaterials[0]], reasons: '缺少签字' });
    expect(asked.body).toMatchObject({ application: { status: 'correction_requested' } });
    expect((await step(clerk, corrected, 'resubmit', { materials })).status).toBe(200);
    await db.query(`UPDATE approval_window.application SET updated_at = '2026-09-01T02:00:00Z' WHERE id = $1`, [corrected]);
    // Certificate due in 10 working days after approval; decision due in 20 after acceptance.
    const approved = (await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(residentId()), materials, acceptNow: true })).body.application.id as string;
    expect((await step(approver, approved, 'approve', { validUntil: '2030-12-31' })).status).toBe(200);
    const running = (await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(residentId()), materials, acceptNow: true })).body.application.id as string;

    const soon = await deadlinesOf(12);
    expect(soon.overdue.get(waiting)?.clock).toBe('correction_notice');
    expect(soon.overdue.get(corrected)?.clock).toBe('acceptance');
    expect(soon.dueSoon.get(approved)?.clock).toBe('certificate');
    expect(soon.dueSoon.has(running) || soon.overdue.has(running)).toBe(false);
    const later = await deadlinesOf(20);
    expect(later.dueSoon.get(running)?.clock).toBe('decision');
  });

  it('counts an application nobody asked to correct within 5 working days as accepted from receipt (art. 32)', async () => {
    const created = await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(residentId()), materials: requiredMaterials.map((name) => ({ name })) });
    const id = created.body.application.id as string;
    await db.query(`UPDATE approval_window.application SET received_on = '2026-09-01' WHERE id = $1`, [id]);
    const turned = await platform.approvalWindow.get(ApplicationClockJobs).sweepDeemedAcceptances();
    expect(turned).toBeGreaterThanOrEqual(1);
    const app = await platform.http().get(`/api/v1/applications/${id}`).set(bearer(clerk));
    expect(app.body).toMatchObject({ status: 'accepted', deemedAccepted: true, acceptedOn: '2026-09-01', decisionDueOn: await workingDaysFrom('2026-09-01', app.body.statutoryWorkingDays) });
    expect(app.body.overdue).toBe(true);
    const notices = await platform.http().get(`/api/v1/applications/${id}/notices`).set(bearer(clerk));
    expect(notices.body.map((n: { kind: string }) => n.kind)).toEqual(['receipt', 'acceptance']);
    expect(notices.body[1].fields.deemedAccepted).toBe(true);
    const history = await platform.http().get(`/api/v1/applications/${id}/history`).set(bearer(clerk));
    expect(history.body.at(-1)).toMatchObject({ action: 'deem_accept', actorId: 'system', fromStatus: 'received', toStatus: 'accepted' });
  });

  it('moves the due dates of running clocks when operators revise the holiday calendar, and back', async () => {
    const created = await register(clerk, { townCode: LIUHE, itemId: held.itemId, applicant: applicant(residentId()), materials: requiredMaterials.map((name) => ({ name })), acceptNow: true });
    const { id, acceptedOn, statutoryWorkingDays, decisionDueOn: shippedDue } = created.body.application as { id: string; acceptedOn: string; statutoryWorkingDays: number; decisionDueOn: string };
    const shipped = new WorkingDayCalendar(CHINA_HOLIDAYS);
    const extraDayOff = shipped.addWorkingDays(acceptedOn, 1);
    const year = Number(extraDayOff.slice(0, 4));
    const shippedYear = CHINA_HOLIDAYS.find((y) => y.year === year);
    expect(shippedYear).toBeDefined();
    const revisedYear = { ...(shippedYear as (typeof CHINA_HOLIDAYS)[number]), daysOff: [...(shippedYear?.daysOff ?? []), extraDayOff] };
    const revisedDue = new WorkingDayCalendar([...CHINA_HOLIDAYS.filter((y) => y.year !== year), revisedYear]).addWorkingDays(acceptedOn, statutoryWorkingDays);
    expect(revisedDue > shippedDue).toBe(true);

    const vendor = await login(platform, 'taicang.vendor');
    const setYear = (daysOff: string[]) =>
      platform.http().put(`/api/v1/calendar-years/${year}`).set(bearer(vendor)).send({ daysOff, makeupWorkdays: revisedYear.makeupWorkdays, provisional: revisedYear.provisional, source: '测试:临时调整' });
    const dueNow = (expected: string) =>
      pollUntil(async () => (await platform.http().get(`/api/v1/applications/${id}`).set(bearer(clerk))).body.decisionDueOn as string, (due) => due === expected, { timeoutMs: 15_000, what: `due date ${expected}` });
    // A second instance of the service: the event reaches one durable consumer, but every instance's calendar must follow.
    const second = await startApprovalWindow();
    const instances = [platform.approvalWindow, second].map((app) => app.get(CalendarSource));
    const everyInstanceSees = (workingDay: boolean) =>
      pollUntil(async () => instances.map((c) => c.current().isWorkingDay(extraDayOff)), (seen) => seen.every((w) => w === workingDay), { timeoutMs: 15_000, what: `${extraDayOff} working: ${workingDay} everywhere` });
    try {
      expect((await setYear(revisedYear.daysOff)).status).toBe(200);
      await dueNow(revisedDue);
      await everyInstanceSees(false);
      expect((await setYear(shippedYear?.daysOff ?? [])).status).toBe(200);
      await dueNow(shippedDue);
      await everyInstanceSees(true);
      // The history says why the deadline moved, both times.
      const history = await platform.http().get(`/api/v1/applications/${id}/history`).set(bearer(clerk));
      const recomputed = (history.body as { action: string; actionLabel: string; actorId: string; details: { decisionDueOn?: string } }[]).filter((h) => h.action === 'due_dates_recomputed');
      expect(recomputed.map((h) => h.details.decisionDueOn)).toEqual([revisedDue, shippedDue]);
      expect(recomputed[0]).toMatchObject({ actionLabel: '期限重算(节假日调整)', actorId: 'system' });
    } finally {
      await db.query(`DELETE FROM identity.holiday_calendar WHERE year = $1`, [year]);
      await second.close();
    }
  });
});

describe('approval window: the held items follow the registry\'s delegation events', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('accepts an item once delegated to a town and refuses it after the delegation is withdrawn', async () => {
    const county = await freshCounty(platform);
    const admin = bearer(county.adminToken);
    const versions = await platform.http().get('/api/v1/catalog-versions').set(admin);
    const sample = (versions.body as { id: string; code: string }[]).find((v) => v.code === 'JS-SAMPLE');
    expect((await platform.http().put(`/api/v1/counties/${county.countyCode}/catalog`).set(admin).send({ versionId: sample?.id })).status).toBe(200);
    const items = await platform.http().get('/api/v1/catalog-items').set(admin).query({ versionId: sample?.id, kind: 'licensing', pageSize: 1 });
    const item = items.body.items[0] as { id: string; basicCode: string; materials: { name: string; required: boolean }[] };

    const centre = await platform.http().post('/api/v1/organisations').set(admin).send({ code: 'BMFW', name: '甲镇便民服务中心', kind: 'service_centre', jurisdictionCode: county.townA });
    expect(centre.status).toBe(201);
    const username = `clerk.${county.countyCode}`;
    expect((await platform.http().post('/api/v1/users').set(admin).send({ username, displayName: '甲镇窗口', password: TEST_PASSWORD, organisationId: centre.body.id, roles: ['window_clerk'] })).status).toBe(201);
    const clerk = bearer(await login(platform, username, TEST_PASSWORD));
    const body = { townCode: county.townA, itemId: item.id, applicant: { kind: 'person', name: '李测试', idNumber: residentId(), phone: '13800000000' }, materials: item.materials.map((m) => ({ name: m.name })) };

    expect((await platform.http().post('/api/v1/applications').set(clerk).send(body)).body.code).toBe('ITEM_NOT_HELD');

    const today = todayInShanghai();
    const grant = await platform.http().post('/api/v1/delegations').set(admin).send({ itemIds: [item.id], townCodes: [county.townA], decisionNo: '测政发〔2026〕1号', effectiveFrom: today });
    expect(grant.status).toBe(201);
    const delegationId = grant.body.created[0].id as string;
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      await pollUntil(async () => (await db.query(`SELECT 1 FROM approval_window.held_item WHERE delegation_id = $1`, [delegationId])).rowCount, (rows) => rows === 1, { timeoutMs: 15_000, what: 'held item from power event' });
      const accepted = await platform.http().post('/api/v1/applications').set(clerk).send({ ...body, acceptNow: true });
      expect(accepted.status).toBe(201);
      expect(accepted.body.application.status).toBe('accepted');

      expect((await platform.http().post(`/api/v1/delegations/${delegationId}/withdraw`).set(admin).send({ withdrawnOn: today, reason: '乡镇无力承接' })).status).toBe(200);
      await pollUntil(async () => (await db.query(`SELECT 1 FROM approval_window.held_item WHERE delegation_id = $1 AND withdrawn_on IS NOT NULL`, [delegationId])).rowCount, (rows) => rows === 1, { timeoutMs: 15_000, what: 'held item from power event' });
      const refused = await platform.http().post('/api/v1/applications').set(clerk).send(body);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('ITEM_NOT_HELD');
    } finally {
      await db.end();
    }
  });
});
