import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COMMAND_DISPATCH_EVENTS } from '@yiti/contracts';
import { AuthorityEvents, CalendarSource } from '@yiti/authority-client';
import { Metrics, registerTimerBacklog, SERVICE_CONFIG, UnitOfWork, type Transaction } from '@yiti/platform';
import type { CommandDispatchConfig } from '../config';
import { CountySettings } from '../work-orders/county-settings';
import { dueAt } from '../work-orders/sla';
import { timerFor } from '../work-orders/sla-timer-rows';
import { eventBase, publish, recordStep } from '../work-orders/work-order-events';
import type { WorkOrderRow } from '../work-orders/work-order-row';

/** Timers one scan claims at most (the rest wait for the next scan, a moment later). */
export const SLA_SCAN_BATCH = 200;
const RECOMPUTE_PAGE_SIZE = 500;

export interface TimerRow {
  work_order_id: string;
  kind: 'due_soon' | 'overdue';
  round: number;
}

/** What one scan does with the timers it claimed: decided in memory, written set-based. */
export interface FiringPlan {
  /** Timers no longer needed (closed, parked, fed back). */
  drop: string[];
  /** Timers to set anew: after a warning, after a notice, or when the limit moved. */
  rearm: { id: string; kind: 'due_soon' | 'overdue'; fireAt: Date; round: number }[];
  /** Orders to warn (临期预警). */
  warn: WorkOrderRow[];
  /** Orders to supervise (督办), with the round of the notice. */
  supervise: { order: WorkOrderRow; round: number }[];
}

/**
 * The firing of claimed timers, as a plain decision: a due-soon timer warns and waits for the limit;
 * an overdue one past the limit supervises (the next round) and waits the county's period; one
 * whose limit moved waits for it; one whose order needs none is dropped.
 */
export function planFirings(
  claimed: readonly { timer: TimerRow; order: WorkOrderRow }[],
  now: Date,
  settingsOf: (county: string) => { dueSoonHours: number },
  nextNoticeAt: (county: string) => Date,
): FiringPlan {
  const plan: FiringPlan = { drop: [], rearm: [], warn: [], supervise: [] };
  for (const { timer, order } of claimed) {
    const expected = timerFor(order, settingsOf(order.county_code).dueSoonHours, now);
    if (!expected) {
      plan.drop.push(order.id);
      continue;
    }
    const due = new Date(order.due_at as Date);
    if (timer.kind === 'due_soon') {
      plan.warn.push(order);
      plan.rearm.push({ id: order.id, kind: 'overdue', fireAt: due, round: timer.round });
      continue;
    }
    if (due.getTime() > now.getTime()) {
      plan.rearm.push({ id: order.id, kind: expected.kind, fireAt: expected.fireAt, round: timer.round });
      continue;
    }
    const round = order.supervision_count + 1;
    plan.supervise.push({ order, round });
    plan.rearm.push({ id: order.id, kind: 'overdue', fireAt: nextNoticeAt(order.county_code), round });
  }
  return plan;
}

/** The level a 督办 escalates to: the town's leadership first, then the county's. */
export const escalationOf = (round: number): 'town' | 'county' => (round <= 1 ? 'town' : 'county');

/**
 * Whom a notice of `round` is addressed to: the level, and the jurisdiction whose leadership reads it
 * (the order's town for the town's level, the county for the county's or when the order has no town).
 */
export function addresseeOf(order: Pick<WorkOrderRow, 'town_code' | 'county_code'>, round: number): { level: 'town' | 'county'; addresseeCode: string } {
  const level = escalationOf(round);
  return { level, addresseeCode: level === 'town' && order.town_code ? order.town_code : order.county_code };
}

/**
 * The SLA clocks' timers (one row per open order whose clock runs): a scan claims the due ones
 * with FOR UPDATE SKIP LOCKED (so several instances never fire one twice), and in the same
 * transaction warns (临期预警), supervises an overdue order (督办: one notice per round, the
 * supervision key refusing a second) and escalates, and sets the next firing. A calendar change
 * recomputes open orders' due times.
 */
