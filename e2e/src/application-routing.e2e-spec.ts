import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApplicationClockJobs } from '@yiti/approval-window-service';
import { addDays, todayInShanghai } from '@yiti/platform';
import { bearer, freshCounty, login, pollUntil, residentId, startApprovalWindow, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

function licensingItem(code: string, category: string) {
  return {
    basicCode: code,
    name: `承办测试许可${code}`,
    kind: 'licensing',
    department: '县级住房和城乡建设部门',
    category,
    legalBasis: '《建筑工程施工许可管理办法》第二条',
    statutoryDays: 20,
    promisedDays: 5,
    materials: [{ name: '申请书', required: true }],
    fees: '不收费',
    onsiteVisits: 0,
  };
}

interface User {
  id: string;
  token: string;
}

/**
 * 谁审批谁负责: a duty list makes one town organisation responsible for an item's category; an
 * application of that item accepted at the window is routed to it, and only its approvers decide.
 */
describe('application routing to the handling organisation (承办机构), end to end through the gateway', () => {
  let platform: RunningPlatform;
  let county: FreshCounty;
  let db: Client;
  const run = randomUUID().slice(0, 6);
  const routedCategory = `承办测试/建设${run}`;
  const unroutedCategory = `承办测试/无清单${run}`;
  const laterCategory = `承办测试/后准入${run}`;
  const transitionCategory = `承办测试/过渡期${run}`;
  let routedItemId: string;
  let unroutedItemId: string;
  let laterItemId: string;
  let transitionItemId: string;
  let leader: User;
  let otherTownOrganisation: { id: string; name: string };
  let admit: (category: string) => Promise<void>;
  let organisationA: { id: string; name: string };
  let organisationB: { id: string; name: string };
  let clerk: User;
  let approverA: User;
  let approverB: User;

  const http = () => platform.http();

  async function organisation(token: string, body: { code: string; name: string; kind: string; jurisdictionCode: string }): Promise<{ id: string; name: string }> {
    const res = await http().post('/api/v1/organisations').set(bearer(token)).send(body);
    expect(res.status).toBe(201);
    return { id: res.body.id as string, name: res.body.name as string };
  }

  async function user(token: string, organisationId: string, role: string, username = `${role.replace('_', '.')}.${randomUUID().slice(0, 8)}`): Promise<User> {
    const res = await http().post('/api/v1/users').set(bearer(token)).send({ username, displayName: role, password: TEST_PASSWORD, organisationId, roles: [role] });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: await login(platform, username, TEST_PASSWORD) };
  }

  const register = (itemId: string) =>
    http()
      .post('/api/v1/applications')
      .set(bearer(clerk.token))
      .send({ townCode: county.townA, itemId, applicant: { kind: 'person', name: '李承办', idNumber: residentId(), phone: '13812345678' }, materials: [{ name: '申请书' }], acceptNow: true });
  const step = (token: string, id: string, action: string, body: Record<string, unknown> = {}) => http().post(`/api/v1/applications/${id}/${action}`).set(bearer(token)).send(body);
  const mine = async (token: string): Promise<string[]> => {
    const res = await http().get('/api/v1/applications').set(bearer(token)).query({ mine: true, townCode: county.townA, pageSize: 100 });
    expect(res.status).toBe(200);
    return (res.body.items as { id: string }[]).map((a) => a.id);
  };

  beforeAll(async () => {
    platform = await startPlatform();
    county = await freshCounty(platform);
    const province = await login(platform, 'jiangsu.admin');
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();

    // The catalog: one item in a category a duty list will cover, one in a category none covers; both delegated to town A.
    const version = await http().post('/api/v1/catalog-versions').set(bearer(province)).send({ code: `T-ROUTE-${county.countyCode}-${run}`, name: '承办测试目录', publishedOn: '2026-01-01' });
    expect(version.status).toBe(201);
    const imported = await http()
      .post(`/api/v1/catalog-versions/${version.body.id}/items/import`)
      .set(bearer(province))
      .send({
        items: [licensingItem(`T-CB-1-${run}`, routedCategory), licensingItem(`T-CB-2-${run}`, unroutedCategory), licensingItem(`T-CB-3-${run}`, laterCategory), licensingItem(`T-CB-4-${run}`, transitionCategory)],
      });
    expect(imported.status).toBe(201);
    const items = await http().get('/api/v1/catalog-items').set(bearer(county.adminToken)).query({ versionId: version.body.id, pageSize: 10 });
    const idOf = (category: string) => (items.body.items as { id: string; category: string }[]).find((i) => i.category === category)?.id as string;
    routedItemId = idOf(routedCategory);
    unroutedItemId = idOf(unroutedCategory);
    laterItemId = idOf(laterCategory);
    transitionItemId = idOf(transitionCategory);
    expect((await http().put(`/api/v1/counties/${county.countyCode}/catalog`).set(bearer(county.adminToken)).send({ versionId: version.body.id })).status).toBe(200);
    const delegated = await http()
      .post('/api/v1/delegations')
      .set(bearer(county.adminToken))
      .send({ itemIds: [routedItemId, unroutedItemId, laterItemId], townCodes: [county.townA], decisionNo: '测政发〔2026〕21号', effectiveFrom: '2026-01-01' });
    expect(delegated.status).toBe(201);
    // Delegated a month ago with a three-month transition: the county department still holds the power.
    const inTransition = await http()
      .post('/api/v1/delegations')
      .set(bearer(county.adminToken))
      .send({ itemIds: [transitionItemId], townCodes: [county.townA], decisionNo: '测政发〔2026〕22号', effectiveFrom: addDays(todayInShanghai(), -30), transitionMonths: 3 });
    expect(inTransition.status).toBe(201);

    // Town A: the service centre (its window clerk, and an approver of its own: organisation B) and
    // the functional institution the duty list will make responsible (organisation A).
    organisationB = await organisation(county.adminToken, { code: 'A-BMFW', name: '甲镇便民服务中心', kind: 'service_centre', jurisdictionCode: county.townA });
    organisationA = await organisation(county.adminToken, { code: 'A-JSJ', name: '甲镇建设管理局', kind: 'town_functional_institution', jurisdictionCode: county.townA });
    const government = await organisation(county.adminToken, { code: 'A-ZF', name: '甲镇人民政府', kind: 'town_government', jurisdictionCode: county.townA });
    otherTownOrganisation = await organisation(county.adminToken, { code: 'B-JSJ', name: '乙镇建设管理局', kind: 'town_functional_institution', jurisdictionCode: county.townB });
    [clerk, approverA, approverB, leader] = await Promise.all([
      user(county.adminToken, organisationB.id, 'window_clerk'),
      user(county.adminToken, organisationA.id, 'approver'),
      user(county.adminToken, organisationB.id, 'approver'),
      user(county.adminToken, government.id, 'leader'),
    ]);

    // 职责准入: the county department asks, county staffing, city staffing and county leadership approve.
    const city = `${county.countyCode.slice(0, 4)}00`;
    const department = await organisation(county.adminToken, { code: 'ZJJ', name: '县住房和城乡建设局', kind: 'county_department', jurisdictionCode: county.countyCode });
    const countyStaffing = await organisation(county.adminToken, { code: 'BB', name: '县委编办', kind: 'staffing_office', jurisdictionCode: county.countyCode });
    const leadership = await organisation(county.adminToken, { code: 'SWZF', name: '县委县政府', kind: 'county_leadership', jurisdictionCode: county.countyCode });
    const cityStaffing = await organisation(province, { code: `BB-${city}-${run}`, name: '市委编办', kind: 'staffing_office', jurisdictionCode: city });
    const [departmentStaff, countyOfficer, countyLeader, cityOfficer] = await Promise.all([
      user(county.adminToken, department.id, 'department_staff'),
      user(county.adminToken, countyStaffing.id, 'staffing_officer'),
      user(county.adminToken, leadership.id, 'county_leader'),
      user(province, cityStaffing.id, 'staffing_officer'),
    ]);
    admit = async (category: string) => {
      const admission = await http()
        .post('/api/v1/duty-admissions')
        .set(bearer(departmentStaff.token))
        .send({
          title: '关于将建设类许可审查交由乡镇承担的申请',
          documentNo: `县住建〔2026〕${randomUUID().slice(0, 4)}号`,
          justification: '乡镇就近审查,县级部门提供业务指导。',
          townCodes: [county.townA],
          duties: [{ name: `建设类许可审查${category}`, kind: 'basic', shared: false, eventCategories: [category], responsibleOrganisationKind: 'town_functional_institution' }],
        });
      expect(admission.status).toBe(201);
      for (const officer of [countyOfficer, cityOfficer, countyLeader]) {
        const decided = await http().post(`/api/v1/duty-admissions/${admission.body.id}/decisions`).set(bearer(officer.token)).send({ action: 'approve' });
        expect(decided.status).toBe(200);
      }
    };
    await admit(routedCategory);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('makes organisation A responsible for the item\'s category in town A through the duty list', async () => {
    const route = await http().get('/api/v1/duty-routing').set(bearer(county.adminToken)).query({ townCode: county.townA, category: routedCategory });
    expect(route.status).toBe(200);
    expect(route.body).toMatchObject({ covered: true, responsibleOrganisationId: organisationA.id, responsibleOrganisationName: organisationA.name });
    const none = await http().get('/api/v1/duty-routing').set(bearer(county.adminToken)).query({ townCode: county.townA, category: unroutedCategory });
    expect(none.body).toMatchObject({ covered: false, responsibleOrganisationId: null });
  });

  it('routes an application accepted at the window to A, refuses B\'s approver without writing anything, and lets A\'s approver approve', async () => {
    const created = await register(routedItemId);
    expect(created.status).toBe(201);
    const id = created.body.application.id as string;
    expect(created.body.application).toMatchObject({ status: 'accepted', handlingOrganisationId: organisationA.id, handlingOrganisationName: organisationA.name });

    // mine = handled by my organisation: A's approver has it, B's does not.
    expect(await mine(approverA.token)).toContain(id);
    expect(await mine(approverB.token)).not.toContain(id);

    const before = await http().get(`/api/v1/applications/${id}`).set(bearer(approverB.token));
    expect(before.status).toBe(200);
    const historyBefore = await http().get(`/api/v1/applications/${id}/history`).set(bearer(approverB.token));
    expect(historyBefore.body.map((h: { action: string }) => h.action)).toEqual(['register', 'accept']);
    const noticesBefore = await http().get(`/api/v1/applications/${id}/notices`).set(bearer(approverB.token));
    const [rowBefore] = (await db.query(`SELECT version, updated_at FROM approval_window.application WHERE id = $1`, [id])).rows;

    // 谁审批谁负责: B's approver may read it but neither decides nor suspends it.
    const refused = await step(approverB.token, id, 'approve', { reasons: '符合法定条件', validUntil: '2029-12-31' });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'NOT_HANDLING_ORGANISATION', title: '本件由其他机构承办 Another organisation handles this application' });
    expect(refused.body.detail).toContain(organisationA.name);
    expect((await step(approverB.token, id, 'reject', { reasons: '不符合条件', legalBasis: '第三十八条' })).body.code).toBe('NOT_HANDLING_ORGANISATION');
    expect((await step(approverB.token, id, 'suspend', { suspensionKind: 'expert_review', reasons: '需专家评审' })).body.code).toBe('NOT_HANDLING_ORGANISATION');

    const after = await http().get(`/api/v1/applications/${id}`).set(bearer(approverB.token));
    expect(after.body).toEqual(before.body);
    expect(after.body).toMatchObject({ status: 'accepted', decidedOn: null });
    const [rowAfter] = (await db.query(`SELECT version, updated_at FROM approval_window.application WHERE id = $1`, [id])).rows;
    expect(rowAfter).toEqual(rowBefore);
    expect((await http().get(`/api/v1/applications/${id}/history`).set(bearer(approverB.token))).body).toEqual(historyBefore.body);
    expect((await http().get(`/api/v1/applications/${id}/notices`).set(bearer(approverB.token))).body).toEqual(noticesBefore.body);

    const approved = await step(approverA.token, id, 'approve', { reasons: '符合法定条件', validUntil: '2029-12-31' });
    expect(approved.status).toBe(200);
    expect(approved.body.application).toMatchObject({ status: 'approved', handlingOrganisationId: organisationA.id, validUntil: '2029-12-31' });
    const history = await http().get(`/api/v1/applications/${id}/history`).set(bearer(approverA.token));
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['register', 'accept', 'approve']);
    expect(history.body[2]).toMatchObject({ action: 'approve', actorId: approverA.id, actorRoles: ['approver'] });

    // The window's own step after the decision is the clerk's, whichever organisation decided.
    expect((await step(clerk.token, id, 'certificate', {})).status).toBe(200);
  });

  it('lets A\'s approver suspend and resume, and B\'s approver neither resume nor approve after', async () => {
    const id = (await register(routedItemId)).body.application.id as string;
    expect((await step(approverA.token, id, 'suspend', { suspensionKind: 'expert_review', reasons: '需组织专家评审' })).status).toBe(200);
    const resume = await step(approverB.token, id, 'resume', {});
    expect(resume.status).toBe(403);
    expect(resume.body.code).toBe('NOT_HANDLING_ORGANISATION');
    expect((await step(approverA.token, id, 'resume', {})).body.application).toMatchObject({ status: 'accepted' });
    expect((await step(approverB.token, id, 'approve', {})).body.code).toBe('NOT_HANDLING_ORGANISATION');
  });

  it('routes a deemed acceptance (art. 32) to A as well, so that only A\'s approver decides it', async () => {
    const created = await http()
      .post('/api/v1/applications')
      .set(bearer(clerk.token))
      .send({ townCode: county.townA, itemId: routedItemId, applicant: { kind: 'person', name: '王视为', idNumber: residentId(), phone: '13812345678' }, materials: [{ name: '申请书' }] });
    expect(created.body.application).toMatchObject({ status: 'received', handlingOrganisationId: null });
    const id = created.body.application.id as string;
    await db.query(`UPDATE approval_window.application SET received_on = '2026-09-01' WHERE id = $1`, [id]);
    // Swept by a second instance (at its start, and again here), which has not routed this category
    // before (nothing remembered): the sweep runs outside any request and asks identity as itself.
    const second = await startApprovalWindow();
    try {
      await second.get(ApplicationClockJobs).sweepDeemedAcceptances();
    } finally {
      await second.close();
    }
    const deemed = await http().get(`/api/v1/applications/${id}`).set(bearer(approverA.token));
    expect(deemed.body).toMatchObject({ status: 'accepted', deemedAccepted: true, handlingOrganisationId: organisationA.id, handlingOrganisationName: organisationA.name });
    expect((await step(approverB.token, id, 'approve', {})).body.code).toBe('NOT_HANDLING_ORGANISATION');
    expect((await step(approverA.token, id, 'approve', {})).status).toBe(200);
  });

  it('keeps an application no duty list routes open to every approver of the town', async () => {
    const created = await register(unroutedItemId);
    expect(created.status).toBe(201);
    expect(created.body.application).toMatchObject({ status: 'accepted', handlingOrganisationId: null, handlingOrganisationName: null });
    const approved = await step(approverB.token, created.body.application.id as string, 'approve', {});
    expect(approved.status).toBe(200);
    expect(approved.body.application.status).toBe('approved');
  });

  it('routes acceptances by a duty admitted seconds before, although the same category was routed to no one just before', async () => {
    const before = await register(laterItemId);
    expect(before.body.application).toMatchObject({ status: 'accepted', handlingOrganisationId: null });
    await admit(laterCategory);
    // duties.admitted reaches the approval window within moments (an event, not a five-minute cache).
    const after = await pollUntil(
      async () => (await register(laterItemId)).body.application as { handlingOrganisationId: string | null; handlingOrganisationName: string | null },
      (app) => app.handlingOrganisationId !== null,
      { timeoutMs: 10_000, intervalMs: 200, what: 'an acceptance routed by the newly admitted duty' },
    );
    expect(after).toMatchObject({ handlingOrganisationId: organisationA.id, handlingOrganisationName: organisationA.name });
  });

  it('lists an accepted application with no handling organisation for the town leader, who assigns one of the town\'s organisations once, audited', async () => {
    const id = (await register(unroutedItemId)).body.application.id as string;
    const unrouted = async (token: string): Promise<string[]> => {
      const res = await http().get('/api/v1/applications/unrouted').set(bearer(token)).query({ townCode: county.townA, pageSize: 100 });
      expect(res.status).toBe(200);
      return (res.body.items as { id: string }[]).map((a) => a.id);
    };
    expect(await unrouted(leader.token)).toContain(id);

    const assign = (token: string, body: Record<string, unknown>) => step(token, id, 'assign-handling-organisation', body);
    const byApprover = await assign(approverA.token, { organisationId: organisationA.id, reasons: '职责清单未覆盖,由建设管理局承办' });
    expect(byApprover.status).toBe(403);
    expect(byApprover.body.code).toBe('FORBIDDEN_ROLE');
    const elsewhere = await assign(leader.token, { organisationId: otherTownOrganisation.id, reasons: '职责清单未覆盖' });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body).toMatchObject({ code: 'HANDLING_ORGANISATION_INVALID', errors: [expect.objectContaining({ field: 'organisationId' })] });
    expect((await assign(leader.token, { organisationId: organisationA.id, reasons: ' ' })).status).toBe(400);

    const assigned = await assign(leader.token, { organisationId: organisationA.id, reasons: '职责清单未覆盖,由建设管理局承办' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.application).toMatchObject({ status: 'accepted', handlingOrganisationId: organisationA.id, handlingOrganisationName: organisationA.name });
    expect(assigned.body.notices).toEqual([]);
    expect(await unrouted(leader.token)).not.toContain(id);
    const history = await http().get(`/api/v1/applications/${id}/history`).set(bearer(leader.token));
    expect(history.body.at(-1)).toMatchObject({
      action: 'assign_handling_organisation',
      actionLabel: '指定承办机构',
      actorId: leader.id,
      actorRoles: ['leader'],
      details: expect.objectContaining({ handlingOrganisationId: organisationA.id, handlingOrganisationName: organisationA.name, reasons: '职责清单未覆盖,由建设管理局承办' }),
    });

    const again = await assign(leader.token, { organisationId: organisationB.id, reasons: '改由服务中心承办' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
    // From now on only the assigned organisation's approvers decide it.
    expect((await step(approverB.token, id, 'approve', {})).body.code).toBe('NOT_HANDLING_ORGANISATION');
    expect((await step(approverA.token, id, 'approve', {})).status).toBe(200);
  });

  it('issues the decision in the county department\'s name while the power is in transition, and the town government\'s once delegated', async () => {
    const transition = await step(approverB.token, (await register(transitionItemId)).body.application.id as string, 'approve', {});
    expect(transition.status).toBe(200);
    expect(transition.body.notices[0]).toMatchObject({ kind: 'approval', issuer: '县级住房和城乡建设部门', fields: expect.objectContaining({ issuingAuthority: '县级住房和城乡建设部门', placeOfService: '甲镇便民服务中心' }) });
    const delegated = await step(approverB.token, (await register(unroutedItemId)).body.application.id as string, 'approve', {});
    expect(delegated.body.notices[0]).toMatchObject({ kind: 'approval', issuer: '甲镇人民政府', fields: expect.objectContaining({ placeOfService: '甲镇便民服务中心' }) });
  });
});
