import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { COMMAND_DISPATCH_SERVICE_NAME } from '@yiti/command-dispatch-service';
import { bearer, freshCounty, login, pollUntil, startPlatform, TEST_DATABASE_URL, TEST_PASSWORD, type FreshCounty, type RunningPlatform } from '@yiti/testing';

const rectangle = (west: number, south: number, east: number, north: number) => ({ type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] });

/**
 * The command centre's analysis end to end: the Liuhe case (vacant households' electricity readings
 * → alerts → check-visit orders to the households' grid workers), hotspot and repeat rules,
 * indicators over a seeded month, and a targeted notice delivered once per household.
 */
describe('command-dispatch analysis: early warning, assessment, targeted notices (whole platform)', () => {
  let platform: RunningPlatform;
  let county: FreshCounty;
  let dispatcher: string;
  let gridA: string;
  let gridB: string;
  let workerAId: string;
  let workerBId: string;
  const vacantOf: Record<string, string[]> = {};
  let livedInA: string;
  const http = () => platform.http();

  beforeAll(async () => {
    // The rule timers stay off here: the spec asks for evaluations itself (command-dispatch-sla runs them by timer).
    platform = await startPlatform({ RULE_SCAN_MS: '0' });
    county = await freshCounty(platform);
    gridA = `${county.townA}201001`;
    gridB = `${county.townA}201002`;
    const root = await login(platform, 'jiangsu.admin');
    for (const [code, name] of [[`${county.townA}201`, '一村'], [gridA, '一村第一网格'], [gridB, '一村第二网格']]) {
      expect((await http().post('/api/v1/jurisdictions').set(bearer(root)).send({ code, name })).status).toBe(201);
    }
    const org = async (code: string, name: string, kind: string, jurisdictionCode: string) => {
      const res = await http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code, name, kind, jurisdictionCode });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const townGov = await org('JZF', '甲镇人民政府', 'town_government', county.townA);
    const centre = await org('ZHZX', '县社会治理指挥中心', 'command_centre', county.countyCode);
    const user = async (prefix: string, organisationId: string, role: string, jurisdictionCode?: string) => {
      const username = `${prefix}.${randomUUID().slice(0, 8)}`;
      const res = await http().post('/api/v1/users').set(bearer(county.adminToken)).send({ username, displayName: prefix, password: TEST_PASSWORD, organisationId, roles: [role], ...(jurisdictionCode ? { jurisdictionCode } : {}) });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, token: await login(platform, username, TEST_PASSWORD) };
    };
    workerAId = (await user('grid.a', townGov, 'grid_worker', gridA)).id;
    workerBId = (await user('grid.b', townGov, 'grid_worker', gridB)).id;
    dispatcher = (await user('dispatcher', centre, 'dispatcher')).token;

    const feature = (code: string, name: string, geometry: object, worker: string) => ({ type: 'Feature', properties: { code, name, type: 'rural', fullTimeWorkerIds: [worker] }, geometry });
    const imported = await http()
      .post('/api/v1/grid-imports')
      .set(bearer(county.adminToken))
      .send({ townCode: county.townA, townBoundary: rectangle(120, 30, 120.1, 30.1), grids: { type: 'FeatureCollection', features: [feature(gridA, '一村第一网格', rectangle(120, 30, 120.01, 30.01), workerAId), feature(gridB, '一村第二网格', rectangle(120.01, 30, 120.02, 30.01), workerBId)] } });
    expect(imported.status).toBe(201);
    const csv = ['address,grid_code,lng,lat,members,vacant,left_behind_elderly,low_income', `一村1号,${gridA},,,0,1,0,0`, `一村2号,${gridA},,,0,1,0,0`, `一村3号,${gridA},,,0,1,0,0`, `一村4号,${gridA},,,3,0,0,0`, `一村5号,${gridB},,,0,1,0,0`, `一村6号,${gridB},,,0,1,0,0`].join('\n');
    const started = await http().post('/api/v1/base-data-imports').query({ townCode: county.townA, kind: 'households' }).set(bearer(county.adminToken)).set('Content-Type', 'text/csv').send(Buffer.from(csv));
    expect(started.status).toBe(202);
    const imported6 = await pollUntil(async () => (await http().get(`/api/v1/base-data-imports/${started.body.id}`).set(bearer(county.adminToken))).body, (b) => b.status !== 'running', { timeoutMs: 15_000, what: 'household import' });
    expect(imported6).toMatchObject({ status: 'done', rowsTotal: 6, accepted: 6, rejected: 0 });
    for (const grid of [gridA, gridB]) {
      const vacant = await http().get('/api/v1/households').set(bearer(county.adminToken)).query({ gridCode: grid, flag: 'vacant' });
      vacantOf[grid] = vacant.body.items.map((h: { id: string }) => h.id).sort();
    }
    const all = await http().get('/api/v1/households').set(bearer(county.adminToken)).query({ gridCode: gridA });
    livedInA = all.body.items.find((h: { flags: string[] }) => !h.flags.includes('vacant')).id;
    expect([vacantOf[gridA].length, vacantOf[gridB].length]).toEqual([3, 2]);
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  describe('the Liuhe case: electricity of vacant households (空关户用电监测)', () => {
    it('refuses an invalid rule with every bad field named, and writes nothing', async () => {
      const bad = await http().post('/api/v1/warning-rules').set(bearer(county.adminToken)).send({ countyCode: county.countyCode, name: '坏规则', kind: 'reading_threshold', params: { readingKind: 'electricity_kwh', householdFlag: 'empty', threshold: -2 } });
      expect(bad.status).toBe(422);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.body).toMatchObject({ code: 'WARNING_RULE_INVALID' });
      expect(JSON.stringify(bad.body)).toContain('params.householdFlag');
      expect(JSON.stringify(bad.body)).toContain('params.threshold');
      expect((await http().post('/api/v1/warning-rules').set(bearer(dispatcher)).send({ countyCode: county.countyCode, name: '调度员不可设', kind: 'repeat', params: { key: 'caller', minOrders: 3, days: 30 } })).status).toBe(403);
      const rules = await http().get('/api/v1/warning-rules').set(bearer(county.adminToken));
      expect(rules.body.items).toEqual([]);
    });

    it('readings posted in batches → alerts → check-visit orders to the right grid workers; a batch posted again changes nothing', async () => {
      const rule = await http().post('/api/v1/warning-rules').set(bearer(county.adminToken)).send({ countyCode: county.countyCode, name: '空关户用电异常', kind: 'reading_threshold', params: { readingKind: 'electricity_kwh', householdFlag: 'vacant', threshold: 1.5 } });
      expect(rule.status).toBe(201);

      // Three days of readings per household: vacant ones above 1.5 kWh on some days, the lived-in one always above.
      const meter = (id: string) => `M-${id.slice(0, 8)}`;
      const days = ['2026-11-28', '2026-11-29', '2026-11-30'];
      const values: Record<string, number[]> = {
        [vacantOf[gridA][0]]: [0.2, 3.4, 0.1], // 1 alert
        [vacantOf[gridA][1]]: [2.0, 2.5, 1.5], // 2 alerts (1.5 is not above)
        [vacantOf[gridA][2]]: [0.0, 0.3, 0.2], // none
        [livedInA]: [8.0, 9.1, 7.7], // not vacant: none
        [vacantOf[gridB][0]]: [1.6, 0.0, 0.0], // 1 alert
        [vacantOf[gridB][1]]: [0.1, 0.1, 0.1], // none
      };
      const readings = Object.entries(values).flatMap(([householdId, vs]) => vs.map((value, i) => ({ meterNo: meter(householdId), householdId, day: days[i], value })));
      const json = readings.filter((r) => r.day !== '2026-11-30');
      const csv = ['meter_no,household_id,day,value', ...readings.filter((r) => r.day === '2026-11-30').map((r) => `${r.meterNo},${r.householdId},${r.day},${r.value}`)].join('\n');

      const first = await http().post('/api/v1/meter-readings').set(bearer(dispatcher)).send({ countyCode: county.countyCode, readings: json });
      expect({ status: first.status, body: first.body }).toMatchObject({ status: 200, body: { accepted: 12, duplicates: 0, matched: 4, alerts: 4 } });
      const second = await http().post('/api/v1/meter-readings').set(bearer(dispatcher)).send({ countyCode: county.countyCode, csv });
      expect(second.body).toMatchObject({ accepted: 6, duplicates: 0, matched: 0, alerts: 0 });
      const again = await http().post('/api/v1/meter-readings').set(bearer(dispatcher)).send({ countyCode: county.countyCode, readings: json });
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 12, alerts: 0 });

      const orders = await http().get('/api/v1/work-orders').set(bearer(dispatcher)).query({ channel: 'rule_alert', pageSize: 100 });
      expect(orders.body.total).toBe(4);
      const byUnit = (id: string) => orders.body.items.filter((o: { unitId: string }) => o.unitId === id);
      expect(byUnit(workerAId)).toHaveLength(3);
      expect(byUnit(workerBId)).toHaveLength(1);
      expect(byUnit(workerAId).every((o: { gridCode: string; status: string; category: string }) => o.gridCode === gridA && o.status === 'dispatched' && o.category === 'rule_alert.check_visit')).toBe(true);

      const alerts = await http().get('/api/v1/warning-alerts').set(bearer(dispatcher)).query({ ruleId: rule.body.id });
      expect(alerts.body.total).toBe(4);
      expect(new Set(alerts.body.items.map((a: { workOrderId: string }) => a.workOrderId))).toEqual(new Set(orders.body.items.map((o: { id: string }) => o.id)));
    }, 60_000);

    it('refuses a malformed batch as problem+json naming the line, and stores none of it', async () => {
      const householdId = vacantOf[gridA][0];
      const csv = ['meter_no,household_id,day,value', `M-X1,${householdId},2026-12-01,9.9`, `M-X1,${householdId},2026-13-01,9.9`].join('\n');
      const res = await http().post('/api/v1/meter-readings').set(bearer(dispatcher)).send({ countyCode: county.countyCode, csv });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).toContain('csv line 3');
      const retry = await http().post('/api/v1/meter-readings').set(bearer(dispatcher)).send({ countyCode: county.countyCode, readings: [{ meterNo: 'M-X1', householdId, day: '2026-12-01', value: 9.9 }] });
      expect(retry.body).toMatchObject({ accepted: 1, alerts: 1 });
    });

    it('takes the power company\'s batch with its own channel credential (电力渠道), in the credential\'s county, idempotent per meter and day', async () => {
      const issued = await http().post('/api/v1/channel-credentials').set(bearer(county.adminToken)).send({ countyCode: county.countyCode, channel: 'power', name: '国网太仓供电公司用电采集系统' });
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({ channel: 'power', countyCode: county.countyCode });
      const power = issued.body.authorization as string;
      const householdId = vacantOf[gridB][1];
      const readings = [
        { meterNo: 'M-PWR-1', householdId, day: '2026-12-02', value: 4.2 },
        { meterNo: 'M-PWR-1', householdId, day: '2026-12-03', value: 0.1 },
      ];
      const posted = await http().post('/api/v1/channels/power/readings').set({ Authorization: power }).send({ readings });
      expect({ status: posted.status, body: posted.body }).toEqual({ status: 200, body: { accepted: 2, duplicates: 0, matched: 1, alerts: 1 } });
      // The same batch again (a retry of the company's system): nothing new.
      expect((await http().post('/api/v1/channels/power/readings').set({ Authorization: power }).send({ readings })).body).toEqual({ accepted: 0, duplicates: 2, matched: 0, alerts: 0 });
      const alerts = await http().get('/api/v1/warning-alerts').set(bearer(dispatcher)).query({ townCode: county.townA, pageSize: 100 });
      const alert = alerts.body.items.find((a: { details: { meterNo?: string } }) => a.details.meterNo === 'M-PWR-1');
      expect(alert).toMatchObject({ gridCode: gridB, details: { day: '2026-12-02', value: 4.2 } });
      const order = await http().get(`/api/v1/work-orders/${alert.workOrderId}`).set(bearer(dispatcher));
      expect(order.body).toMatchObject({ unitId: workerBId, channel: 'rule_alert', status: 'dispatched' });
      // Audited as the channel's credential, not as a user.
      const db = new Client({ connectionString: TEST_DATABASE_URL });
      await db.connect();
      try {
        const audit = await db.query(`SELECT actor_id FROM command_dispatch.audit_log WHERE action = 'meter_reading.post' AND after->>'credentialId' = $1`, [issued.body.id]);
        expect(audit.rows).toEqual([{ actor_id: `channel:${issued.body.id}` }, { actor_id: `channel:${issued.body.id}` }]);
      } finally {
        await db.end();
      }

      // Only the power channel's credential posts there; a power credential posts no tickets; a user's token is not a channel credential.
      const hotline = await http().post('/api/v1/channel-credentials').set(bearer(county.adminToken)).send({ countyCode: county.countyCode, channel: 'hotline_12345', name: '市12345热线平台' });
      const wrong = await http().post('/api/v1/channels/power/readings').set({ Authorization: hotline.body.authorization }).send({ readings });
      expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 403, code: 'FORBIDDEN_ROLE' });
      const ticket = await http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: power }).send({ externalTicketId: 'PWR-1', townCode: county.townA, category: '12345.street_order', requestType: 'complaint', title: '测试', description: '测试' });
      expect(ticket.status).toBe(403);
      expect((await http().post('/api/v1/channels/power/readings').set(bearer(dispatcher)).send({ readings })).status).toBe(401);
      // Malformed: problem+json, nothing stored.
      const bad = await http().post('/api/v1/channels/power/readings').set({ Authorization: power }).send({ readings: [{ meterNo: 'M-PWR-2', householdId, day: '2026-02-30', value: 1 }] });
      expect({ status: bad.status, type: bad.headers['content-type'] }).toEqual({ status: 400, type: expect.stringContaining('application/problem+json') });
      const stored = await platform.services[COMMAND_DISPATCH_SERVICE_NAME].get(DataSource).query(`SELECT 1 FROM command_dispatch.meter_reading WHERE meter_no = 'M-PWR-2'`);
      expect(stored).toEqual([]);
    });
  });

  it('hotspot and repeat rules over work orders raise one alert each, once', async () => {
    for (const [name, kind, params] of [
      ['占道经营热点', 'hotspot', { category: '12345.street_order', minOrders: 3, radiusMetres: 300, days: 7 }],
      ['同一来电人重复诉求', 'repeat', { key: 'caller', minOrders: 3, days: 30 }],
    ] as const) {
      expect((await http().post('/api/v1/warning-rules').set(bearer(county.adminToken)).send({ countyCode: county.countyCode, name, kind, params })).status).toBe(201);
    }
    for (const [i, lat] of [30.005, 30.0055, 30.006].entries()) {
      const res = await http()
        .post('/api/v1/work-orders')
        .set(bearer(dispatcher))
        .send({ townCode: county.townA, category: '12345.street_order', requestType: 'complaint', title: `占道经营${i}`, description: '路口流动摊贩占道经营', location: { lng: 120.005, lat }, caller: { name: '张三', phone: '13900001111' } });
      expect(res.status).toBe(201);
    }
    const evaluated = await http().post('/api/v1/warning-rules/evaluate').set(bearer(dispatcher)).send({ countyCode: county.countyCode });
    expect({ status: evaluated.status, body: evaluated.body }).toEqual({ status: 200, body: { rules: 2, alerts: 2 } });
    expect((await http().post('/api/v1/warning-rules/evaluate').set(bearer(dispatcher)).send({ countyCode: county.countyCode })).body).toEqual({ rules: 2, alerts: 0 });
    const hotspot = await http().get('/api/v1/warning-alerts').set(bearer(dispatcher)).query({ kind: 'hotspot' });
    expect(hotspot.body.items).toHaveLength(1);
    expect(hotspot.body.items[0]).toMatchObject({ townCode: county.townA, details: { orders: 3 } });
    const repeat = await http().get('/api/v1/warning-alerts').set(bearer(dispatcher)).query({ kind: 'repeat' });
    expect(repeat.body.items).toHaveLength(1);
    expect(JSON.stringify(repeat.body)).not.toContain('13900001111');
  });

  it('indicators over a seeded month equal the hand-computed values, per unit and per town, ranked', async () => {
    const db = platform.services[COMMAND_DISPATCH_SERVICE_NAME].get(DataSource);
    const u1 = randomUUID();
    const u2 = randomUUID();
    const t = (s: string) => new Date(`2026-10-${s}+08:00`);
    const order = async (unit: string, unitName: string, status: string, due: string, steps: [string, string, string, Record<string, unknown>?][]) => {
      const id = randomUUID();
      await db.query(
        `INSERT INTO command_dispatch.work_order (id, order_no, county_code, town_code, channel, category, category_name, urgency, title, description, status, unit_id, unit_name, sla_unit, sla_amount, clock_started_at, due_at, created_at)
         VALUES ($1, $2, $3, $4, 'manual', '12345.street_order', '占道经营', 'normal', '考核样本', '考核样本', $5, $6, $7, 'working_days', 3, $8, $9, $8)`,
        [id, `SEED-${id}`, county.countyCode, county.townB, status, unit, unitName, t('08T09:00:00'), due.startsWith('11') ? new Date(`2026-${due}+08:00`) : t(due)],
      );
      for (const [action, to, at, details] of steps) {
        await db.query(`INSERT INTO command_dispatch.work_order_step (id, work_order_id, action, to_status, at, details) VALUES ($1, $2, $3, $4, $5, $6)`, [randomUUID(), id, action, to, t(at), JSON.stringify(details ?? {})]);
      }
    };
    await order(u1, '乙镇城管办', 'evaluated', '12T17:30:00', [['feed_back', 'feedback', '11T10:00:00'], ['verify_pass', 'closed', '11T12:00:00'], ['evaluate', 'evaluated', '12T10:00:00', { satisfaction: 'satisfied' }]]);
    await order(u1, '乙镇城管办', 'evaluated', '12T17:30:00', [['feed_back', 'feedback', '13T10:00:00'], ['verify_fail', 'rework', '13T15:00:00'], ['feed_back', 'feedback', '14T09:00:00'], ['verify_pass', 'closed', '15T09:00:00'], ['evaluate', 'evaluated', '16T10:00:00', { satisfaction: 'dissatisfied' }]]);
    await order(u1, '乙镇城管办', 'handling', '27T17:30:00', [['approve_extension', 'handling', '15T10:00:00']]);
    await order(u1, '乙镇城管办', 'handling', '11-03T17:30:00', []);
    await order(u2, '乙镇安监办', 'evaluated', '12T17:30:00', [['feed_back', 'feedback', '09T10:00:00'], ['verify_pass', 'closed', '09T11:00:00'], ['evaluate', 'evaluated', '09T15:00:00', { satisfaction: 'basically_satisfied' }]]);

    const units = await http().get('/api/v1/assessment/indicators').set(bearer(dispatcher)).query({ from: '2026-10-01', to: '2026-10-31', townCode: county.townB });
    expect(units.status).toBe(200);
    expect(units.body.items.map((r: { key: string; rank: number }) => [r.key, r.rank])).toEqual([[u2, 1], [u1, 2]]);
    expect(units.body.items[1]).toMatchObject({
      name: '乙镇城管办',
      counts: { dueToClose: 3, closed: 2, closedOnTime: 1, dueToHandle: 3, handledOnTime: 1, reworked: 1, extended: 1, evaluated: 2, satisfied: 1 },
      values: { closureRate: 0.6667, onTimeClosureRate: 0.3333, onTimeHandlingRate: 0.3333, reworkRate: 0.3333, extensionRate: 0.3333, satisfactionRate: 0.5, averageHandlingHours: 121.5 },
    });
    expect(units.body.items[0].values).toEqual({ closureRate: 1, onTimeClosureRate: 1, onTimeHandlingRate: 1, reworkRate: 0, extensionRate: 0, satisfactionRate: 1, averageHandlingHours: 26 });

    const towns = await http().get('/api/v1/assessment/indicators').set(bearer(dispatcher)).query({ from: '2026-10-01', to: '2026-10-31', groupBy: 'town', townCode: county.townB });
    expect(towns.body.items).toHaveLength(1);
    expect(towns.body.items[0]).toMatchObject({ key: county.townB, counts: { dueToClose: 4, closed: 3, closedOnTime: 2 }, values: { closureRate: 0.75, onTimeClosureRate: 0.5, averageHandlingHours: 89.67 } });
    // The first week only: the late order was not closed yet; reproducible whatever happened after.
    const week = await http().get('/api/v1/assessment/indicators').set(bearer(dispatcher)).query({ from: '2026-10-01', to: '2026-10-12', townCode: county.townB, groupBy: 'town' });
    expect(week.body.items[0].counts).toMatchObject({ dueToClose: 3, closed: 2 });

    // 年度考核: the town's safety office is a dispatched agency (派驻机构) with the town's weight of 60 % in the registry.
    const department = await http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'YJJ', name: '县应急管理局', kind: 'county_department', jurisdictionCode: county.countyCode });
    const agency = await http().post('/api/v1/dispatched-agencies').set(bearer(county.adminToken)).send({ name: '乙镇安监办', townCode: county.townB, parentDepartmentId: department.body.id, managementMode: 'dispatched', townAssessmentWeight: 60 });
    expect(agency.status).toBe(201);
    const annual = await http().get('/api/v1/assessment/annual').set(bearer(dispatcher)).query({ townCode: county.townB, year: 2026 });
    expect(annual.status).toBe(200);
    expect(annual.body.agencies).toEqual([expect.objectContaining({ unitId: agency.body.id, name: '乙镇安监办', score: 100, townWeight: 60, weightedScore: 60 })]);
    // Over the year the order due on 3 November counts too: 0.3×0.25 + 0.2×0.5 + 0.2×0.25 + 0.2×0.5 + 0.05×0.75 + 0.05×0.75 = 0.40.
    expect(annual.body.institutions).toEqual([expect.objectContaining({ unitId: u1, name: '乙镇城管办', score: 40, townWeight: null, counts: expect.objectContaining({ dueToClose: 4, closed: 2 }) })]);
    const bad = await http().get('/api/v1/assessment/indicators').set(bearer(dispatcher)).query({ from: '2026-10-31', to: '2026-10-01' });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'INDICATOR_PERIOD_INVALID' });
  });

  describe('targeted notices (精准推送)', () => {
    let server: Server;
    let webhook: string;
    const received: { body: { deliveryId: string; noticeId: string; recipient: { id: string }; text: string }; key: string }[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        let data = '';
        req.on('data', (c) => (data += c));
        req.on('end', () => {
          received.push({ body: JSON.parse(data), key: String(req.headers['idempotency-key']) });
          res.statusCode = 202;
          res.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const deliverAndWait = async (id: string) => {
      const started = await http().post(`/api/v1/notices/${id}/deliver`).set(bearer(dispatcher));
      expect(started.status).toBe(200);
      return pollUntil(async () => (await http().get(`/api/v1/notices/${id}`).set(bearer(dispatcher))).body, (b) => b.status === 'delivered', { timeoutMs: 15_000, what: 'notice delivered' });
    };

    it('sends nothing anywhere by default: deliveries recorded as not sent', async () => {
      const notice = await http().post('/api/v1/notices').set(bearer(dispatcher)).send({ jurisdictionCode: county.townA, kind: 'job_posting', title: '招聘', text: '本镇企业招聘普工20名', postings: 20, criteria: { gridCodes: [gridB], householdFlags: ['vacant'] } });
      expect(notice.status).toBe(201);
      const done = await deliverAndWait(notice.body.id);
      expect(done).toMatchObject({ recipients: 2, sent: 0, notSent: 2 });
      expect(received).toHaveLength(0);
    });

    it('delivers once per household through the county SMS webhook; delivering again is 409; referrals and counts per period', async () => {
      expect((await http().put('/api/v1/notice-channel').set(bearer(dispatcher)).send({ countyCode: county.countyCode, webhookUrl: webhook, enabled: true })).status).toBe(403);
      expect((await http().put('/api/v1/notice-channel').set(bearer(county.adminToken)).send({ countyCode: county.countyCode, webhookUrl: webhook, enabled: true })).status).toBe(200);
      const residents = await http().post('/api/v1/notices').set(bearer(dispatcher)).send({ jurisdictionCode: county.townA, kind: 'job_posting', title: '招聘', text: '招聘', criteria: { residentFlags: ['unemployed'], ageBand: { min: 18, max: 45 } } });
      expect({ status: residents.status, code: residents.body.code }).toEqual({ status: 422, code: 'NOTICE_RESIDENT_CRITERIA_UNAVAILABLE' });

      const notice = await http().post('/api/v1/notices').set(bearer(dispatcher)).send({ jurisdictionCode: county.townA, kind: 'job_posting', title: '就业岗位推送', text: '县人社局发布岗位1408个,详询镇就业服务站', postings: 1408, criteria: { gridCodes: [gridA], householdFlags: ['vacant'] } });
      const done = await deliverAndWait(notice.body.id);
      expect(done).toMatchObject({ recipients: 3, sent: 3, failed: 0, notSent: 0 });
      expect(received.map((r) => r.body.recipient.id).sort()).toEqual(vacantOf[gridA]);
      expect(received.every((r) => r.body.noticeId === notice.body.id && r.body.text === '县人社局发布岗位1408个,详询镇就业服务站' && r.key === r.body.deliveryId)).toBe(true);
      const again = await http().post(`/api/v1/notices/${notice.body.id}/deliver`).set(bearer(dispatcher));
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'NOTICE_ALREADY_DELIVERED' });
      expect(received).toHaveLength(3);

      const referral = { noticeId: notice.body.id, recipientId: vacantOf[gridA][0], postingRef: 'JOB-2026-0012' };
      const first = await http().post('/api/v1/referrals').set(bearer(dispatcher)).send(referral);
      const twice = await http().post('/api/v1/referrals').set(bearer(dispatcher)).send(referral);
      expect([first.status, twice.status, twice.body.id]).toEqual([201, 201, first.body.id]);
      expect((await http().post('/api/v1/referrals').set(bearer(dispatcher)).send({ ...referral, recipientId: vacantOf[gridB][0] })).body.code).toBe('NOTICE_RECIPIENT_UNKNOWN');

      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const stats = await http().get('/api/v1/notices/statistics').set(bearer(dispatcher)).query({ from: today, to: today, jurisdictionCode: county.townA });
      expect(stats.body).toEqual({ from: today, to: today, notices: 2, messages: 3, postings: 1428, referrals: 1 });
    });
  });
});
