import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { COMMAND_DISPATCH_SERVICE, SlaTimers } from '@yiti/command-dispatch-service';
import { bearer, startPlatform, startService, TEST_DATABASE_URL, type RunningPlatform } from '@yiti/testing';
import { dispatchCounty, hotlineTicket, type DispatchCounty } from './command-dispatch-fixtures';

const DAY_MS = 24 * 3600 * 1000;

/**
 * SLA timers with two command-dispatch instances running: an order past its limit gets exactly one
 * automatic 督办 (and escalation), again only after the configured period; a due-soon warning fires
 * once; a calendar change recomputes due times.
 */
describe('command dispatch SLA: 督办 exactly once with two instances', () => {
  let platform: RunningPlatform;
  let second: INestApplication;
  let d: DispatchCounty;
  let db: Client;
  let timersA: SlaTimers;
  let timersB: SlaTimers;

  const newOrder = async (): Promise<string> => {
    const res = await platform.http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(hotlineTicket(d.county.townA));
    expect(res.status).toBe(200);
    return res.body.workOrderId as string;
  };
  const supervisions = async (id: string) => (await db.query(`SELECT round, escalated_to FROM command_dispatch.supervision WHERE work_order_id = $1 ORDER BY round`, [id])).rows as { round: number; escalated_to: string }[];
  const events = async (id: string, name: string) => (await db.query(`SELECT count(*)::int AS n FROM command_dispatch.outbox WHERE subject LIKE $1 AND payload::text LIKE $2`, [`%.${name}.%`, `%${id}%`])).rows[0].n as number;

  beforeAll(async () => {
    platform = await startPlatform({ SLA_SCAN_MS: '0' });
    second = await startService(COMMAND_DISPATCH_SERVICE, { SLA_SCAN_MS: '0' });
    const first = platform.services[COMMAND_DISPATCH_SERVICE.name];
    if (!first) throw new Error('command-dispatch is not running');
    timersA = first.get(SlaTimers);
    timersB = second.get(SlaTimers);
    d = await dispatchCounty(platform);
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
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
});
