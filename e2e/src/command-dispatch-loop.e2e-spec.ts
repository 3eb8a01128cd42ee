import { Client } from 'pg';
import { bearer, startPlatform, TEST_DATABASE_URL, type RunningPlatform } from '@yiti/testing';
import { dispatchCounty, hotlineTicket, type DispatchCounty } from './command-dispatch-fixtures';

/**
 * 指挥调度一中心 end to end through the gateway: a 12345 ticket posted by the channel's machine
 * credential (twice, and twice concurrently: one order, the same answer), routed by the town's duty
 * list, then the closed loop, 退单 and arbitration, linkage across two units, and scope.
 */
describe('command dispatch: channels, routing and the closed loop (through the gateway)', () => {
  let platform: RunningPlatform;
  let d: DispatchCounty;
  let db: Client;
  const http = () => platform.http();
  const post = (body: object, authorization = d.hotline, channel = 'hotline_12345') => http().post(`/api/v1/channels/${channel}/tickets`).set({ Authorization: authorization }).send(body);
  const step = (token: string, id: string, action: string, body: Record<string, unknown> = {}) => http().post(`/api/v1/work-orders/${id}/${action}`).set(bearer(token)).send(body);
  const get = (token: string, id: string) => http().get(`/api/v1/work-orders/${id}`).set(bearer(token));
  const ordersOf = async (ticketId: string): Promise<number> => {
    const res = await db.query(`SELECT count(*)::int AS n FROM command_dispatch.work_order WHERE county_code = $1 AND source_ref = $2`, [d.county.countyCode, ticketId]);
    return res.rows[0].n as number;
  };

  beforeAll(async () => {
    platform = await startPlatform();
    d = await dispatchCounty(platform);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('takes a 12345 ticket posted twice as one order with the same answer, routed to town A\'s unit, the caller masked and stored encrypted', async () => {
    const ticket = hotlineTicket(d.county.townA);
    const first = await post(ticket);
    expect(first.status).toBe(200);
    const second = await post(ticket);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await ordersOf(ticket.externalTicketId)).toBe(1);

    const order = await get(d.dispatcher.token, first.body.workOrderId);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({ status: 'dispatched', channel: 'hotline_12345', externalTicketId: ticket.externalTicketId, townCode: d.county.townA, unitId: d.unitA.id, caller: { name: '王**', phone: '139****5678' }, fields: ticket.fields, sla: { unit: 'working_days', amount: 13 } });
    expect(order.body.dueAt).toEqual(expect.any(String));
    const stored = await db.query(`SELECT caller_phone_cipher, caller_name_cipher FROM command_dispatch.work_order WHERE id = $1`, [first.body.workOrderId]);
    expect(JSON.stringify(stored.rows[0])).not.toContain('13912345678');
    expect(JSON.stringify(stored.rows[0])).not.toContain('王小明');
    const events = await db.query(`SELECT payload::text AS p FROM command_dispatch.outbox WHERE payload::text LIKE $1`, [`%${first.body.workOrderId}%`]);
    expect(events.rows.length).toBeGreaterThanOrEqual(2);
    for (const row of events.rows) expect(row.p).not.toMatch(/13912345678|王小明|幸福路/);
  });

  it('takes the same ticket posted twice at once as one order with the same answer', async () => {
    const ticket = hotlineTicket(d.county.townB);
    const [a, b] = await Promise.all([post(ticket), post(ticket)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toEqual(b.body);
    expect(await ordersOf(ticket.externalTicketId)).toBe(1);
    expect((await get(d.dispatcher.token, a.body.workOrderId)).body).toMatchObject({ townCode: d.county.townB, unitId: d.unitB.id, status: 'dispatched' });
  });

  it('refuses a malformed ticket, another channel\'s path, a bad credential and the same id with other content, writing nothing', async () => {
    const malformed = { ...hotlineTicket(d.county.townA), title: '', category: 'NOT A CODE' };
    const bad = await post(malformed);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(await ordersOf(malformed.externalTicketId)).toBe(0);

    const unknownCategory = hotlineTicket(d.county.townA, { category: 'no.such_category' });
    expect((await post(unknownCategory)).body.code).toBe('WORK_ORDER_CATEGORY_UNKNOWN');
    expect(await ordersOf(unknownCategory.externalTicketId)).toBe(0);

    const ticket = hotlineTicket(d.county.townA);
    expect((await post(ticket, d.hotline, 'city_management')).status).toBe(403);
    expect((await post(ticket, 'Channel 00000000-0000-4000-8000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(401);
    expect((await post(ticket, 'Bearer abc')).status).toBe(401);
    expect(await ordersOf(ticket.externalTicketId)).toBe(0);

    expect((await post(ticket)).status).toBe(200);
    const changed = await post({ ...ticket, description: '另一段不同的诉求内容' });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('CHANNEL_TICKET_CONFLICT');
    expect(await ordersOf(ticket.externalTicketId)).toBe(1);
  });

  it('refuses a revoked credential', async () => {
    const issued = await http().post('/api/v1/channel-credentials').set(bearer(d.county.adminToken)).send({ countyCode: d.county.countyCode, channel: 'city_management', name: '数字城管平台' });
    expect(issued.status).toBe(201);
    const list = await http().get('/api/v1/channel-credentials').set(bearer(d.county.adminToken));
    expect(JSON.stringify(list.body)).not.toContain(issued.body.secret);
    const revoked = await http().post(`/api/v1/channel-credentials/${issued.body.id}/revoke`).set(bearer(d.county.adminToken));
    expect(revoked.status).toBe(200);
    const res = await post(hotlineTicket(d.county.townA, { category: 'cm.event.street_order' }), issued.body.authorization, 'city_management');
    expect(res.status).toBe(401);
  });

  it('runs the closed loop: sign → handle → feed back → failed verification → rework → feed back → close → evaluate, every step audited', async () => {
    const posted = await post(hotlineTicket(d.county.townA));
    const id = posted.body.workOrderId as string;
    // Another unit (town B's) cannot sign for town A's order: it does not even see it.
    expect((await step(d.handlerB.token, id, 'sign')).status).toBe(404);
    // A unit of town A that is not the assigned one sees it but cannot sign.
    expect((await step(d.handlerA2.token, id, 'sign')).body.code).toBe('NOT_ASSIGNED_UNIT');
    // Steps out of order are refused.
    expect((await step(d.handlerA.token, id, 'feed-back', { reasons: '已处置' })).body.code).toBe('INVALID_TRANSITION');
    expect((await step(d.handlerA.token, id, 'verify-pass')).status).toBe(403);

    expect((await step(d.handlerA.token, id, 'sign')).body.status).toBe('signed');
    expect((await step(d.handlerA.token, id, 'start')).body.status).toBe('handling');
    expect((await step(d.handlerA.token, id, 'feed-back', { reasons: '已劝离流动摊贩' })).body.status).toBe('feedback');
    const failed = await step(d.dispatcher.token, id, 'verify-fail', { reasons: '现场复核仍有摊贩' });
    expect(failed.body).toMatchObject({ status: 'rework', reworkCount: 1 });
    expect((await step(d.handlerA.token, id, 'feed-back', { reasons: '设置隔离栏并每日巡查' })).body.status).toBe('feedback');
    const closed = await step(d.dispatcher.token, id, 'verify-pass');
    expect(closed.body).toMatchObject({ status: 'closed', reworkCount: 1 });
    expect((await step(d.dispatcher.token, id, 'evaluate', { satisfaction: 'satisfied' })).body).toMatchObject({ status: 'evaluated', satisfaction: 'satisfied' });
    // Satisfied: no 重办.
    expect((await step(d.dispatcher.token, id, 'reopen', { reasons: '来电人不满意' })).body.code).toBe('INVALID_TRANSITION');

    const history = await http().get(`/api/v1/work-orders/${id}/history`).set(bearer(d.dispatcher.token));
    expect((history.body as { action: string }[]).map((h) => h.action)).toEqual(['register', 'sign', 'start', 'feed_back', 'verify_fail', 'feed_back', 'verify_pass', 'evaluate']);
    const audit = await db.query(`SELECT action FROM command_dispatch.audit_log WHERE resource_id = $1 ORDER BY seq`, [id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['work_order.register', 'work_order.sign', 'work_order.start', 'work_order.feed_back', 'work_order.verify_fail', 'work_order.feed_back', 'work_order.verify_pass', 'work_order.evaluate']);
    const closedEvents = await db.query(`SELECT count(*)::int AS n FROM command_dispatch.outbox WHERE subject LIKE '%workorder.closed%' AND payload::text LIKE $1`, [`%${id}%`]);
    expect(closedEvents.rows[0].n).toBe(1);
  });

  it('reopens (重办) an order the caller was dissatisfied with, with a new clock', async () => {
    const id = (await post(hotlineTicket(d.county.townA))).body.workOrderId as string;
    await step(d.handlerA.token, id, 'sign');
    await step(d.handlerA.token, id, 'feed-back', { reasons: '已处理' });
    await step(d.dispatcher.token, id, 'verify-pass');
    await step(d.dispatcher.token, id, 'evaluate', { satisfaction: 'dissatisfied' });
    const reopened = await step(d.dispatcher.token, id, 'reopen', { reasons: '来电人反映问题依旧' });
    expect(reopened.body).toMatchObject({ status: 'dispatched', unitId: d.unitA.id, satisfaction: null });
  });

  it('takes 退单 to arbitration: reassigned to another unit, or upheld back to the unit', async () => {
    const id = (await post(hotlineTicket(d.county.townA))).body.workOrderId as string;
    expect((await step(d.handlerA.token, id, 'return', {})).body.code).toBe('VALIDATION_FAILED');
    expect((await step(d.handlerA.token, id, 'return', { reasons: '不属于本单位职责,应由执法队办理' })).body.status).toBe('returned');
    expect((await step(d.handlerA.token, id, 'reassign', { unitId: d.unitA2.id, reasons: '改派' })).status).toBe(403);
    const reassigned = await step(d.dispatcher.token, id, 'reassign', { unitId: d.unitA2.id, reasons: '经仲裁改派综合执法队' });
    expect(reassigned.body).toMatchObject({ status: 'dispatched', unitId: d.unitA2.id, unitName: d.unitA2.name });
    expect((await step(d.handlerA2.token, id, 'sign')).body.status).toBe('signed');

    const other = (await post(hotlineTicket(d.county.townA))).body.workOrderId as string;
    await step(d.handlerA.token, other, 'return', { reasons: '认为不属本单位职责' });
    const upheld = await step(d.dispatcher.token, other, 'uphold', { reasons: '职责清单明确由城管办承担' });
    expect(upheld.body).toMatchObject({ status: 'dispatched', unitId: d.unitA.id });
  });

  it('decides an extension (延期) and parks (挂账) an order, the clock standing while parked', async () => {
    const id = (await post(hotlineTicket(d.county.townA))).body.workOrderId as string;
    await step(d.handlerA.token, id, 'sign');
    const before = (await get(d.dispatcher.token, id)).body;
    expect((await step(d.handlerA.token, id, 'request-extension', { reasons: '需协调市场监管部门', extension: 5 })).body.pendingExtension).toBe(5);
    expect((await step(d.handlerA.token, id, 'request-extension', { reasons: '再次申请', extension: 5 })).body.code).toBe('INVALID_TRANSITION');
    // The dispatcher's 延期 queue lists it (and only orders with an extension waiting) until decided.
    const waiting = await platform.http().get('/api/v1/work-orders').set(bearer(d.dispatcher.token)).query({ extensionPending: 'true', pageSize: 100 });
    expect(waiting.body.items.map((o: { id: string }) => o.id)).toContain(id);
    expect(waiting.body.items.every((o: { pendingExtension: number | null }) => o.pendingExtension !== null)).toBe(true);
    const approved = await step(d.dispatcher.token, id, 'approve-extension');
    expect(approved.body).toMatchObject({ pendingExtension: null, sla: { extension: 5 } });
    expect(Date.parse(approved.body.dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
    const decided = await platform.http().get('/api/v1/work-orders').set(bearer(d.dispatcher.token)).query({ extensionPending: 'true', pageSize: 100 });
    expect(decided.body.items.map((o: { id: string }) => o.id)).not.toContain(id);
    const parked = await step(d.dispatcher.token, id, 'park', { reasons: '涉及规划调整,暂不能解决' });
    expect(parked.body).toMatchObject({ status: 'parked', dueAt: null });
    const timers = await db.query(`SELECT count(*)::int AS n FROM command_dispatch.sla_timer WHERE work_order_id = $1`, [id]);
    expect(timers.rows[0].n).toBe(0);
    const unparked = await step(d.dispatcher.token, id, 'unpark', { reasons: '规划已明确' });
    expect(unparked.body.status).toBe('handling');
    expect(Date.parse(unparked.body.dueAt)).toBeGreaterThanOrEqual(Date.parse(approved.body.dueAt));
  });

  it('splits an order into sub-tasks for two units (协调联动), each with its own clock; the parent closes when both have', async () => {
    const id = (await post(hotlineTicket(d.county.townA))).body.workOrderId as string;
    const split = await step(d.dispatcher.token, id, 'split', { reasons: '需城管和执法队联合处置', subTasks: [{ unitId: d.unitA.id, task: '劝离摊贩并宣传' }, { unitId: d.unitA2.id, task: '对屡教不改者立案查处' }] });
    expect(split.body.status).toBe('linked');
    const subs = await http().get(`/api/v1/work-orders/${id}/sub-tasks`).set(bearer(d.dispatcher.token));
    expect(subs.status).toBe(200);
    expect((subs.body as { unitId: string }[]).map((s) => s.unitId).sort()).toEqual([d.unitA.id, d.unitA2.id].sort());
    for (const sub of subs.body as { id: string; dueAt: string; parentId: string; status: string }[]) expect(sub).toMatchObject({ parentId: id, status: 'dispatched', dueAt: expect.any(String) });
    const [first, second] = subs.body as { id: string; unitId: string }[];
    if (!first || !second) throw new Error('two sub-tasks expected');
    const handlerOf = (unitId: string) => (unitId === d.unitA.id ? d.handlerA : d.handlerA2);
    for (const sub of [first, second]) {
      await step(handlerOf(sub.unitId).token, sub.id, 'sign');
      await step(handlerOf(sub.unitId).token, sub.id, 'feed-back', { reasons: '已完成' });
    }
    await step(d.dispatcher.token, first.id, 'verify-pass');
    expect((await get(d.dispatcher.token, id)).body.status).toBe('linked');
    await step(d.dispatcher.token, second.id, 'verify-pass');
    expect((await get(d.dispatcher.token, id)).body.status).toBe('closed');
  });

  it('keeps each town to its own orders: town B\'s handler sees none of town A\'s in lists, and 404 for one', async () => {
    const id = (await post(hotlineTicket(d.county.townA))).body.workOrderId as string;
    expect((await get(d.handlerB.token, id)).status).toBe(404);
    const list = await http().get('/api/v1/work-orders').set(bearer(d.handlerB.token)).query({ pageSize: 100 });
    expect(list.status).toBe(200);
    expect((list.body.items as { townCode: string }[]).every((o) => o.townCode === d.county.townB)).toBe(true);
    const queue = await http().get('/api/v1/work-orders').set(bearer(d.dispatcher.token)).query({ status: 'dispatched', townCode: d.county.townA, pageSize: 5 });
    expect(queue.body.items.length).toBeGreaterThan(0);
  });

  it('leaves an order no duty list covers in the dispatchers\' queue, and a dispatcher routes it', async () => {
    const posted = await post(hotlineTicket(d.county.townA, { category: '12345.housing' }));
    const queued = (await get(d.dispatcher.token, posted.body.workOrderId)).body;
    expect(queued).toMatchObject({ status: 'pending_dispatch', unitId: null, dueAt: null });
    const queue = await http().get('/api/v1/work-orders').set(bearer(d.dispatcher.token)).query({ status: 'pending_dispatch', pageSize: 100 });
    expect((queue.body.items as { id: string }[]).map((o) => o.id)).toContain(queued.id);
    const routed = await step(d.dispatcher.token, queued.id, 'route', { unitId: d.unitA.id });
    expect(routed.body).toMatchObject({ status: 'dispatched', unitId: d.unitA.id, dueAt: expect.any(String) });
  });
});

describe('command dispatch taxonomy and limits, kept by the county admin (through the gateway)', () => {
  let platform: RunningPlatform;
  let d: DispatchCounty;

  beforeAll(async () => {
    platform = await startPlatform();
    d = await dispatchCounty(platform);
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('lists the default taxonomy, lets the county admin add a category routed by a duty and set limits, validated on save; a dispatcher cannot', async () => {
    const base = `/api/v1/counties/${d.county.countyCode}/dispatch`;
    const list = await platform.http().get(`${base}/categories`).set(bearer(d.dispatcher.token));
    expect(list.status).toBe(200);
    expect((list.body as { code: string }[]).map((c) => c.code)).toEqual(expect.arrayContaining(['12345.street_order', 'cm.component.public_facilities', 'cm.event.street_order']));

    expect((await platform.http().put(`${base}/categories/12345.night_market`).set(bearer(d.dispatcher.token)).send({ name: '夜市占道', kind: 'hotline' })).status).toBe(403);
    const tooLong = await platform.http().put(`${base}/categories/12345.night_market`).set(bearer(d.county.adminToken)).send({ name: '夜市占道', kind: 'hotline', slaUnit: 'working_days', slaAmount: 90 });
    expect(tooLong.status).toBe(400);
    const saved = await platform.http().put(`${base}/categories/12345.night_market`).set(bearer(d.county.adminToken)).send({ name: '夜市占道', kind: 'hotline', dutyCategory: '市容环境/占道经营', slaUnit: 'working_days', slaAmount: 2 });
    expect(saved.status).toBe(200);

    const settings = await platform.http().put(`${base}/settings`).set(bearer(d.county.adminToken)).send({ dueSoonHours: 2, resuperviseHours: 4, slaPolicies: { 'request.consultation': { unit: 'working_days', amount: 2 } } });
    expect(settings.status).toBe(200);
    expect(settings.body.slaPolicies).toMatchObject({ 'request.consultation': { unit: 'working_days', amount: 2 }, 'request.complaint': { unit: 'working_days', amount: 13 } });
    const badPolicy = await platform.http().put(`${base}/settings`).set(bearer(d.county.adminToken)).send({ dueSoonHours: 2, resuperviseHours: 4, slaPolicies: { 'request.gossip': { unit: 'working_days', amount: 2 } } });
    expect(badPolicy.status).toBe(400);

    const posted = await platform.http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(hotlineTicket(d.county.townA, { category: '12345.night_market' }));
    expect(posted.status).toBe(200);
    const order = await platform.http().get(`/api/v1/work-orders/${posted.body.workOrderId}`).set(bearer(d.dispatcher.token));
    expect(order.body).toMatchObject({ unitId: d.unitA.id, sla: { unit: 'working_days', amount: 2 }, categoryName: '夜市占道' });
  });
});
