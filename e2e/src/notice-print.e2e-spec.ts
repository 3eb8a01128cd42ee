import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { todayInShanghai } from '@yiti/platform';
import { bearer, login, residentId, startPlatform, TEST_DATABASE_URL, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';

interface Notice {
  id: string;
  kind: string;
  number: string;
  title: string;
}

interface PrintAudit {
  actor_id: string;
  actor_roles: string[];
  before: unknown;
  after: { status: string; noticeId: string; noticeNumber: string; noticeKind: string; fullIdNumberShown: boolean };
}

describe('printing a notice (打印文书), end to end through the gateway', () => {
  let platform: RunningPlatform;
  let clerk: string;
  let approver: string;
  let countyAdmin: string;
  let otherTownClerk: string;
  let grid: string;
  let db: Client;
  let itemId: string;
  let requiredMaterials: string[];

  const idNumber = residentId();
  const masked = `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;
  const hostileName = '王<script>alert(1)</script>';

  const print = (token: string, id: string, noticeId: string) => platform.http().get(`/api/v1/applications/${id}/notices/${noticeId}/print`).set(bearer(token));
  const notices = async (id: string): Promise<Notice[]> => (await platform.http().get(`/api/v1/applications/${id}/notices`).set(bearer(clerk))).body as Notice[];
  const printAudits = async (id: string): Promise<PrintAudit[]> =>
    (await db.query(`SELECT actor_id, actor_roles, before, after FROM approval_window.audit_log WHERE resource_type = 'application' AND resource_id = $1 AND action = 'application.notice_printed' ORDER BY seq`, [id])).rows as PrintAudit[];
  const userId = async (token: string): Promise<string> => (await platform.http().get('/api/v1/auth/me').set(bearer(token))).body.id as string;

  /** An application a Liuhe clerk registers and accepts on the spot: a receipt and an acceptance notice. */
  const registerAccepted = async (name = '张打印') => {
    const res = await platform
      .http()
      .post('/api/v1/applications')
      .set(bearer(clerk))
      .send({ townCode: LIUHE, itemId, applicant: { kind: 'person', name, idNumber, phone: '13912345678' }, materials: requiredMaterials.map((m) => ({ name: m })), acceptNow: true });
    expect(res.status).toBe(201);
    expect(res.body.notices.map((n: Notice) => n.kind)).toEqual(['receipt', 'acceptance']);
    return res.body.application.id as string;
  };

  beforeAll(async () => {
    platform = await startPlatform();
    [clerk, approver, countyAdmin, otherTownClerk, grid] = await Promise.all(['liuhe.clerk', 'liuhe.approver', 'taicang.admin', 'chengxiang.clerk', 'liuhe.grid'].map((u) => login(platform, u)));
    const powers = await platform.http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    expect(powers.status).toBe(200);
    const licensing = (powers.body as { itemId: string; kind: string }[]).find((p) => p.kind === 'licensing');
    expect(licensing).toBeDefined();
    itemId = licensing?.itemId as string;
    const item = await platform.http().get(`/api/v1/catalog-items/${itemId}`).set(bearer(clerk));
    requiredMaterials = (item.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => m.name);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('prints the acceptance notice for the clerk who registered it, with the full ID number, as a self-contained page, and audits the print', async () => {
    const id = await registerAccepted();
    const acceptance = (await notices(id)).find((n) => n.kind === 'acceptance') as Notice;

    const res = await print(clerk, id, acceptance.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const html = res.text;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h1>受理通知书</h1>');
    expect(html).toContain(acceptance.number);
    expect(html).toContain('浏河镇便民服务中心');
    const today = todayInShanghai();
    expect(html).toContain(`${today.slice(0, 4)}年${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain(`<tr><th>公民身份号码</th><td>${idNumber}</td></tr>`);
    expect(html).not.toMatch(/<script|<link|\bsrc=|\bhref=/i);

    // An approver of the town handles applications too: the full number.
    const byApprover = await print(approver, id, acceptance.id);
    expect(byApprover.status).toBe(200);
    expect(byApprover.text).toContain(idNumber);

    // 谁打印: each print, by whom, which notice, and whether the full number was shown; never the number itself.
    const audits = await printAudits(id);
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({ actor_id: await userId(clerk), actor_roles: ['window_clerk'], before: null, after: { status: 'accepted', noticeId: acceptance.id, noticeNumber: acceptance.number, noticeKind: 'acceptance', fullIdNumberShown: true } });
    expect(audits[1]).toMatchObject({ actor_id: await userId(approver), actor_roles: ['approver'], after: { noticeId: acceptance.id, fullIdNumberShown: true } });
    const stored = await db.query(`SELECT count(*)::int AS n FROM approval_window.audit_log WHERE resource_id = $1 AND after::text LIKE '%' || $2 || '%'`, [id, idNumber]);
    expect(stored.rows[0].n).toBe(0);

    // Prints are audited, not steps: the history still lists register and accept only, and still answers.
    const history = await platform.http().get(`/api/v1/applications/${id}/history`).set(bearer(clerk));
    expect(history.status).toBe(200);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['register', 'accept']);
  });

  it('prints the masked ID number for a reader who may not see it in full (the county admin), and audits that', async () => {
    const id = await registerAccepted();
    const receipt = (await notices(id)).find((n) => n.kind === 'receipt') as Notice;

    const res = await print(countyAdmin, id, receipt.id);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>收件凭证</h1>');
    expect(res.text).toContain(`<tr><th>公民身份号码</th><td>${masked}</td></tr>`);
    expect(res.text).not.toContain(idNumber);
    // The same rule as opening the application: the admin sees it masked there too.
    expect((await platform.http().get(`/api/v1/applications/${id}`).set(bearer(countyAdmin))).body.applicant.idNumber).toBe(masked);

    expect(await printAudits(id)).toEqual([expect.objectContaining({ actor_id: await userId(countyAdmin), after: expect.objectContaining({ noticeId: receipt.id, noticeKind: 'receipt', fullIdNumberShown: false }) })]);
  });

  it('escapes the applicant\'s name', async () => {
    const id = await registerAccepted(hostileName);
    const acceptance = (await notices(id)).find((n) => n.kind === 'acceptance') as Notice;
    const res = await print(clerk, id, acceptance.id);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script');
    expect(res.text).toContain('王&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('is 404 for another town\'s clerk, for a notice of another application and for an unknown one; 403 for a role that does not read applications; nothing audited', async () => {
    const id = await registerAccepted();
    const other = await registerAccepted();
    const [mine, theirs] = await Promise.all([notices(id), notices(other)]);
    const acceptance = mine.find((n) => n.kind === 'acceptance') as Notice;

    const elsewhere = await print(otherTownClerk, id, acceptance.id);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(elsewhere.body.code).toBe('APPLICATION_NOT_FOUND');

    const crossed = await print(clerk, id, (theirs[0] as Notice).id);
    expect(crossed.status).toBe(404);
    expect(crossed.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(crossed.body.code).toBe('NOTICE_NOT_FOUND');

    expect((await print(clerk, id, randomUUID())).body.code).toBe('NOTICE_NOT_FOUND');
    expect((await print(clerk, randomUUID(), acceptance.id)).body.code).toBe('APPLICATION_NOT_FOUND');
    const notUuid = await print(clerk, id, 'not-a-uuid');
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.code).toBe('VALIDATION_FAILED');

    const byGrid = await print(grid, id, acceptance.id);
    expect(byGrid.status).toBe(403);
    expect(byGrid.body.code).toBe('FORBIDDEN_ROLE');

    expect(await printAudits(id)).toEqual([]);
    expect(await printAudits(other)).toEqual([]);
  });

  it('is in the OpenAPI document as a text/html response', async () => {
    const doc = await platform.http().get('/docs/openapi.json');
    const operation = doc.body.paths['/api/v1/applications/{id}/notices/{noticeId}/print']?.get;
    expect(operation.summary).toContain('打印文书');
    expect(Object.keys(operation.responses['200'].content)).toEqual(['text/html']);
  });
});
