import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bearer, freshCounty, login, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

const DUTIES = [
  { name: '占道经营巡查处置', kind: 'basic', shared: false, eventCategories: ['市容环境/占道经营'], responsibleOrganisationKind: 'enforcement_team' },
  { name: '燃气安全隐患排查', kind: 'basic', shared: true, primaryLevel: 'county', countyDepartment: '县级住房和城乡建设部门', eventCategories: ['安全生产/燃气'], responsibleOrganisationKind: 'town_functional_institution' },
  { name: '河道保洁', kind: 'cooperative', shared: true, primaryLevel: 'town', countyDepartment: '县级水务部门', eventCategories: ['水务/河道保洁'], responsibleOrganisationKind: 'town_functional_institution' },
];

describe('duty admission (职责准入) and duty lists, end to end', () => {
  let platform: RunningPlatform;
  let county: FreshCounty;
  const tokens: Record<string, string> = {};
  let enforcementTeamId: string;

  async function makeUser(adminToken: string, org: { code: string; name: string; kind: string; jurisdictionCode: string }, role: string): Promise<string> {
    const created = await platform.http().post('/api/v1/organisations').set(bearer(adminToken)).send(org);
    expect(created.status).toBe(201);
    const username = `${role.replace('_', '.')}.${org.jurisdictionCode}.${randomUUID().slice(0, 4)}`;
    const user = await platform.http().post('/api/v1/users').set(bearer(adminToken)).send({ username, displayName: role, password: TEST_PASSWORD, organisationId: created.body.id, roles: [role] });
    expect(user.status).toBe(201);
    return login(platform, username, TEST_PASSWORD);
  }

  beforeAll(async () => {
    platform = await startPlatform();
    county = await freshCounty(platform);
    const province = await login(platform, 'jiangsu.admin');
    const city = `${county.countyCode.slice(0, 4)}00`;
    tokens.department = await makeUser(county.adminToken, { code: 'ZJJ', name: '县住房和城乡建设局', kind: 'county_department', jurisdictionCode: county.countyCode }, 'department_staff');
    tokens.countyStaffing = await makeUser(county.adminToken, { code: 'BB', name: '县委编办', kind: 'staffing_office', jurisdictionCode: county.countyCode }, 'staffing_officer');
    tokens.leader = await makeUser(county.adminToken, { code: 'SWZF', name: '县委县政府', kind: 'county_leadership', jurisdictionCode: county.countyCode }, 'county_leader');
    tokens.cityStaffing = await makeUser(province, { code: `BB-${city}-${randomUUID().slice(0, 4)}`, name: '市委编办', kind: 'staffing_office', jurisdictionCode: city }, 'staffing_officer');
    const team = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'A-ZHZF', name: '甲镇综合行政执法局', kind: 'enforcement_team', jurisdictionCode: county.townA });
    enforcementTeamId = team.body.id;
  });

  afterAll(async () => {
    await platform?.close();
  });

  function submit(duties = DUTIES) {
    return platform
      .http()
      .post('/api/v1/duty-admissions')
      .set(bearer(tokens.department as string))
      .send({ title: '关于将部分城市管理职责交由乡镇承担的申请', documentNo: '县住建〔2026〕3号', justification: '确需乡镇就近处置,县级部门提供业务指导和经费保障。', townCodes: [county.townA, county.townB], duties });
  }

  function decide(token: string | undefined, id: string, action: string, reason?: string) {
    return platform.http().post(`/api/v1/duty-admissions/${id}/decisions`).set(bearer(token as string)).send(reason ? { action, reason } : { action });
  }

  it('takes an application through county staffing, city staffing and county leadership into the towns\' lists', async () => {
    const application = await submit();
    expect(application.status).toBe(201);
    expect(application.body).toMatchObject({ status: 'county_staffing_review', statusLabel: '县级编办审核中', townCodes: [county.townA, county.townB] });
    const id = application.body.id as string;

    expect((await decide(tokens.cityStaffing, id, 'approve')).body.code).toBe('ADMISSION_STEP_FORBIDDEN');
    expect((await decide(tokens.leader, id, 'approve')).body.code).toBe('ADMISSION_STEP_FORBIDDEN');
    expect((await decide(await login(platform, 'liuhe.leader'), id, 'approve')).status).toBe(403);

    expect((await decide(tokens.countyStaffing, id, 'approve')).body.status).toBe('city_staffing_review');
    const notYet = await platform.http().get('/api/v1/duties').set(bearer(county.adminToken)).query({ townCode: county.townA });
    expect(notYet.body.total).toBe(0);

    expect((await decide(tokens.countyStaffing, id, 'approve')).body.code).toBe('ADMISSION_STEP_FORBIDDEN');
    expect((await decide(tokens.cityStaffing, id, 'approve')).body.status).toBe('county_decision');
    const approved = await decide(tokens.leader, id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.steps.map((s: { action: string; toStatus: string }) => `${s.action}:${s.toStatus}`)).toEqual([
      'submit:county_staffing_review',
      'approve:city_staffing_review',
      'approve:county_decision',
      'approve:approved',
    ]);

    const listA = await platform.http().get('/api/v1/duties').set(bearer(county.adminToken)).query({ townCode: county.townA });
    expect(listA.body.total).toBe(3);
    expect(listA.body.items.map((d: { kindLabel: string }) => d.kindLabel).sort()).toEqual(['基本履职', '基本履职', '配合履职']);
    expect(listA.body.items.every((d: { admissionId: string }) => d.admissionId === id)).toBe(true);

    expect((await decide(tokens.leader, id, 'reject', '已批准后不能再否决')).body.code).toBe('INVALID_TRANSITION');
  });

  it('ends an application refused at any step, with reasons, adding nothing', async () => {
    const application = await submit([{ ...DUTIES[0], name: '违规户外广告处置', eventCategories: ['市容环境/户外广告'] }]);
    const id = application.body.id as string;
    await decide(tokens.countyStaffing, id, 'approve');
    const noReason = await decide(tokens.cityStaffing, id, 'reject');
    expect(noReason.status).toBe(400);
    const refused = await decide(tokens.cityStaffing, id, 'reject', '乡镇承接能力不足,不予准入');
    expect(refused.body).toMatchObject({ status: 'rejected', statusLabel: '已退回(不予准入)' });
    const later = await decide(tokens.leader, id, 'approve');
    expect(later.status).toBe(409);
    expect(later.body.code).toBe('INVALID_TRANSITION');
    const route = await platform.http().get('/api/v1/duty-routing').set(bearer(county.adminToken)).query({ townCode: county.townA, category: '市容环境/户外广告' });
    expect(route.body.covered).toBe(false);
  });

  it('refuses incomplete proposals and lets only the applicant withdraw', async () => {
    const incomplete = await submit([{ ...DUTIES[1], primaryLevel: undefined, countyDepartment: undefined }]);
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.code).toBe('DUTY_PROPOSAL_INVALID');

    const application = await submit([{ ...DUTIES[0], name: '夜间施工噪声巡查', eventCategories: ['环境/噪声'] }]);
    expect((await decide(tokens.countyStaffing, application.body.id, 'withdraw')).body.code).toBe('ADMISSION_STEP_FORBIDDEN');
    expect((await decide(tokens.department, application.body.id, 'withdraw')).body.status).toBe('withdrawn');
  });

  it('keeps the duty list closed to anything but an approved admission', async () => {
    const ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
    try {
      const [pending] = await ds.query(`SELECT id FROM identity.duty_admission WHERE county_code = $1 AND status <> 'approved' LIMIT 1`, [county.countyCode]);
      await expect(
        ds.query(
          `INSERT INTO identity.duty (id, county_code, town_code, name, kind, shared, primary_level, event_categories, responsible_organisation_kind, admission_id, listed_at)
           VALUES (gen_random_uuid(), $1, $2, '私自增加的职责', 'basic', false, 'town', ARRAY['x'], 'enforcement_team', $3, now())`,
          [county.countyCode, county.townA, pending.id],
        ),
      ).rejects.toThrow(/only through an approved admission/);
    } finally {
      await ds.destroy();
    }
  });

  it('routes an event category to the town organisation responsible for it', async () => {
    const route = await platform.http().get('/api/v1/duty-routing').set(bearer(county.adminToken)).query({ townCode: county.townA, category: '市容环境/占道经营' });
    expect(route.status).toBe(200);
    expect(route.body).toMatchObject({ covered: true, responsibleOrganisationId: enforcementTeamId, responsibleOrganisationName: '甲镇综合行政执法局', primaryLevel: 'town', duty: { name: '占道经营巡查处置' } });
    // A grid worker inside town A asks about their own town; one of Liuhe may not.
    const village = `${county.townA}201`;
    const grid = `${village}001`;
    for (const code of [village, grid]) expect((await platform.http().post('/api/v1/jurisdictions').set(bearer(county.adminToken)).send({ code, name: code })).status).toBe(201);
    const committee = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'A-CWH', name: '甲镇某村委会', kind: 'village_committee', jurisdictionCode: village });
    const gridUser = await platform
      .http()
      .post('/api/v1/users')
      .set(bearer(county.adminToken))
      .send({ username: `grid.${grid}`, displayName: '网格员', password: TEST_PASSWORD, organisationId: committee.body.id, roles: ['grid_worker'], jurisdictionCode: grid });
    const gridToken = await login(platform, gridUser.body.username, TEST_PASSWORD);
    const fromGrid = await platform.http().get('/api/v1/duty-routing').set(bearer(gridToken)).query({ townCode: county.townA, category: '市容环境/占道经营' });
    expect(fromGrid.status).toBe(200);
    expect(fromGrid.body.responsibleOrganisationId).toBe(enforcementTeamId);
    const fromLiuhe = await platform.http().get('/api/v1/duty-routing').set(bearer(await login(platform, 'liuhe.grid'))).query({ townCode: county.townA, category: '市容环境/占道经营' });
    expect(fromLiuhe.status).toBe(404);

    const shared = await platform.http().get('/api/v1/duty-routing').set(bearer(county.adminToken)).query({ townCode: county.townA, category: '安全生产/燃气' });
    expect(shared.body).toMatchObject({ covered: true, primaryLevel: 'county', countyDepartment: '县级住房和城乡建设部门', responsibleOrganisationId: null });
  });

  it('counts duties by kind and shared duties by the level that leads', async () => {
    const stats = await platform.http().get('/api/v1/duty-statistics').set(bearer(county.adminToken)).query({ countyCode: county.countyCode });
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({ countyCode: county.countyCode, total: 6, byKind: { basic: 4, cooperative: 2, recalled: 0 }, shared: 2, sharedCountyLed: 1, sharedTownLed: 1 });
  });

  async function approveThrough(id: string): Promise<void> {
    for (const token of [tokens.countyStaffing, tokens.cityStaffing, tokens.leader]) expect((await decide(token, id, 'approve')).status).toBe(200);
  }

  function submitTo(townCodes: string[], body: Record<string, unknown>) {
    return platform
      .http()
      .post('/api/v1/duty-admissions')
      .set(bearer(tokens.department as string))
      .send({ title: '关于乡镇职责清单的申请', documentNo: `县住建〔2026〕${randomUUID().slice(0, 4)}号`, justification: '确需乡镇就近处置,县级部门提供业务指导和经费保障。', townCodes, ...body });
  }

  it('refuses whitespace-only reasons and a duty named twice in one admission', async () => {
    const twice = await submit([DUTIES[0], { ...DUTIES[0], eventCategories: ['市容环境/占道经营2'] }] as typeof DUTIES);
    expect(twice.status).toBe(422);
    expect(twice.body.code).toBe('DUTY_PROPOSAL_INVALID');
    expect(twice.body.errors).toEqual([{ field: 'duties[1]: name', messages: ['the same duty name as duties[0]'] }]);

    const application = await submit([{ ...DUTIES[0], name: '违规设置户外招牌处置', eventCategories: ['市容环境/户外招牌'] }]);
    const id = application.body.id as string;
    for (const reason of ['   ', '\t\n ', ' 。 ']) {
      const blank = await decide(tokens.countyStaffing, id, 'reject', reason);
      expect(blank.status).toBe(400);
      expect(blank.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    }
    expect((await platform.http().get(`/api/v1/duty-admissions/${id}`).set(bearer(tokens.countyStaffing as string))).body.status).toBe('county_staffing_review');
    expect((await decide(tokens.countyStaffing, id, 'reject', '不符合减负要求')).body.status).toBe('rejected');
  });

  it('documents in OpenAPI what the API does: integer weights, every step action, steps in the list', async () => {
    const doc = (await platform.http().get('/docs/openapi.json')).body;
    for (const schema of ['CreateDispatchedAgencyRequest', 'UpdateDispatchedAgencyRequest', 'DispatchedAgencyView']) {
      expect(doc.components.schemas[schema].properties.townAssessmentWeight.type).toBe('integer');
    }
    const listed = await platform.http().get('/api/v1/duty-admissions').set(bearer(tokens.countyStaffing as string)).query({ pageSize: 100 });
    expect(listed.status).toBe(200);
    const stepActions: string[] = doc.components.schemas.AdmissionStepView.properties.action.enum;
    for (const admission of listed.body.items as { id: string; dutyCount: number; steps: { action: string }[] }[]) {
      const detail = await platform.http().get(`/api/v1/duty-admissions/${admission.id}`).set(bearer(tokens.countyStaffing as string));
      expect(admission.steps).toEqual(detail.body.steps);
      expect(admission).not.toHaveProperty('duties');
      expect(admission).toMatchObject({ dutyCount: detail.body.duties.length });
      expect(admission.steps.length).toBeGreaterThan(0);
      for (const step of admission.steps) expect(stepActions).toContain(step.action);
    }
  });

  it('gives a duty to the institution the admission names when a town has two of its kind', async () => {
    const created: Record<string, string> = {};
    for (const [code, name] of [['B-AAA', '乙镇社会事务办公室'], ['B-ZZZ', '乙镇民政办公室']] as const) {
      const org = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code, name, kind: 'town_functional_institution', jurisdictionCode: county.townB });
      expect(org.status).toBe(201);
      created[code] = org.body.id;
    }
    const duty = { name: '最低生活保障对象走访核查', kind: 'basic', shared: false, eventCategories: ['民政/社会救助'], responsibleOrganisationKind: 'town_functional_institution' };
    const unnamed = await submitTo([county.townB], { duties: [duty] });
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.errors[0].messages[0]).toMatch(/several town_functional_institution institutions \(B-AAA, B-ZZZ\)/);
    const wrong = await submitTo([county.townB], { duties: [{ ...duty, responsibleOrganisationCodes: ['A-ZHZF'] }] });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('DUTY_PROPOSAL_INVALID');

    const named = await submitTo([county.townB], { duties: [{ ...duty, responsibleOrganisationCodes: ['B-ZZZ'] }] });
    expect(named.status).toBe(201);
    expect(named.body.duties[0].responsibleOrganisationCodes).toEqual(['B-ZZZ']);
    await approveThrough(named.body.id);

    const route = await platform.http().get('/api/v1/duty-routing').set(bearer(county.adminToken)).query({ townCode: county.townB, category: '民政/社会救助' });
    expect(route.status).toBe(200);
    expect(route.body).toMatchObject({ covered: true, responsibleOrganisationId: created['B-ZZZ'], responsibleOrganisationName: '乙镇民政办公室', duty: { responsibleOrganisationId: created['B-ZZZ'] } });
  });

  it('admits a whole county list from CSV in one admission, all rows or none, and filters lists', async () => {
    const header = 'name,kind,shared,primaryLevel,countyDepartment,eventCategories,responsibleOrganisationKind';
    const rows = Array.from({ length: 627 }, (_, i) => `"县乡共同事项${String(i + 1).padStart(3, '0')}",basic,是,${i < 503 ? 'county' : 'town'},县级住房和城乡建设部门,批量/类别${i + 1};批量/共同,enforcement_team`);
    const bad = rows.map((row, i) => (i === 2 ? row.replace(',basic,', ',ordinary,') : i === 4 ? (rows[3] as string) : row));
    const before = (await platform.http().get('/api/v1/duty-admissions').set(bearer(tokens.department as string))).body.total;
    const refused = await submitTo([county.townA, county.townB], { dutiesCsv: [header, ...bad].join('\n') });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('DUTY_PROPOSAL_INVALID');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['row 3: kind', 'row 5: name']);
    expect((await platform.http().get('/api/v1/duty-admissions').set(bearer(tokens.department as string))).body.total).toBe(before);
    const both = await submitTo([county.townA], { duties: [DUTIES[0]], dutiesCsv: [header, ...rows].join('\n') });
    expect(both.status).toBe(400);

    const admitted = await submitTo([county.townA, county.townB], { dutiesCsv: [header, ...rows].join('\r\n') });
    expect(admitted.status).toBe(201);
    expect(admitted.body.duties).toHaveLength(627);
    expect(admitted.body.duties[0]).toMatchObject({ name: '县乡共同事项001', shared: true, primaryLevel: 'county', eventCategories: ['批量/类别1', '批量/共同'] });
    await approveThrough(admitted.body.id);

    const stats = await platform.http().get('/api/v1/duty-statistics').set(bearer(county.adminToken)).query({ countyCode: county.countyCode });
    expect(stats.body).toMatchObject({ sharedCountyLed: 1 + 503, sharedTownLed: 1 + 124 });

    const duties = (query: Record<string, string | number>) => platform.http().get('/api/v1/duties').set(bearer(county.adminToken)).query(query);
    expect((await duties({ townCode: county.townA, primaryLevel: 'town', name: '县乡共同事项' })).body.total).toBe(124);
    // Counted exactly up to 10 pages ahead: 627 rows need pages of 100 (at 20 a page the total reads "at least 200").
    expect((await duties({ townCode: county.townA, category: '批量/共同' })).body).toMatchObject({ total: 200, totalExact: false });
    expect((await duties({ townCode: county.townA, category: '批量/共同', pageSize: 100 })).body).toMatchObject({ total: 627, totalExact: true });
    const one = await duties({ category: '批量/类别7' });
    expect(one.body.total).toBe(2);
    expect(one.body.items.find((d: { townCode: string }) => d.townCode === county.townA).responsibleOrganisationId).toBe(enforcementTeamId);
    expect((await duties({ kind: 'cooperative', name: '河道' })).body.total).toBe(2);
    expect((await duties({ name: '100%' })).body.total).toBe(0);
    expect((await duties({ primaryLevel: 'province' })).status).toBe(400);

    const admissions = (query: Record<string, string>) => platform.http().get('/api/v1/duty-admissions').set(bearer(county.adminToken)).query({ pageSize: 100, ...query });
    const forB = await admissions({ townCode: county.townB });
    expect(forB.body.items.every((a: { townCodes: string[] }) => a.townCodes.includes(county.townB))).toBe(true);
    expect(forB.body.items.map((a: { id: string }) => a.id)).toContain(admitted.body.id);
    const byDepartment = await admissions({ applicantOrganisationId: admitted.body.applicantOrganisationId });
    expect(byDepartment.body.total).toBe((await admissions({})).body.total);
    expect((await admissions({ applicantOrganisationId: randomUUID() })).body.total).toBe(0);
  });
});
