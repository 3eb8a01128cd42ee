import { ApplicationClockJobs } from '@yiti/approval-window-service';
import { addDays, todayInShanghai } from '@yiti/platform';
import { bearer, login, residentId, startApprovalWindow, startPlatform, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';

interface Item {
  itemId: string;
  itemName: string;
  kind: string;
  mode: string;
}

interface Notice {
  id: string;
  kind: string;
  issuer: string;
  fields: Record<string, unknown>;
}

/**
 * The statutory documents and periods of the Licensing Law as a county found them wanting (issue 12):
 * the extension's reasons (art. 42), 补正 once and complete (art. 32), backdated intake and deemed
 * acceptance from the real receipt date (art. 32), the deciding authority on decisions and
 * certificates, and every suspension art. 45 names. Through the gateway, on the demo town Liuhe.
 */
describe('approval window statutory steps (Licensing Law arts. 32, 42, 45), end to end through the gateway', () => {
  let platform: RunningPlatform;
  let clerk: string;
  let approver: string;
  let leader: string;
  let clerkId: string;
  let held: Item;
  let requiredMaterials: string[];
  const today = todayInShanghai();

  const http = () => platform.http();
  const register = (body: Record<string, unknown>) => http().post('/api/v1/applications').set(bearer(clerk)).send({ townCode: LIUHE, itemId: held.itemId, applicant: { kind: 'person', name: '赵法定', idNumber: residentId(), phone: '13912345678' }, ...body });
  const step = (token: string, id: string, action: string, body: Record<string, unknown> = {}) => http().post(`/api/v1/applications/${id}/${action}`).set(bearer(token)).send(body);
  const print = async (id: string, noticeId: string): Promise<string> => {
    const res = await http().get(`/api/v1/applications/${id}/notices/${noticeId}/print`).set(bearer(clerk));
    expect(res.status).toBe(200);
    return res.text;
  };
  const workingDaysFrom = async (from: string, days: number): Promise<string> => {
    const res = await http().get('/api/v1/working-days').set(bearer(clerk)).query({ from, days });
    expect(res.status).toBe(200);
    return res.body.due as string;
  };
  const accepted = async (): Promise<string> => {
    const created = await register({ materials: requiredMaterials.map((name) => ({ name })), acceptNow: true });
    expect(created.status).toBe(201);
    return created.body.application.id as string;
  };

  beforeAll(async () => {
    platform = await startPlatform();
    [clerk, approver, leader] = await Promise.all(['liuhe.clerk', 'liuhe.approver', 'liuhe.leader'].map((u) => login(platform, u)));
    clerkId = (await http().get('/api/v1/auth/me').set(bearer(clerk))).body.id as string;
    const powers = await http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    held = (powers.body as Item[]).find((p) => p.kind === 'licensing') as Item;
    expect(held).toBeDefined();
    const item = await http().get(`/api/v1/catalog-items/${held.itemId}`).set(bearer(clerk));
    requiredMaterials = (item.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => m.name);
    expect(requiredMaterials.length).toBeGreaterThan(1);
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('tells the applicant why the period is extended: the reasons are on the 延期告知书 and its printed page (art. 42)', async () => {
    const id = await accepted();
    const extended = await step(leader, id, 'extend', { reasons: '需赴现场核查生产条件,情况复杂' });
    expect(extended.status).toBe(200);
    expect(extended.body.application.extensionReasons).toBe('需赴现场核查生产条件,情况复杂');
    const notice = extended.body.notices[0] as Notice;
    expect(notice).toMatchObject({ kind: 'extension', fields: expect.objectContaining({ reasons: '需赴现场核查生产条件,情况复杂' }) });
    const listed = (await http().get(`/api/v1/applications/${id}/notices`).set(bearer(clerk))).body as Notice[];
    expect(listed.find((n) => n.kind === 'extension')?.fields.reasons).toBe('需赴现场核查生产条件,情况复杂');
    const page = await print(id, notice.id);
    expect(page).toContain('<h2>理由</h2>');
    expect(page).toContain('需赴现场核查生产条件,情况复杂');
  });

  it('refuses a correction notice that leaves out a missing required material, listing it; allows a second round only for the resubmission (art. 32)', async () => {
    const [first, second, ...others] = requiredMaterials as [string, string, ...string[]];
    const created = await register({ materials: others.map((name) => ({ name })) });
    expect(created.status).toBe(201);
    const id = created.body.application.id as string;
    expect(created.body.application.missingRequired).toEqual([first, second]);

    const partial = await step(clerk, id, 'request-correction', { missingMaterials: [first, '申请表签字页'] });
    expect(partial.status).toBe(422);
    expect(partial.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(partial.body.code).toBe('CORRECTION_INCOMPLETE');
    expect(partial.body.errors).toEqual([{ field: 'missingMaterials', messages: [second] }]);
    expect((await http().get(`/api/v1/applications/${id}/notices`).set(bearer(clerk))).body.map((n: Notice) => n.kind)).toEqual(['receipt']);

    const complete = await step(clerk, id, 'request-correction', { missingMaterials: [first, second] });
    expect(complete.status).toBe(200);
    expect(complete.body.notices[0].fields).toMatchObject({ correctionRound: 1, materials: [first, second] });

    // The resubmission brings both; one of them turns out defective.
    expect((await step(clerk, id, 'resubmit', { materials: [{ name: first }, { name: second }] })).status).toBe(200);
    // A material handed in with the application and not asked for the first time is not for a second round.
    const late = others[0] ?? '申请书';
    const beyond = await step(clerk, id, 'request-correction', { missingMaterials: [first, late] });
    expect(beyond.status).toBe(422);
    expect(beyond.body.code).toBe('CORRECTION_BEYOND_RESUBMISSION');
    expect(beyond.body.errors).toEqual([{ field: 'missingMaterials', messages: [late] }]);

    const again = await step(clerk, id, 'request-correction', { missingMaterials: [first] });
    expect(again.status).toBe(200);
    const notice = again.body.notices[0] as Notice;
    expect(notice.fields).toMatchObject({ correctionRound: 2, materials: [first] });
    expect(notice.fields.text).toContain('仅针对第1次补正所提交材料本身存在的问题');
    const page = await print(id, notice.id);
    expect(page).toContain('第2次');
    expect(page).toContain('仅针对第1次补正所提交材料本身存在的问题');
  });

  it('records the real receipt date of an application entered late, who entered it and why, and runs every clock from it', async () => {
    const receivedOn = addDays(today, -14);
    const materials = requiredMaterials.map((name) => ({ name }));

    const future = await register({ materials, receivedOn: addDays(today, 1), lateEntryReason: '系统故障' });
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({ code: 'APPLICATION_DATE_INVALID', errors: [expect.objectContaining({ field: 'receivedOn' })] });
    const tooOld = await register({ materials, receivedOn: addDays(today, -31), lateEntryReason: '系统故障' });
    expect(tooOld.status).toBe(422);
    expect(tooOld.body.code).toBe('APPLICATION_DATE_INVALID');
    const noReason = await register({ materials, receivedOn });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'lateEntryReason' })] });
    expect((await register({ materials, receivedOn, lateEntryReason: '   ' })).status).toBe(400);

    // Received on paper two weeks ago (the system was down), entered today without a correction notice:
    // the five working days for one ran out long ago, so the sweep deems it accepted from receipt.
    const created = await register({ materials, receivedOn, lateEntryReason: '收件当日系统故障,纸质收件后补录' });
    expect(created.status).toBe(201);
    const id = created.body.application.id as string;
    expect(created.body.application).toMatchObject({
      status: 'received',
      receivedOn,
      lateEntry: { enteredOn: today, enteredBy: clerkId, reason: '收件当日系统故障,纸质收件后补录' },
      correctionNoticeDeadline: await workingDaysFrom(receivedOn, 5),
    });
    expect(created.body.notices[0].fields).toMatchObject({ receivedOn, enteredOn: today, lateEntryReason: '收件当日系统故障,纸质收件后补录' });
    const history = await http().get(`/api/v1/applications/${id}/history`).set(bearer(clerk));
    expect(history.body[0]).toMatchObject({ action: 'register', actorId: clerkId, details: expect.objectContaining({ receivedOn, enteredOn: today, lateEntryReason: '收件当日系统故障,纸质收件后补录' }) });

    const sweeper = await startApprovalWindow();
    try {
      await sweeper.get(ApplicationClockJobs).sweepDeemedAcceptances();
    } finally {
      await sweeper.close();
    }
    const deemed = await http().get(`/api/v1/applications/${id}`).set(bearer(clerk));
    expect(deemed.body).toMatchObject({ status: 'accepted', deemedAccepted: true, acceptedOn: receivedOn, decisionDueOn: await workingDaysFrom(receivedOn, deemed.body.statutoryWorkingDays) });

    // Entered after the 5 working days for a correction notice: too late to ask for one; the clerk's
    // acceptance is the deemed acceptance, from receipt.
    const lapsed = (await register({ materials, receivedOn, lateEntryReason: '夜间投递箱收件,节后补录' })).body.application.id as string;
    const tooLate = await step(clerk, lapsed, 'request-correction', { missingMaterials: ['申请表签字页'] });
    expect(tooLate.status).toBe(422);
    expect(tooLate.body.code).toBe('APPLICATION_DATE_INVALID');
    const acceptedLate = await step(clerk, lapsed, 'accept');
    expect(acceptedLate.status).toBe(200);
    expect(acceptedLate.body.application).toMatchObject({ status: 'accepted', deemedAccepted: true, acceptedOn: receivedOn });

    // Accepted on the spot at the counter during the outage: accepted on the day of receipt.
    const onTheSpot = await register({ materials, receivedOn, lateEntryReason: '窗口断网,当场纸质受理', acceptNow: true });
    expect(onTheSpot.status).toBe(201);
    expect(onTheSpot.body.application).toMatchObject({ status: 'accepted', receivedOn, acceptedOn: receivedOn, decisionDueOn: await workingDaysFrom(receivedOn, onTheSpot.body.application.statutoryWorkingDays) });
  });

  it('issues the decision and the certificate in the name of the town government that holds the delegated power, served at the window', async () => {
    expect(held.mode).toBe('delegated');
    const id = await accepted();
    const approved = await step(approver, id, 'approve', { reasons: '符合法定条件', validUntil: '2030-12-31' });
    expect(approved.status).toBe(200);
    expect(approved.body.application.issuingAuthority).toBe('浏河镇人民政府');
    const decision = approved.body.notices[0] as Notice;
    expect(decision).toMatchObject({ kind: 'approval', issuer: '浏河镇人民政府', fields: expect.objectContaining({ issuingAuthority: '浏河镇人民政府', placeOfService: '浏河镇便民服务中心' }) });
    const page = await print(id, decision.id);
    expect(page).toContain('<p class="issuer-head">浏河镇人民政府</p>');
    expect(page).toContain('浏河镇便民服务中心');

    const certificate = await step(clerk, id, 'certificate', {});
    expect(certificate.status).toBe(200);
    expect(certificate.body.notices[0]).toMatchObject({ kind: 'certificate', issuer: '浏河镇人民政府', fields: expect.objectContaining({ placeOfService: '浏河镇便民服务中心' }) });

    const refused = await step(approver, await accepted(), 'reject', { reasons: '不符合法定条件', legalBasis: '《行政许可法》第三十八条' });
    expect(refused.status).toBe(200);
    expect(refused.body.notices[0]).toMatchObject({ kind: 'rejection', issuer: '浏河镇人民政府' });
    // The window's own documents stay the window's.
    const receipt = (await http().get(`/api/v1/applications/${id}/notices`).set(bearer(clerk))).body.find((n: Notice) => n.kind === 'receipt') as Notice;
    expect(receipt.issuer).toBe('浏河镇便民服务中心');
  });

  it.each([
    ['hearing', '听证'],
    ['tender', '招标'],
    ['auction', '拍卖'],
    ['testing', '检验检测'],
    ['quarantine', '检疫'],
    ['appraisal', '鉴定'],
    ['expert_review', '专家评审'],
  ])('suspends the clock for %s (%s), as art. 45 allows, and names it on the notice', async (kind, label) => {
    const id = await accepted();
    const suspended = await step(approver, id, 'suspend', { suspensionKind: kind, reasons: `需${label}` });
    expect(suspended.status).toBe(200);
    expect(suspended.body.application).toMatchObject({ status: 'suspended', suspensionKind: kind, decisionDueOn: null });
    const notice = suspended.body.notices[0] as Notice;
    expect(notice.fields.kind).toBe(label);
    expect(await print(id, notice.id)).toContain(`<td>${label}</td>`);
  });
});
