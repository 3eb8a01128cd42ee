import { randomUUID } from 'node:crypto';
import { bearer, login, residentId, startPlatform, TEST_PASSWORD, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';

interface Power {
  itemId: string;
  itemCode: string;
  kind: string;
}

/**
 * The enforcement service keeps identity's certification answers (执法资格) for a while; a revoked
 * certificate or a disabled officer must still be refused as soon as identity's event arrives.
 */
describe('enforcement: a revoked certificate or a disabled officer is refused at the next filing (立案)', () => {
  let platform: RunningPlatform;
  let admin: string;
  let officer: string;
  let leader: string;
  let penaltyItem: Power;
  /** Certified officers of Liuhe's team, made for this spec. */
  const certified: { userId: string; certificationId: string }[] = [];

  const http = () => platform.http();
  const caseStep = (token: string, id: string, action: string, body: Record<string, unknown> = {}) => http().post(`/api/v1/enforcement/cases/${id}/${action}`).set(bearer(token)).send(body);

  /** A clue proposed for filing with the two officers, their certifications asked (and kept) on the way. */
  const proposed = async (officerIds: string[]): Promise<string> => {
    const clue = await http()
      .post('/api/v1/enforcement/clues')
      .set(bearer(officer))
      .send({ townCode: LIUHE, source: 'complaint', sourceRef: '12345-CERT', summary: '群众投诉商铺占道经营', party: { kind: 'person', name: '孙当事', idNumber: residentId(), phone: '13612345678' } });
    expect(clue.status).toBe(201);
    const res = await caseStep(officer, clue.body.id as string, 'propose-filing', { itemId: penaltyItem.itemId, violationOn: '2026-11-20', officerIds });
    expect([res.status, res.body.status]).toEqual([200, 'filing_proposed']);
    return clue.body.id as string;
  };

  /**
   * Files the proposed clues one after another, 100 ms apart, until a filing is refused (the event has
   * arrived); a filing that goes through meanwhile uses up its clue. Fails when none is refused (within 5 s).
   */
  const firstRefusal = async (clueIds: string[]): Promise<{ body: { code: string; detail: string }; filed: number }> => {
    const deadline = Date.now() + 5000;
    let filed = 0;
    for (const id of clueIds) {
      if (Date.now() > deadline) break;
      const res = await caseStep(leader, id, 'file');
      if (res.status === 422) return { body: res.body, filed };
      expect(res.status).toBe(200);
      filed++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no filing was refused (${filed} filed, one every 100 ms or so)`);
  };

  /** Files the clue, tried again while it is refused for up to 5 s (the enabling event is on its way). */
  const firstFiling = async (id: string): Promise<{ caseNo: string }> => {
    const deadline = Date.now() + 5000;
    let last: { status: number; body: { caseNo: string } } = { status: 0, body: { caseNo: '' } };
    while (Date.now() < deadline) {
      last = await caseStep(leader, id, 'file');
      if (last.status === 200) return last.body;
      expect(last.status).toBe(422);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the filing was still refused after 5 s (${last.status})`);
  };

  beforeAll(async () => {
    platform = await startPlatform();
    admin = await login(platform, 'taicang.admin');
    [officer, leader] = await Promise.all([login(platform, 'liuhe.officer'), login(platform, 'liuhe.leader')]);
    const powers = await http().get('/api/v1/town-powers').set(bearer(officer)).query({ townCode: LIUHE });
    expect(powers.status).toBe(200);
    penaltyItem = (powers.body as Power[]).find((p) => p.kind === 'penalty') as Power;
    expect(penaltyItem).toBeDefined();
    const item = await http().get(`/api/v1/catalog-items/${penaltyItem.itemId}`).set(bearer(admin));
    const me = await http().get('/api/v1/auth/me').set(bearer(officer));
    for (const name of ['甲', '乙', '丙']) {
      const user = await http()
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({ username: `lh.cert.${randomUUID().slice(0, 6)}`, displayName: `浏河执法队员${name}`, password: TEST_PASSWORD, organisationId: me.body.organisationId, roles: ['enforcement_officer'] });
      expect(user.status).toBe(201);
      const cert = await http()
        .post('/api/v1/certifications')
        .set(bearer(admin))
        .send({ userId: user.body.id, certificateNo: `ZF-CC-${randomUUID().slice(0, 8)}`, categories: [item.body.category], issuedOn: '2026-01-01', expiresOn: '2029-12-31' });
      expect(cert.status).toBe(201);
      certified.push({ userId: user.body.id as string, certificationId: cert.body.id as string });
    }
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('refuses the next filing with an officer whose certificate was revoked, naming the officer and the revocation', async () => {
    const [a, b] = certified as [(typeof certified)[number], (typeof certified)[number]];
    const clues: string[] = [];
    for (let i = 0; i < 5; i++) clues.push(await proposed([a.userId, b.userId]));
    // The first filing goes through: both officers certified today (the answers are now kept).
    expect((await caseStep(leader, clues[0] as string, 'file')).status).toBe(200);

    const revoked = await http().post(`/api/v1/certifications/${b.certificationId}/revoke`).set(bearer(admin)).send({ reason: '年度考核不合格' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.statusToday).toBe('revoked');

    // Filings may go through only while the event is on its way (the outbox relay publishes at commit).
    const { body, filed } = await firstRefusal(clues.slice(1, 4));
    expect(filed).toBeLessThan(3);
    expect(body.code).toBe('OFFICER_NOT_CERTIFIED');
    expect(body.detail).toContain(`${b.userId}:`);
    expect(body.detail).toContain('证件已撤销');
    expect(body.detail).not.toContain(`${a.userId}:`);
    // Refused for good: the case stays proposed.
    const last = clues[4] as string;
    expect((await caseStep(leader, last, 'file')).status).toBe(422);
    expect((await http().get(`/api/v1/enforcement/cases/${last}`).set(bearer(leader))).body.status).toBe('filing_proposed');
  });

  it('refuses the next filing with an officer who was disabled, and files again once the officer is enabled', async () => {
    const [a, , c] = certified as [(typeof certified)[number], (typeof certified)[number], (typeof certified)[number]];
    const clues: string[] = [];
    for (let i = 0; i < 5; i++) clues.push(await proposed([a.userId, c.userId]));
    expect((await caseStep(leader, clues[0] as string, 'file')).status).toBe(200);

    const disabled = await http().post(`/api/v1/users/${c.userId}/status`).set(bearer(admin)).send({ status: 'disabled', reason: '调离执法岗位' });
    expect([disabled.status, disabled.body.status]).toEqual([200, 'disabled']);
    const { body, filed } = await firstRefusal(clues.slice(1, 4));
    expect(filed).toBeLessThan(3);
    expect(body.code).toBe('OFFICER_NOT_CERTIFIED');
    expect(body.detail).toContain(`${c.userId}:`);
    expect(body.detail).toContain('账号已停用');

    const enabled = await http().post(`/api/v1/users/${c.userId}/status`).set(bearer(admin)).send({ status: 'active', reason: '恢复执法岗位' });
    expect(enabled.status).toBe(200);
    const refiled = await firstFiling(clues[4] as string);
    expect(refiled.caseNo).toMatch(/^立案320585102-\d{4}-\d{6}$/);
  });
});