@Injectable()
export class SlaTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SlaTimers.name);
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<unknown> = Promise.resolve();
  private recomputing: Promise<unknown> = Promise.resolve();
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly calendars: CalendarSource,
    private readonly settings: CountySettings,
    @Inject(SERVICE_CONFIG) private readonly config: CommandDispatchConfig,
    authorityEvents: AuthorityEvents,
    metrics: Metrics,
  ) {
    // The SLA timers due and not fired (a scan claims them within SLA_SCAN_MS): yiti_timer_overdue{timer="dispatch_sla"}.
    registerTimerBacklog(metrics, dataSource, {
      timer: 'dispatch_sla',
      sql: `SELECT count(*)::int AS overdue, coalesce(extract(epoch FROM now() - min(fire_at)), 0)::float AS oldest_seconds FROM command_dispatch.sla_timer WHERE fire_at <= now()`,
    });
    authorityEvents.onCalendarChanged(() => {
      this.recomputing = this.recomputing.then(() => this.recomputeDueTimes()).catch((err: unknown) => this.logger.error({ err }, 'due times not recomputed after a calendar change'));
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.calendars.reload();
    if (this.config.SLA_SCAN_MS > 0) this.timer = setInterval(() => this.tick(), this.config.SLA_SCAN_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
    await this.recomputing;
  }

  private tick(): void {
    this.scanning = this.scanning.then(() => this.scanOnce()).catch((err: unknown) => this.logger.error({ err }, 'SLA timer scan failed'));
  }

  /**
   * One scan: the timers due by `now`, claimed and fired in one transaction, their writes in a few
   * set-based statements whatever their number. Returns how many fired (warnings and notices).
   */
  async scanOnce(now = new Date(), limit = SLA_SCAN_BATCH): Promise<number> {
    return this.uow.run(async (tx) => {
      const timers: TimerRow[] = await tx.em.query(
        `SELECT work_order_id, kind, round FROM command_dispatch.sla_timer WHERE fire_at <= $1 ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, limit],
      );
      if (timers.length === 0) return 0;
      // The orders too, skipping those a step holds (their timer is re-armed by that step; the rest wait for the next scan).
      const orders: WorkOrderRow[] = await tx.em.query(`SELECT * FROM command_dispatch.work_order WHERE id = ANY($1) FOR UPDATE SKIP LOCKED`, [timers.map((t) => t.work_order_id)]);
      const byId = new Map(orders.map((o) => [o.id, o]));
      for (const county of new Set(orders.map((o) => o.county_code))) await this.settings.of(county);
      const claimed = timers.flatMap((timer) => {
        const order = byId.get(timer.work_order_id);
        return order ? [{ timer, order }] : [];
      });
      const plan = planFirings(claimed, now, (county) => this.settings.cached(county), (county) => this.calendars.addWorkingHours(now, this.settings.cached(county).resuperviseHours));
      return this.write(tx, plan, now);
    });
  }

  private async write(tx: Transaction, plan: FiringPlan, now: Date): Promise<number> {
    if (plan.drop.length > 0) await tx.em.query(`DELETE FROM command_dispatch.sla_timer WHERE work_order_id = ANY($1)`, [plan.drop]);
    if (plan.rearm.length > 0) {
      await tx.em.query(
        `UPDATE command_dispatch.sla_timer t SET kind = v.kind, fire_at = v.fire_at, round = v.round
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[]) AS v(id, kind, fire_at, round) WHERE t.work_order_id = v.id`,
        [plan.rearm.map((r) => r.id), plan.rearm.map((r) => r.kind), plan.rearm.map((r) => r.fireAt), plan.rearm.map((r) => r.round)],
      );
    }
    for (const order of plan.warn) publish(tx, COMMAND_DISPATCH_EVENTS.workOrderDueSoon, eventBase(order, now));
    if (plan.supervise.length === 0) return plan.warn.length;
    // The key (work_order_id, round) refuses a notice already issued: only those inserted now count.
    // Each notice names whom it is addressed to: the level, its jurisdiction and the unit that handles the order.
    const addressed = plan.supervise.map((s) => ({ ...s, ...addresseeOf(s.order, s.round) }));
    const inserted: { work_order_id: string }[] = await tx.em.query(
      `INSERT INTO command_dispatch.supervision (id, work_order_id, round, escalated_to, due_at, issued_at, county_code, town_code, unit_id, unit_name, addressee_code)
       SELECT gen_random_uuid(), v.id, v.round, v.escalated_to, v.due_at, $5, v.county_code, v.town_code, v.unit_id, v.unit_name, v.addressee_code
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[], $6::text[], $7::text[], $8::uuid[], $9::text[], $10::text[]) AS v(id, round, escalated_to, due_at, county_code, town_code, unit_id, unit_name, addressee_code)
       ON CONFLICT (work_order_id, round) DO NOTHING RETURNING work_order_id`,
      [
        addressed.map((s) => s.order.id),
        addressed.map((s) => s.round),
        addressed.map((s) => s.level),
        addressed.map((s) => s.order.due_at),
        now,
        addressed.map((s) => s.order.county_code),
        addressed.map((s) => s.order.town_code),
        addressed.map((s) => s.order.unit_id),
        addressed.map((s) => s.order.unit_name),
        addressed.map((s) => s.addresseeCode),
      ],
    );
    const issued = new Set(inserted.map((r) => r.work_order_id));
    const notices = plan.supervise.filter((s) => issued.has(s.order.id));
    if (notices.length === 0) return plan.warn.length;
    await tx.em.query(
      `UPDATE command_dispatch.work_order o SET supervision_count = v.round, updated_at = $3, version = o.version + 1 FROM unnest($1::uuid[], $2::int[]) AS v(id, round) WHERE o.id = v.id`,
      [notices.map((s) => s.order.id), notices.map((s) => s.round), now],
    );
    for (const { order, round } of notices) {
      const escalatedTo = escalationOf(round);
      const after: WorkOrderRow = { ...order, supervision_count: round, updated_at: now, version: order.version + 1 };
      recordStep(tx, after, 'supervise', order.status, null, { reasons: `超期自动督办(第${round}次),升级至${escalatedTo === 'town' ? '乡镇' : '县级'}领导 Overdue: supervision notice ${round}, escalated to the ${escalatedTo}`, round, escalatedTo }, now);
      publish(tx, COMMAND_DISPATCH_EVENTS.workOrderSupervised, { ...eventBase(after, now), round, escalatedTo });
    }
    return plan.warn.length + notices.length;
  }

  /** How many timers are armed (open orders whose clock runs). */
  openTimerCount(): Promise<{ open: number }[]> {
    return this.dataSource.query(`SELECT count(*)::int AS open FROM command_dispatch.sla_timer`);
  }

  /**
   * After a calendar change: every open order whose clock runs gets its due time from its clock
   * again, and its timer with it; only moved ones are written. Returns how many moved.
   */
  async recomputeDueTimes(): Promise<number> {
    const calendar = this.calendars.current();
    let moved = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const ids: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM command_dispatch.work_order WHERE id > $1 AND due_at IS NOT NULL AND status IN ('dispatched', 'returned', 'signed', 'handling', 'rework') ORDER BY id LIMIT $2`,
        [after, RECOMPUTE_PAGE_SIZE],
      );
      if (ids.length === 0) return moved;
      after = (ids[ids.length - 1] as { id: string }).id;
      moved += await this.uow.run(async (tx) => {
        const rows: WorkOrderRow[] = await tx.em.query(`SELECT * FROM command_dispatch.work_order WHERE id = ANY($1) FOR UPDATE`, [ids.map((r) => r.id)]);
        let changed = 0;
        for (const row of rows) {
          if (!row.clock_started_at || !row.due_at) continue;
          const due = dueAt(calendar, { limit: { unit: row.sla_unit, amount: row.sla_amount }, extension: row.extension, startedAt: new Date(row.clock_started_at), pauses: row.pauses });
          if (!due || due.getTime() === new Date(row.due_at).getTime()) continue;
          await tx.em.query(`UPDATE command_dispatch.work_order SET due_at = $2 WHERE id = $1`, [row.id, due]);
          await this.settings.of(row.county_code);
          const timer = timerFor({ ...row, due_at: due }, this.settings.cached(row.county_code).dueSoonHours);
          if (timer) await tx.em.query(`UPDATE command_dispatch.sla_timer SET kind = $2, fire_at = $3 WHERE work_order_id = $1`, [row.id, timer.kind, timer.fireAt]);
          changed++;
        }
        return changed;
      });
    }
  }
}
