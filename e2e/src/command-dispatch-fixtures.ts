import { randomUUID } from 'node:crypto';
import { bearer, freshCounty, login, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

export interface DispatchUser {
  id: string;
  username: string;
  token: string;
  organisationId: string;
}

/** A county's command centre and two towns' handling units, with the duty lists that route 占道经营 and 暴露垃圾 to them. */
export interface DispatchCounty {
  county: FreshCounty;
  dispatcher: DispatchUser;
  /** Town A's city-appearance office (市容所) and its handler; town B's the same. */
  unitA: { id: string; name: string };
  unitB: { id: string; name: string };
  handlerA: DispatchUser;
  handlerB: DispatchUser;
  /** A second unit of town A (the town's safety office), for linkages. */
  unitA2: { id: string; name: string };
  handlerA2: DispatchUser;
  /** `Channel <id>.<secret>` of the county's 12345 channel. */
  hotline: string;
}

/** The duty category the default taxonomy routes `12345.street_order` by. */
export const STREET_ORDER_DUTY = '市容环境/占道经营';

export async function dispatchCounty(platform: RunningPlatform): Promise<DispatchCounty> {
  const http = () => platform.http();
  const county = await freshCounty(platform);
  const province = await login(platform, 'jiangsu.admin');
  const organisation = async (token: string, body: { code: string; name: string; kind: string; jurisdictionCode: string }) => {
    const res = await http().post('/api/v1/organisations').set(bearer(token)).send(body);
    if (res.status !== 201) throw new Error(`organisation ${body.code}: ${JSON.stringify(res.body)}`);
    return { id: res.body.id as string, name: res.body.name as string };
  };
  const user = async (token: string, organisationId: string, role: string): Promise<DispatchUser> => {
    const username = `${role.replace(/_/g, '.')}.${randomUUID().slice(0, 8)}`;
    const res = await http().post('/api/v1/users').set(bearer(token)).send({ username, displayName: role, password: TEST_PASSWORD, organisationId, roles: [role] });
    if (res.status !== 201) throw new Error(`user ${role}: ${JSON.stringify(res.body)}`);
    return { id: res.body.id as string, username, token: await login(platform, username, TEST_PASSWORD), organisationId };
  };
  const centre = await organisation(county.adminToken, { code: 'ZHZX', name: '县社会治理指挥中心', kind: 'command_centre', jurisdictionCode: county.countyCode });
  const unitA = await organisation(county.adminToken, { code: 'A-SRS', name: '甲镇城市管理办公室', kind: 'town_functional_institution', jurisdictionCode: county.townA });
  const unitB = await organisation(county.adminToken, { code: 'B-SRS', name: '乙镇城市管理办公室', kind: 'town_functional_institution', jurisdictionCode: county.townB });
  const unitA2 = await organisation(county.adminToken, { code: 'A-ZFD', name: '甲镇综合行政执法队', kind: 'enforcement_team', jurisdictionCode: county.townA });
  const [dispatcher, handlerA, handlerB, handlerA2] = await Promise.all([
    user(county.adminToken, centre.id, 'dispatcher'),
    user(county.adminToken, unitA.id, 'work_order_handler'),
    user(county.adminToken, unitB.id, 'work_order_handler'),
    user(county.adminToken, unitA2.id, 'work_order_handler'),
  ]);

  // 职责准入: 占道经营 is the town functional institution's duty in both towns.
  const city = `${county.countyCode.slice(0, 4)}00`;
  const run = randomUUID().slice(0, 6);
  const department = await organisation(county.adminToken, { code: 'CGJ', name: '县城市管理局', kind: 'county_department', jurisdictionCode: county.countyCode });
  const countyStaffing = await organisation(county.adminToken, { code: 'BB', name: '县委编办', kind: 'staffing_office', jurisdictionCode: county.countyCode });
  const leadership = await organisation(county.adminToken, { code: 'SWZF', name: '县委县政府', kind: 'county_leadership', jurisdictionCode: county.countyCode });
  const cityStaffing = await organisation(province, { code: `BB-${city}-${run}`, name: '市委编办', kind: 'staffing_office', jurisdictionCode: city });
  const [departmentStaff, countyOfficer, countyLeader, cityOfficer] = await Promise.all([
    user(county.adminToken, department.id, 'department_staff'),
    user(county.adminToken, countyStaffing.id, 'staffing_officer'),
    user(county.adminToken, leadership.id, 'county_leader'),
    user(province, cityStaffing.id, 'staffing_officer'),
  ]);
  const admission = await http()
    .post('/api/v1/duty-admissions')
    .set(bearer(departmentStaff.token))
    .send({
      title: '关于将占道经营管理交由乡镇承担的申请',
      documentNo: `县城管〔2026〕${run}号`,
      justification: '乡镇就近处置,县级部门提供业务指导。',
      townCodes: [county.townA, county.townB],
      duties: [{ name: '占道经营管理', kind: 'basic', shared: false, eventCategories: [STREET_ORDER_DUTY], responsibleOrganisationKind: 'town_functional_institution' }],
    });
  if (admission.status !== 201) throw new Error(`admission: ${JSON.stringify(admission.body)}`);
  for (const officer of [countyOfficer, cityOfficer, countyLeader]) {
    const decided = await http().post(`/api/v1/duty-admissions/${admission.body.id}/decisions`).set(bearer(officer.token)).send({ action: 'approve' });
    if (decided.status !== 200) throw new Error(`decision: ${JSON.stringify(decided.body)}`);
  }

  const credential = await http().post('/api/v1/channel-credentials').set(bearer(county.adminToken)).send({ countyCode: county.countyCode, channel: 'hotline_12345', name: '市12345热线平台' });
  if (credential.status !== 201) throw new Error(`credential: ${JSON.stringify(credential.body)}`);
  return { county, dispatcher, unitA, unitB, unitA2, handlerA, handlerB, handlerA2, hotline: credential.body.authorization as string };
}

/** A 12345 ticket of 占道经营 in a town. */
export function hotlineTicket(townCode: string, overrides: Record<string, unknown> = {}) {
  return {
    externalTicketId: `12345-${randomUUID().slice(0, 12)}`,
    townCode,
    category: '12345.street_order',
    requestType: 'complaint',
    title: '小区门口占道经营',
    description: '每天傍晚小区南门口有流动摊贩占道经营,影响通行。',
    address: '幸福路88号南门',
    caller: { name: '王小明', phone: '13912345678' },
    fields: { hotlineCaseNo: 'RX2026120300017', acceptedBy: '坐席07', returnVisitRequired: true },
    ...overrides,
  };
}
