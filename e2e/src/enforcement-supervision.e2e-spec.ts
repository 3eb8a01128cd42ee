import { Client } from 'pg';
import { ENFORCEMENT_SERVICE, ENFORCEMENT_SERVICE_NAME } from '@yiti/enforcement-service';
import { bearer, login, pollUntil, residentId, startPlatform, startService, TEST_DATABASE_URL, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';

/**
 * 审管联动: an approval granted in the approval window becomes exactly one supervision task within
 * seconds, also when the enforcement service was down while it was granted (the event waits in the
 * stream for the durable consumer; the inbox applies it once).
 */
describe('post-approval supervision across an enforcement outage (end to end through the gateway)', () => {
  let platform: RunningPlatform;
  let db: Client;
  let clerk: string;
  let approver: string;
  let officer: string;
  let licensing: { itemId: string; itemCode: string };
  let materials: { name: string }[];
  const http = () => platform.http();

  /** Registers, accepts and approves one application; its id. */
  const grant = async (holder: string): Promise<string> => {
    const registered = await http()
      .post('/api/v1/applications')
      .set(bearer(clerk))
      .send({ townCode: LIUHE, itemId: licensing.itemId, applicant: { kind: 'person', name: holder, idNumber: residentId(), phone: '13712345678' }, materials, acceptNow: true });
    expect(registered.status).toBe(201);
    const applicationId = registered.body.application.id as string;
    const approved = await http().post(`/api/v1/applications/${applicationId}/approve`).set(bearer(approver)).send({ validUntil: '2029-12-31' });
    expect(approved.status).toBe(200);
    return applicationId;
  };
  const tasksOf = async (applicationId: string) => (await http().get('/api/v1/enforcement/supervision-tasks').set(bearer(officer)).query({ applicationId })).body as { total: number; items: { applicationId: string; holderName: string; status: string }[] };
  const rowsOf = async (applicationId: string) => (await db.query(`SELECT count(*)::int AS n FROM enforcement.supervision_task WHERE application_id = $1`, [applicationId])).rows[0].n as number;

  beforeAll(async () => {
    platform = await startPlatform();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    [clerk, approver, officer] = await Promise.all(['liuhe.clerk', 'liuhe.approver', 'liuhe.officer'].map((u) => login(platform, u)));
    const powers = (await http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE })).body as { itemId: string; itemCode: string; kind: string }[];
    licensing = powers.find((p) => p.kind === 'licensing') as typeof licensing;
    const item = await http().get(`/api/v1/catalog-items/${licensing.itemId}`).set(bearer(clerk));
    materials = (item.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => ({ name: m.name }));
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('makes exactly one task within seconds while enforcement runs', async () => {
    const applicationId = await grant('孙持证');
    const started = Date.now();
    const tasks = await pollUntil(() => tasksOf(applicationId), (page) => page.total > 0, { timeoutMs: 10_000, what: 'the supervision task' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(tasks).toMatchObject({ total: 1, items: [{ applicationId, holderName: '孙持证', status: 'open' }] });
    expect(await rowsOf(applicationId)).toBe(1);
  });

  it('makes exactly one task once enforcement is back, for approvals granted while it was down', async () => {
    await platform.services[ENFORCEMENT_SERVICE_NAME]?.close();
    const granted = [await grant('周持证'), await grant('吴持证')];
    // Nothing can be written while enforcement is down; the events wait in the stream.
    for (const applicationId of granted) expect(await rowsOf(applicationId)).toBe(0);
    const restarted = await startService(ENFORCEMENT_SERVICE);
    platform.services[ENFORCEMENT_SERVICE_NAME] = restarted;
    const started = Date.now();
    for (const applicationId of granted) {
      const tasks = await pollUntil(() => tasksOf(applicationId), (page) => page.total > 0, { timeoutMs: 15_000, what: 'the supervision task after the restart' });
      expect(tasks.total).toBe(1);
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    // Still exactly one each a moment later (no redelivery adds another), and one inbox entry per event.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const applicationId of granted) expect(await rowsOf(applicationId)).toBe(1);
    const audits = await db.query(`SELECT count(*)::int AS n FROM enforcement.audit_log WHERE action = 'supervision_task.create' AND resource_id IN (SELECT id::text FROM enforcement.supervision_task WHERE application_id = ANY($1::uuid[]))`, [granted]);
    expect(audits.rows[0].n).toBe(2);
  });
});
