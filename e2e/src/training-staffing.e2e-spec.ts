import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, connect, type NatsConnection } from 'nats';
import { AUTHORITY_EVENTS, EVENT_STREAM, eventSubject, type CertificationIssuedEvent, type CertificationRevokedEvent, type EventEnvelope } from '@yiti/contracts';
import { bearer, freshCounty, login, pollUntil, startPlatform, TEST_NATS_URL, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

/** Dates as the services see them (Asia/Shanghai), so the spec keeps working in later years. */
const DAY_MS = 24 * 60 * 60 * 1000;
const shanghaiDate = (offsetDays = 0) => new Date(Date.now() + 8 * 60 * 60 * 1000 + offsetDays * DAY_MS).toISOString().slice(0, 10);

function penaltyItem(code: string, category: string) {
  return {
    basicCode: code,
    name: `测试处罚事项${code}`,
    kind: 'penalty',
    department: category === '城市管理' ? '县级城市管理部门' : '县级市场监督管理部门',
    category,
    legalBasis: '《中华人民共和国行政处罚法》',
    violatedProvision: '某条例第十四条',
    penaltyProvision: '某条例第三十四条',
    discretionBands: [{ circumstance: '一般', minFine: 0, maxFine: 100 }],
    hearingApplicable: false,
    legalReviewRequired: false,
  };
}

describe('authority registry: training, certification and staffing, end to end', () => {
  let platform: RunningPlatform;
  let county: FreshCounty;
  let admin: string;
  let cityItem: string; // 城市管理, delegated to town A
  let marketItem: string; // 市场监管, delegated to town A
  let officerA: { id: string; token: string };
  let officerB: { id: string; token: string };
  let leaderA: string;
  let leaderB: string;
  let staffing: string;
  let sessionId: string;
  let certificationId: string;
  const expiresOn = shanghaiDate(365);
  let nc: NatsConnection;
  const consumerName = `e2e-certification-${randomUUID()}`;

  const http = () => platform.http();

  async function organisation(code: string, name: string, kind: string, jurisdictionCode: string): Promise<string> {
    const res = await http().post('/api/v1/organisations').set(bearer(admin)).send({ code, name, kind, jurisdictionCode });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function user(username: string, organisationId: string, roles: string[]): Promise<{ id: string; token: string }> {
    const res = await http().post('/api/v1/users').set(bearer(admin)).send({ username: `${username}.${county.countyCode}`, displayName: username, password: TEST_PASSWORD, organisationId, roles });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: await login(platform, res.body.username as string, TEST_PASSWORD) };
  }

  const mayExercise = async (userId: string, itemId: string, date?: string, token = admin) =>
    (await http().get('/api/v1/may-exercise').set(bearer(token)).query({ userId, itemId, ...(date ? { date } : {}) })).body;

  beforeAll(async () => {
    platform = await startPlatform();
    county = await freshCounty(platform);
    admin = county.adminToken;
    nc = await connect({ servers: TEST_NATS_URL });
    await (await nc.jetstreamManager()).consumers.add(EVENT_STREAM, {
      durable_name: consumerName,
      filter_subject: eventSubject('identity', 'certification.>'),
      deliver_policy: DeliverPolicy.New,
      ack_policy: AckPolicy.Explicit,
    });

    // The province publishes a catalog; the county chooses it and delegates two items to town A.
    const province = await login(platform, 'jiangsu.admin');
    const version = await http().post('/api/v1/catalog-versions').set(bearer(province)).send({ code: `TS-${county.countyCode}-${Date.now().toString(36)}`, name: '培训测试目录', publishedOn: '2026-01-01' });
    expect(version.status).toBe(201);
    const imported = await http()
      .post(`/api/v1/catalog-versions/${version.body.id}/items/import`)
      .set(bearer(province))
      .send({ items: [penaltyItem('TS-CG-1', '城市管理'), penaltyItem('TS-SJ-1', '市场监管'), penaltyItem('TS-AQ-1', '安全生产')] });
    expect(imported.status).toBe(201);
    const items = await http().get('/api/v1/catalog-items').set(bearer(admin)).query({ versionId: version.body.id });
    const idOf = (code: string) => items.body.items.find((i: { basicCode: string }) => i.basicCode === code).id as string;
    cityItem = idOf('TS-CG-1');
    marketItem = idOf('TS-SJ-1');
    expect((await http().put(`/api/v1/counties/${county.countyCode}/catalog`).set(bearer(admin)).send({ versionId: version.body.id })).status).toBe(200);
    const grant = await http().post('/api/v1/delegations').set(bearer(admin)).send({ itemIds: [cityItem, marketItem], townCodes: [county.townA], decisionNo: '测政发〔2026〕3号', effectiveFrom: '2026-01-01' });
    expect(grant.status).toBe(201);

    const teamA = await organisation('ZHZF-A', '甲镇综合行政执法局', 'enforcement_team', county.townA);
    const teamB = await organisation('ZHZF-B', '乙镇综合行政执法局', 'enforcement_team', county.townB);
    officerA = await user('officer.a', teamA, ['enforcement_officer']);
    officerB = await user('officer.b', teamB, ['enforcement_officer']);
    leaderA = (await user('leader.a', await organisation('ZF-A', '甲镇人民政府', 'town_government', county.townA), ['leader'])).token;
    leaderB = (await user('leader.b', await organisation('ZF-B', '乙镇人民政府', 'town_government', county.townB), ['leader'])).token;
    staffing = (await user('staffing', await organisation('BB', '测试县编办', 'staffing_office', county.countyCode), ['staffing_officer'])).token;
  });

  afterAll(async () => {
    await (await nc?.jetstreamManager())?.consumers.delete(EVENT_STREAM, consumerName).catch(() => undefined);
    await nc?.close();
    await platform?.close();
  });

  it('creates a training session on the county catalog\'s categories only', async () => {
    const body = { countyCode: county.countyCode, topic: '城市管理领域行政处罚程序培训', categories: ['城市管理'], heldOn: shanghaiDate(-1), hours: 7.5, organiserOrganisationId: county.adminOrganisationId };
    const typo = await http().post('/api/v1/training-sessions').set(bearer(admin)).send({ ...body, categories: ['城管'] });
    expect(typo.status).toBe(422);
    expect(typo.body.code).toBe('TRAINING_CATEGORY_INVALID');
    const byLeader = await http().post('/api/v1/training-sessions').set(bearer(leaderA)).send(body);
    expect(byLeader.status).toBe(403);

    const created = await http().post('/api/v1/training-sessions').set(bearer(admin)).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ countyCode: county.countyCode, categories: ['城市管理'], hours: 7.5, organiserName: '测试县行政审批局', attended: 0, passed: 0 });
    sessionId = created.body.id;

    // Town people see their county's sessions; another county does not.
    const seenByTown = await http().get('/api/v1/training-sessions').set(bearer(officerA.token)).query({ category: '城市管理' });
    expect(seenByTown.body.items.map((s: { id: string }) => s.id)).toEqual([sessionId]);
    const foreign = await http().get(`/api/v1/training-sessions/${sessionId}`).set(bearer(await login(platform, 'taicang.admin')));
    expect(foreign.status).toBe(404);
  });

  it('lets a town\'s leader record attendance for the town only, and the county admin for anyone of the county', async () => {
    const mine = await http().post(`/api/v1/training-sessions/${sessionId}/attendance`).set(bearer(leaderA)).send({ records: [{ userId: officerA.id, attended: true, score: 92, passed: true }] });
    expect(mine.status).toBe(200);
    expect(mine.body.recorded[0]).toMatchObject({ userId: officerA.id, attended: true, score: 92, passed: true });

    const otherTown = await http().post(`/api/v1/training-sessions/${sessionId}/attendance`).set(bearer(leaderA)).send({ records: [{ userId: officerB.id, attended: true, passed: true }] });
    expect(otherTown.status).toBe(404);
    expect(otherTown.body.code).toBe('USER_NOT_FOUND');
    const absentButPassed = await http().post(`/api/v1/training-sessions/${sessionId}/attendance`).set(bearer(admin)).send({ records: [{ userId: officerB.id, attended: false, passed: true }] });
    expect(absentButPassed.status).toBe(400);
    const byAdmin = await http().post(`/api/v1/training-sessions/${sessionId}/attendance`).set(bearer(admin)).send({ records: [{ userId: officerB.id, attended: false, passed: false }] });
    expect(byAdmin.status).toBe(200);

    const session = await http().get(`/api/v1/training-sessions/${sessionId}`).set(bearer(admin));
    expect(session.body).toMatchObject({ attended: 1, passed: 1 });
    const seenByLeaderA = await http().get('/api/v1/training-attendance').set(bearer(leaderA)).query({ sessionId });
    expect(seenByLeaderA.body).toMatchObject({ total: 1, items: [{ userId: officerA.id }] });
    const seenByAdmin = await http().get('/api/v1/training-attendance').set(bearer(admin)).query({ sessionId, pageSize: 1 });
    expect(seenByAdmin.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(seenByAdmin.body.items).toHaveLength(1);
  });

  it('issues enforcement certificates to officers only, with unique numbers', async () => {
    const number = `${county.countyCode}${Date.now().toString().slice(-8)}`;
    const body = { userId: officerA.id, certificateNo: number, categories: ['城市管理'], issuedOn: '2026-01-01', expiresOn };
    const issued = await http().post('/api/v1/certifications').set(bearer(admin)).send(body);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ userId: officerA.id, jurisdictionCode: county.townA, statusToday: 'valid', revokedOn: null });
    certificationId = issued.body.id;

    const again = await http().post('/api/v1/certifications').set(bearer(admin)).send({ ...body, userId: officerB.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CERTIFICATE_NO_TAKEN');
    const backwards = await http().post('/api/v1/certifications').set(bearer(admin)).send({ ...body, certificateNo: `${number}X`, expiresOn: '2025-12-31' });
    expect(backwards.status).toBe(422);
    expect(backwards.body.code).toBe('CERTIFICATION_DATE_INVALID');
    const toLeader = await http().get('/api/v1/users').set(bearer(admin)).query({ role: 'leader' });
    const notOfficer = await http().post('/api/v1/certifications').set(bearer(admin)).send({ ...body, certificateNo: `${number}L`, userId: toLeader.body.items[0].id });
    expect(notOfficer.status).toBe(422);
    expect(notOfficer.body.code).toBe('CERTIFICATION_HOLDER_INVALID');
    const forB = await http().post('/api/v1/certifications').set(bearer(admin)).send({ ...body, certificateNo: `${number}B`, userId: officerB.id });
    expect(forB.status).toBe(201);

    const ownOnly = await http().get('/api/v1/certifications').set(bearer(officerA.token));
    expect(ownOnly.body.items.map((c: { id: string }) => c.id)).toEqual([certificationId]);
    const hidden = await http().get(`/api/v1/certifications/${certificationId}`).set(bearer(leaderB));
    expect(hidden.status).toBe(404);
    const valid = await http().get('/api/v1/certifications').set(bearer(admin)).query({ status: 'valid', category: '城市管理' });
    expect(valid.body.total).toBe(2);
  });

  it('answers whether an officer may exercise a power now or on a date, with the reasons', async () => {
    const now = await mayExercise(officerA.id, cityItem);
    expect(now).toMatchObject({ allowed: true, reasons: [], category: '城市管理', townCode: county.townA, townMode: 'delegated', certificationId, date: shanghaiDate() });
    expect((await mayExercise(officerA.id, cityItem, undefined, officerA.token)).allowed).toBe(true);

    const otherCategory = await mayExercise(officerA.id, marketItem);
    expect(otherCategory).toMatchObject({ allowed: false, category: '市场监管', townMode: 'delegated' });
    expect(otherCategory.reasons).toEqual([{ code: 'NO_CERTIFICATE', message: expect.stringMatching(/^未取得该类别执法证/) }]);

    const townB = await mayExercise(officerB.id, cityItem);
    expect(townB).toMatchObject({ allowed: false, townCode: county.townB, townMode: 'county' });
    expect(townB.reasons.map((r: { code: string }) => r.code)).toEqual(['TOWN_NOT_DELEGATED']);
    expect(townB.reasons[0].message).toMatch(/^乡镇未获赋权/);

    expect((await mayExercise(officerA.id, cityItem, expiresOn)).allowed).toBe(true);
    const afterExpiry = await mayExercise(officerA.id, cityItem, shanghaiDate(366));
    expect(afterExpiry).toMatchObject({ allowed: false, reasons: [{ code: 'CERTIFICATE_EXPIRED' }] });
    const beforeDelegation = await mayExercise(officerA.id, cityItem, '2025-12-31');
    expect(beforeDelegation.reasons.map((r: { code: string }) => r.code)).toEqual(['CERTIFICATE_NOT_YET_VALID', 'TOWN_NOT_DELEGATED']);

    const outsider = await http().get('/api/v1/may-exercise').set(bearer(leaderB)).query({ userId: officerA.id, itemId: cityItem });
    expect(outsider.status).toBe(404);
  });

  it('revokes a certificate from today, never retroactively, and only once', async () => {
    const past = await http().post(`/api/v1/certifications/${certificationId}/revoke`).set(bearer(admin)).send({ reason: '回溯撤销', revokedOn: shanghaiDate(-1) });
    expect(past.status).toBe(422);
    const byLeader = await http().post(`/api/v1/certifications/${certificationId}/revoke`).set(bearer(leaderA)).send({ reason: '越权撤销' });
    expect(byLeader.status).toBe(403);
    const revoked = await http().post(`/api/v1/certifications/${certificationId}/revoke`).set(bearer(admin)).send({ reason: '年度考核不合格' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revokedOn: shanghaiDate(), revokeReason: '年度考核不合格', statusToday: 'revoked' });
    const twice = await http().post(`/api/v1/certifications/${certificationId}/revoke`).set(bearer(admin)).send({ reason: '再次撤销' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CERTIFICATION_REVOKED');

    const now = await mayExercise(officerA.id, cityItem);
    expect(now).toMatchObject({ allowed: false, reasons: [{ code: 'CERTIFICATE_REVOKED' }], certificationId: null });
    expect((await mayExercise(officerA.id, cityItem, shanghaiDate(-1))).allowed).toBe(true);
  });

  it('publishes certification.issued and certification.revoked through the outbox', async () => {
    const consumer = await nc.jetstream().consumers.get(EVENT_STREAM, consumerName);
    const received: EventEnvelope<CertificationIssuedEvent | CertificationRevokedEvent>[] = [];
    await pollUntil(
      async () => {
        const batch = await consumer.fetch({ max_messages: 100, expires: 1000 });
        for await (const msg of batch) {
          received.push(JSON.parse(msg.string()) as EventEnvelope<CertificationIssuedEvent>);
          msg.ack();
        }
        return received.filter((e) => e.countyCode === county.countyCode).length;
      },
      (n) => n >= 3,
      { what: '2 certification.issued and 1 certification.revoked' },
    );
    const mine = received.filter((e) => e.countyCode === county.countyCode);
    expect(mine.map((e) => e.type).sort()).toEqual([AUTHORITY_EVENTS.certificationIssued.subject, AUTHORITY_EVENTS.certificationIssued.subject, AUTHORITY_EVENTS.certificationRevoked.subject].sort());
    expect(mine.find((e) => e.type === AUTHORITY_EVENTS.certificationRevoked.subject)?.data).toMatchObject({ certificationId, reason: '年度考核不合格' });
  });

  it('keeps town quotas with their history; only staffing managers set them', async () => {
    const byLeader = await http().put(`/api/v1/towns/${county.townA}/staffing-quota`).set(bearer(leaderA)).send({ administrative: 1, institutional: 1, reason: '越权' });
    expect(byLeader.status).toBe(403);
    const foreign = await http().put(`/api/v1/towns/320585102/staffing-quota`).set(bearer(staffing)).send({ administrative: 1, institutional: 1, reason: '外县' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN_JURISDICTION');

    expect((await http().put(`/api/v1/towns/${county.townA}/staffing-quota`).set(bearer(staffing)).send({ administrative: 40, institutional: 60, decisionNo: '测编〔2026〕1号', reason: '核定' })).status).toBe(200);
    expect((await http().put(`/api/v1/towns/${county.townB}/staffing-quota`).set(bearer(admin)).send({ administrative: 30, institutional: 20, reason: '核定' })).status).toBe(200);
    const changed = await http().put(`/api/v1/towns/${county.townA}/staffing-quota`).set(bearer(staffing)).send({ administrative: 42, institutional: 60, decisionNo: '测编〔2026〕9号', reason: '增加综合执法行政编制' });
    expect(changed.body).toMatchObject({ townCode: county.townA, townName: '甲镇', administrative: 42, institutional: 60 });

    const history = await http().get(`/api/v1/towns/${county.townA}/staffing-quota/history`).set(bearer(leaderA));
    expect(history.status).toBe(200);
    expect(history.body.total).toBe(2);
    expect(history.body.items[0]).toMatchObject({ administrativeBefore: 40, administrative: 42, decisionNo: '测编〔2026〕9号' });
    const hiddenHistory = await http().get(`/api/v1/towns/${county.townA}/staffing-quota/history`).set(bearer(leaderB));
    expect(hiddenHistory.status).toBe(404);
    const quotas = await http().get('/api/v1/town-quotas').set(bearer(admin)).query({ countyCode: county.countyCode });
    expect(quotas.body.total).toBe(2);
  });

  it('registers staff sent down from county departments and ends postings', async () => {
    const post = (body: object) => http().post('/api/v1/sent-down-staff').set(bearer(staffing)).send(body);
    const base = { fromDepartmentId: county.adminOrganisationId, townCode: county.townA, post: '综合执法', since: '2026-01-01' };
    const notDepartment = await post({ ...base, personName: '错部门', fromDepartmentId: (await http().get('/api/v1/organisations').set(bearer(admin)).query({ kind: 'enforcement_team' })).body.items[0].id });
    expect(notDepartment.status).toBe(422);
    expect(notDepartment.body.code).toBe('STAFFING_DEPARTMENT_INVALID');
    const backwards = await post({ ...base, personName: '倒序', until: '2025-12-31' });
    expect(backwards.status).toBe(422);
    expect(backwards.body.code).toBe('STAFFING_DATE_INVALID');

    expect((await post({ ...base, personName: '张三' })).status).toBe(201);
    const li = await post({ ...base, personName: '李四' });
    expect(li.status).toBe(201);
    expect(li.body).toMatchObject({ fromDepartmentName: '测试县行政审批局', activeToday: true, until: null });
    expect((await post({ ...base, personName: '王五', townCode: county.townB, until: '2026-06-30' })).status).toBe(201);

    const ended = await http().post(`/api/v1/sent-down-staff/${li.body.id}/end`).set(bearer(staffing)).send({ until: shanghaiDate(), reason: '返回原单位' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ until: shanghaiDate(), endReason: '返回原单位', activeToday: true });
    const twice = await http().post(`/api/v1/sent-down-staff/${li.body.id}/end`).set(bearer(staffing)).send({ until: shanghaiDate(), reason: '再次' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SENT_DOWN_STAFF_ENDED');

    const inTownA = await http().get('/api/v1/sent-down-staff').set(bearer(leaderA));
    expect(inTownA.body.total).toBe(2);
    const hidden = await http().get(`/api/v1/sent-down-staff/${li.body.id}`).set(bearer(leaderB));
    expect(hidden.status).toBe(404);
  });

  it('refuses a dispatched agency the town weighs less than 50 % in', async () => {
    const base = { name: '测试县市场监督管理局甲镇分局', townCode: county.townA, parentDepartmentId: county.adminOrganisationId, managementMode: 'dispatched' };
    const low = await http().post('/api/v1/dispatched-agencies').set(bearer(staffing)).send({ ...base, townAssessmentWeight: 40 });
    expect(low.status).toBe(422);
    expect(low.body.code).toBe('DISPATCHED_AGENCY_WEIGHT_TOO_LOW');
    const ok = await http().post('/api/v1/dispatched-agencies').set(bearer(staffing)).send({ ...base, townAssessmentWeight: 60 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ managementMode: 'dispatched', managementModeLabel: '派驻', townAssessmentWeight: 60 });
    const same = await http().post('/api/v1/dispatched-agencies').set(bearer(staffing)).send({ ...base, townAssessmentWeight: 70 });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('DISPATCHED_AGENCY_EXISTS');
    const local = await http().post('/api/v1/dispatched-agencies').set(bearer(admin)).send({ ...base, name: '测试县自然资源局乙镇所', townCode: county.townB, managementMode: 'local', townAssessmentWeight: 30 });
    expect(local.status).toBe(201);

    const lowered = await http().put(`/api/v1/dispatched-agencies/${ok.body.id}`).set(bearer(staffing)).send({ managementMode: 'dispatched', townAssessmentWeight: 45, reason: '调整考核' });
    expect(lowered.status).toBe(422);
    expect(lowered.body.code).toBe('DISPATCHED_AGENCY_WEIGHT_TOO_LOW');
    const raised = await http().put(`/api/v1/dispatched-agencies/${ok.body.id}`).set(bearer(staffing)).send({ managementMode: 'dispatched', townAssessmentWeight: 70, reason: '强化属地考核' });
    expect(raised.body.townAssessmentWeight).toBe(70);
    const hidden = await http().get(`/api/v1/dispatched-agencies/${ok.body.id}`).set(bearer(leaderB));
    expect(hidden.status).toBe(404);
  });

  it('counts quotas, sent-down staff and agencies per town with totals and averages', async () => {
    const today = await http().get('/api/v1/staffing-statistics').set(bearer(admin)).query({ countyCode: county.countyCode });
    expect(today.status).toBe(200);
    expect(today.body).toEqual({
      countyCode: county.countyCode,
      date: shanghaiDate(),
      towns: 2,
      totalAdministrative: 72,
      totalInstitutional: 80,
      totalSentDown: 2,
      totalAgencies: 2,
      averageAdministrative: 36,
      averageInstitutional: 40,
      averageSentDown: 1,
      perTown: [
        { townCode: county.townA, townName: '甲镇', administrative: 42, institutional: 60, sentDown: 2, agencies: 1 },
        { townCode: county.townB, townName: '乙镇', administrative: 30, institutional: 20, sentDown: 0, agencies: 1 },
      ],
    });
    const spring = await http().get('/api/v1/staffing-statistics').set(bearer(staffing)).query({ countyCode: county.countyCode, date: '2026-03-01' });
    expect(spring.body).toMatchObject({ totalSentDown: 3, averageSentDown: 1.5 });
    const tomorrow = await http().get('/api/v1/staffing-statistics').set(bearer(admin)).query({ countyCode: county.countyCode, date: shanghaiDate(1) });
    expect(tomorrow.body.totalSentDown).toBe(1);

    const byTown = await http().get('/api/v1/staffing-statistics').set(bearer(leaderA)).query({ countyCode: county.countyCode });
    expect(byTown.status).toBe(404);
    const byOtherCounty = await http().get('/api/v1/staffing-statistics').set(bearer(await login(platform, 'taicang.admin'))).query({ countyCode: county.countyCode });
    expect(byOtherCounty.status).toBe(404);
  });
});
