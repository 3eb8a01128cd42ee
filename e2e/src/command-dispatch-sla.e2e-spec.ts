import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { callerPersonalData, COMMAND_DISPATCH_SERVICE, SlaTimers } from '@yiti/command-dispatch-service';
import { Metrics, PersonalDataProtector, rotatePersonalDataTable } from '@yiti/platform';
import { DataSource } from 'typeorm';
import { bearer, login, pollUntil, startPlatform, startService, TEST_DATABASE_URL, TEST_PASSWORD, TEST_PERSONAL_DATA_KEY, type RunningPlatform } from '@yiti/testing';
import { dispatchCounty, hotlineTicket, type DispatchCounty } from './command-dispatch-fixtures';

const DAY_MS = 24 * 3600 * 1000;

/** Both instances scan the rule timers by themselves every 100 ms and evaluate a rule every 300 ms; the SLA scans are driven by the spec. */
const TIMERS = { SLA_SCAN_MS: '0', RULE_SCAN_MS: '100', WARNING_RULE_INTERVAL_MS: '300' };

/**
 * SLA timers with two command-dispatch instances running: an order past its limit gets exactly one
 * automatic 督办 (and escalation), again only after the configured period, each in the 督办 list of
 * the gateway addressed to the level and jurisdiction, acknowledged there by that level; a due-soon
 * warning fires once; a calendar change recomputes due times; a hotspot rule fires once from the
 * rule timers of both instances; the timer backlogs are metrics.
 */
describe('command dispatch SLA: 督办 exactly once with two instances', () => {
  let platform: RunningPlatform;
  let second: INestApplication;
  let d: DispatchCounty;
  let db: Client;
  let timersA: SlaTimers;
  let timersB: SlaTimers;
  let townLeaderA: string;
  let countyLeader: string;
  const supervisionList = async (token: string, query: Record<string, string> = {}) => {
    const res = await platform.http().get('/api/v1/supervisions').set(bearer(token)).query({ pageSize: 100, ...query });
    expect(res.status).toBe(200);
    return res.body.items as { id: string; workOrderId: string; round: number; level: string; addresseeJurisdictionCode: string; unitId: string | null; unitName: string | null; acknowledgedAt: string | null; acknowledgedBy: string | null }[];
  };

  const newOrder = async (): Promise<string> => {
    const res = await platform.http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(hotlineTicket(d.county.townA));
    expect(res.status).toBe(200);
    return res.body.workOrderId as string;
  };
  const supervisions = async (id: string) => (await db.query(`SELECT round, escalated_to FROM command_dispatch.supervision WHERE work_order_id = $1 ORDER BY round`, [id])).rows as { round: number; escalated_to: string }[];
  const events = async (id: string, name: string) => (await db.query(`SELECT count(*)::int AS n FROM command_dispatch.outbox WHERE subject LIKE $1 AND payload::text LIKE $2`, [`%.${name}.%`, `%${id}%`])).rows[0].n as number;

  beforeAll(async () => {
    platform = await startPlatform(TIMERS);
    second = await startService(COMMAND_DISPATCH_SERVICE, TIMERS);
    const first = platform.services[COMMAND_DISPATCH_SERVICE.name];
    if (!first) throw new Error('command-dispatch is not running');
    timersA = first.get(SlaTimers);
    timersB = second.get(SlaTimers);
    d = await dispatchCounty(platform);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    // The town's leader (乡镇领导) and the county's leadership (县级领导), to whom 督办 notices are addressed.
    const person = async (code: string, name: string, kind: string, jurisdictionCode: string, role: string): Promise<string> => {
      const org = await platform.http().post('/api/v1/organisations').set(bearer(d.county.adminToken)).send({ code, name, kind, jurisdictionCode });
      expect(org.status).toBe(201);
      const username = `${role}.${randomUUID().slice(0, 8)}`;
      const user = await platform.http().post('/api/v1/users').set(bearer(d.county.adminToken)).send({ username, displayName: role, password: TEST_PASSWORD, organisationId: org.body.id, roles: [role] });
      expect(user.status).toBe(201);
      return login(platform, username, TEST_PASSWORD);
    };
    townLeaderA = await person('A-ZF', '甲镇人民政府', 'town_government', d.county.townA, 'leader');
    countyLeader = await person('XW', '县委县政府督查室', 'county_leadership', d.county.countyCode, 'county_leader');
  });

  afterAll(async () => {
    await db?.end();
    await second?.close();
    await platform?.close();
  });

  it('gives an order past its limit exactly one 督办 though both instances scan at once, escalated to the town, then the county after the period', async () => {
    const id = await newOrder();
    await db.query(`UPDATE command_dispatch.work_order SET due_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    await db.query(`UPDATE command_dispatch.sla_timer SET kind = 'overdue', fire_at = now() - interval '1 hour' WHERE work_order_id = $1`, [id]);

    await Promise.all([timersA.scanOnce(), timersB.scanOnce(), timersA.scanOnce(), timersB.scanOnce()]);
    await Promise.all([timersA.scanOnce(), timersB.scanOnce()]);
    expect(await supervisions(id)).toEqual([{ round: 1, escalated_to: 'town' }]);
    expect(await events(id, 'workorder.supervised')).toBe(1);
    const order = await platform.http().get(`/api/v1/work-orders/${id}`).set(bearer(d.dispatcher.token));
    expect(order.body).toMatchObject({ overdue: true, supervisionCount: 1 });
    const history = await platform.http().get(`/api/v1/work-orders/${id}/history`).set(bearer(d.dispatcher.token));
    expect((history.body as { action: string }[]).filter((h) => h.action === 'supervise')).toHaveLength(1);

    // Still overdue after the configured period (8 working hours): the second notice, to the county, once.
    const later = new Date(Date.now() + 10 * DAY_MS);
    await Promise.all([timersA.scanOnce(later), timersB.scanOnce(later)]);
    await Promise.all([timersA.scanOnce(later), timersB.scanOnce(later)]);
    expect(await supervisions(id)).toEqual([
      { round: 1, escalated_to: 'town' },
      { round: 2, escalated_to: 'county' },
    ]);
    expect(await events(id, 'workorder.supervised')).toBe(2);

    // The 督办 list through the gateway: the command centre sees both notices, each addressed to its level and jurisdiction, naming the unit.
    const centre = (await supervisionList(d.dispatcher.token)).filter((s) => s.workOrderId === id);
    expect(centre.map((s) => ({ round: s.round, level: s.level, to: s.addresseeJurisdictionCode, unitId: s.unitId, unitName: s.unitName, acknowledgedAt: s.acknowledgedAt }))).toEqual([
      { round: 2, level: 'county', to: d.county.countyCode, unitId: d.unitA.id, unitName: d.unitA.name, acknowledgedAt: null },
      { round: 1, level: 'town', to: d.county.townA, unitId: d.unitA.id, unitName: d.unitA.name, acknowledgedAt: null },
    ]);
    // The unit handling the order sees its own; another town's unit none of them; the town's leader them both (the order is the town's).
    expect((await supervisionList(d.handlerA.token)).filter((s) => s.workOrderId === id)).toHaveLength(2);
    expect((await supervisionList(d.handlerB.token)).filter((s) => s.workOrderId === id)).toEqual([]);
    expect((await supervisionList(townLeaderA, { level: 'town', acknowledged: 'false' })).map((s) => s.workOrderId)).toContain(id);
    expect((await platform.http().get('/api/v1/supervisions').query({ townCode: d.county.townA }).set(bearer(d.handlerB.token))).status).toBe(403);

    // 签收: the town's notice by the town's leader, once; the county's notice not by the town, but by the county's leadership.
    const [round2, round1] = centre as [(typeof centre)[number], (typeof centre)[number]];
    const acknowledged = await platform.http().post(`/api/v1/supervisions/${round1.id}/acknowledge`).set(bearer(townLeaderA)).send({});
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.acknowledgedAt).toEqual(expect.any(String));
    const again = await platform.http().post(`/api/v1/supervisions/${round1.id}/acknowledge`).set(bearer(townLeaderA)).send({});
    expect(again.body.acknowledgedAt).toBe(acknowledged.body.acknowledgedAt);
    const refused = await platform.http().post(`/api/v1/supervisions/${round2.id}/acknowledge`).set(bearer(townLeaderA)).send({});
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'FORBIDDEN_JURISDICTION' });
    expect((await platform.http().post(`/api/v1/supervisions/${round2.id}/acknowledge`).set(bearer(countyLeader)).send({})).status).toBe(200);
    expect((await platform.http().post(`/api/v1/supervisions/${round2.id}/acknowledge`).set(bearer(d.handlerA.token)).send({})).status).toBe(403);
    expect((await supervisionList(d.dispatcher.token, { acknowledged: 'false' })).filter((s) => s.workOrderId === id)).toEqual([]);
    expect((await platform.http().post(`/api/v1/supervisions/${randomUUID()}/acknowledge`).set(bearer(countyLeader)).send({})).status).toBe(404);
    const audited = await db.query(`SELECT count(*)::int AS n FROM command_dispatch.audit_log WHERE action = 'supervision.acknowledge' AND resource_id = ANY($1)`, [[round1.id, round2.id]]);
    expect(audited.rows[0].n).toBe(2);
  });

  it('reports the SLA and rule timers due and not fired as yiti_timer_overdue / yiti_timer_oldest_overdue_seconds', async () => {
    const id = await newOrder();
    await db.query(`UPDATE command_dispatch.sla_timer SET kind = 'overdue', fire_at = now() - interval '10 minutes' WHERE work_order_id = $1`, [id]);
    const text = await platform.services[COMMAND_DISPATCH_SERVICE.name].get(Metrics).registry.metrics();
    const value = (name: string, timer: string) => Number(new RegExp(`^${name}\\{timer="${timer}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('yiti_timer_overdue', 'dispatch_sla')).toBeGreaterThanOrEqual(1);
    expect(value('yiti_timer_oldest_overdue_seconds', 'dispatch_sla')).toBeGreaterThanOrEqual(600);
    expect(value('yiti_timer_overdue', 'dispatch_warning_rule')).toBeGreaterThanOrEqual(0);
    await Promise.all([timersA.scanOnce(), timersB.scanOnce()]);
  });

  it('fires a hotspot rule from the rule timers of both instances, once: one alert, one order, though both keep evaluating it', async () => {
    const rule = await platform.http().post('/api/v1/warning-rules').set(bearer(d.county.adminToken)).send({ countyCode: d.county.countyCode, name: '占道经营热点(定时)', kind: 'hotspot', params: { category: '12345.street_order', minOrders: 3, radiusMetres: 200, days: 7 } });
    expect(rule.status).toBe(201);
    for (const lat of [31.5001, 31.5003, 31.5005]) {
      const res = await platform.http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(hotlineTicket(d.county.townA, { location: { lng: 121.27, lat } }));
      expect(res.status).toBe(200);
    }
    // Nobody asks for an evaluation: the instances' timers run the rule by themselves.
    const alertsOf = async () => (await platform.http().get('/api/v1/warning-alerts').set(bearer(d.dispatcher.token)).query({ ruleId: rule.body.id })).body.items as { id: string; workOrderId: string; details: { orders: number } }[];
    const [alert] = await pollUntil(alertsOf, (items) => items.length > 0, { timeoutMs: 15_000, what: 'the hotspot alert from the rule timers' });
    expect(alert?.details.orders).toBe(3);
    // Both instances go on evaluating it every 300 ms: still one alert and one order for it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await alertsOf()).toHaveLength(1);
    const orders = await db.query(`SELECT count(*)::int AS n FROM command_dispatch.work_order WHERE channel = 'rule_alert' AND source_ref LIKE $1`, [`alert:${rule.body.id}:%`]);
    expect(orders.rows[0].n).toBe(1);
    const timer = await db.query(`SELECT fire_at > now() AS ahead FROM command_dispatch.rule_timer WHERE rule_id = $1`, [rule.body.id]);
    expect(timer.rows).toEqual([{ ahead: true }]);

    // Switched off, its timer goes.
    const off = await platform.http().put(`/api/v1/warning-rules/${rule.body.id}`).set(bearer(d.county.adminToken)).send({ name: '占道经营热点(定时)', params: { category: '12345.street_order', minOrders: 3, radiusMetres: 200, days: 7 }, active: false });
    expect(off.status).toBe(200);
    expect((await db.query(`SELECT count(*)::int AS n FROM command_dispatch.rule_timer WHERE rule_id = $1`, [rule.body.id])).rows[0].n).toBe(0);
  });

  it('supervises no order that was fed back in time, and warns once when an order is due soon', async () => {
    const done = await newOrder();
    await platform.http().post(`/api/v1/work-orders/${done}/sign`).set(bearer(d.handlerA.token)).send({});
    await platform.http().post(`/api/v1/work-orders/${done}/feed-back`).set(bearer(d.handlerA.token)).send({ reasons: '已处置完毕' });
    expect((await db.query(`SELECT count(*)::int AS n FROM command_dispatch.sla_timer WHERE work_order_id = $1`, [done])).rows[0].n).toBe(0);

    const soon = await newOrder();
    await db.query(`UPDATE command_dispatch.sla_timer SET kind = 'due_soon', fire_at = now() - interval '1 minute' WHERE work_order_id = $1`, [soon]);
    await Promise.all([timersA.scanOnce(), timersB.scanOnce()]);
    await Promise.all([timersA.scanOnce(), timersB.scanOnce()]);
    expect(await events(soon, 'workorder.due-soon')).toBe(1);
    expect(await supervisions(soon)).toEqual([]);
    const timer = (await db.query(`SELECT kind, fire_at FROM command_dispatch.sla_timer WHERE work_order_id = $1`, [soon])).rows[0];
    expect(timer.kind).toBe('overdue');
  });

  it('recomputes an open order\'s due time from its clock after a calendar change', async () => {
    const id = await newOrder();
    const original = (await db.query(`SELECT due_at FROM command_dispatch.work_order WHERE id = $1`, [id])).rows[0].due_at as Date;
    await db.query(`UPDATE command_dispatch.work_order SET due_at = due_at + interval '3 days' WHERE id = $1`, [id]);
    expect(await timersA.recomputeDueTimes()).toBeGreaterThanOrEqual(1);
    const recomputed = (await db.query(`SELECT due_at FROM command_dispatch.work_order WHERE id = $1`, [id])).rows[0].due_at as Date;
    expect(recomputed.getTime()).toBe(original.getTime());
  });

  it('rotate-personal-data re-encrypts callers\' names and phones and their hash under a new key, and back', async () => {
    const id = await newOrder();
    const row = async () => (await db.query(`SELECT caller_name_cipher, caller_phone_cipher, caller_phone_hash FROM command_dispatch.work_order WHERE id = $1`, [id])).rows[0] as { caller_name_cipher: string; caller_phone_cipher: string; caller_phone_hash: string };
    const before = await row();
    const current = new PersonalDataProtector(TEST_PERSONAL_DATA_KEY);
    expect(current.decrypt(before.caller_phone_cipher)).toBe('13912345678');
    const ds = platform.services[COMMAND_DISPATCH_SERVICE.name].get(DataSource);
    const [table] = callerPersonalData();
    const nextKey = `dispatch-rotation-${randomUUID()}`;
    const next = new PersonalDataProtector(nextKey, [TEST_PERSONAL_DATA_KEY]);
    try {
      const rotated = await rotatePersonalDataTable(ds, next, table);
      expect(rotated.failed).toBe(0);
      const after = await row();
      expect(after.caller_phone_cipher.startsWith(next.currentPrefix)).toBe(true);
      expect(next.decrypt(after.caller_name_cipher)).toBe('王小明');
      expect(after.caller_phone_hash).toBe(next.searchHash('13912345678'));
      expect(after.caller_phone_hash).not.toBe(before.caller_phone_hash);
    } finally {
      // Leave every row under the test key again, as the running services read them.
      await rotatePersonalDataTable(ds, new PersonalDataProtector(TEST_PERSONAL_DATA_KEY, [nextKey]), table);
    }
    expect((await row()).caller_phone_hash).toBe(before.caller_phone_hash);
  });
});
