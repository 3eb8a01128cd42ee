import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { COMMAND_DISPATCH_EVENTS, statusOf, type Actor, type RegisterWorkOrderRequest, type WorkOrderStepCommand, type WorkOrderView } from '@yiti/contracts';
import { AuthorityClient, CalendarSource } from '@yiti/authority-client';
import { DomainException, UnitOfWork, assertRole, assertWithin, type Transaction } from '@yiti/platform';
import { CountySettings } from './county-settings';
import { timerFor } from './sla-timer-rows';
import { WorkOrderIntake } from './work-order-intake';
import { eventBase, publication, publishAll, recordStep } from './work-order-events';
import { WorkOrderQueries } from './work-order-queries';
import { toWorkOrderView, type WorkOrderRow } from './work-order-row';
import { planWorkOrderStep, type StepInput } from './work-order-steps';

const SUB_TASK_CLOSED = ['closed', 'evaluated', 'cancelled'];

/**
 * The steps that change an order: a dispatcher's registration, every step of the closed loop, the
 * split into sub-tasks (协调联动). Each is planned by the lifecycle table on the locked row, then
 * written with its history, audit entry, timer and workorder.* events in one transaction.
 */
@Injectable()
export class WorkOrderCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
    private readonly calendars: CalendarSource,
    private readonly settings: CountySettings,
    private readonly intake: WorkOrderIntake,
    private readonly queries: WorkOrderQueries,
  ) {}

  /** 调度员登记: a dispatcher registers an order taken by the centre itself. */
  async register(actor: Actor, request: RegisterWorkOrderRequest): Promise<WorkOrderView> {
    assertRole(actor, ['dispatcher'], '登记工单 Registering a work order');
    assertWithin(actor, request.townCode);
    const county = request.townCode.slice(0, 6);
    const { row } = await this.intake.createFromInternalSource({
      countyCode: county,
      channel: 'manual',
      sourceRef: null,
      category: request.category,
      urgency: request.urgency,
      requestType: request.requestType ?? null,
      townCode: request.townCode,
      title: request.title,
      description: request.description,
      address: request.address ?? null,
      location: request.location ?? null,
      caller: request.caller ?? null,
      createdBy: actor.userId,
    });
    return toWorkOrderView(row);
  }

  /** One step of the closed loop by a user who sees the order. */
  async step(actor: Actor, command: WorkOrderStepCommand): Promise<WorkOrderView> {
    if (command.action === 'close_linked') throw new DomainException('FORBIDDEN_ROLE', '主工单在子任务全部办结时自动结案 A linked order closes by itself when its sub-tasks have');
    const existing = await this.queries.findVisible(actor, command.id);
    const unit = command.unitId && (command.action === 'route' || command.action === 'reassign') ? await this.unitOf(existing, command.unitId) : undefined;
    if (command.action === 'split') return this.split(actor, existing, command);
    const now = new Date();
    await this.settings.of(existing.county_code);
    const after = await this.uow.run(async (tx) => {
      const row = await this.lock(tx.em, command.id);
      const input: StepInput = { action: command.action, roles: actor.roles, organisationId: actor.organisationId || null, reasons: command.reasons, unit, extension: command.extension, satisfaction: command.satisfaction, now };
      return this.advance(tx, row, input, actor.userId);
    });
    return toWorkOrderView(after);
  }

  /**
   * A planned step on a locked order, written: the row, its history and audit entry, its timer,
   * its events; a sub-task's closing closes its parent when it was the last one open.
   */
  async advance(tx: Transaction, row: WorkOrderRow, input: StepInput, actorId: string | null): Promise<WorkOrderRow> {
    const plan = planWorkOrderStep(row, input, this.calendars.current());
    const after = plan.after;
    await this.save(tx.em, after);
    recordStep(tx, after, input.action, row.status, actorId, { reasons: input.reasons ?? null, ...(input.unit ? { unitName: input.unit.name } : {}), ...(input.extension ? { extension: input.extension } : {}), ...(input.satisfaction ? { satisfaction: input.satisfaction } : {}) }, input.now);
    const base = eventBase(after, input.now);
    publishAll(tx, [
      publication(COMMAND_DISPATCH_EVENTS.workOrderStatusChanged, { ...base, action: input.action, from: row.status }),
      ...(plan.dispatched ? [publication(COMMAND_DISPATCH_EVENTS.workOrderDispatched, { ...base, routedBy: input.action === 'route' ? 'dispatcher' : 'arbitration' })] : []),
      ...(plan.closed ? [publication(COMMAND_DISPATCH_EVENTS.workOrderClosed, { ...base, onTime: after.closed_on_time ?? true, reworkCount: after.rework_count })] : []),
    ]);
    await this.rearm(tx.em, after);
    if (plan.closed && after.parent_id) await this.closeParentIfDone(tx, after.parent_id, input.now);
    return after;
  }

  /** 协调联动: the order splits into sub-tasks for several units, each dispatched with its own clock. */
  private async split(actor: Actor, existing: WorkOrderRow, command: WorkOrderStepCommand): Promise<WorkOrderView> {
    const tasks = command.subTasks ?? [];
    const units = await Promise.all(tasks.map((t) => this.unitOf(existing, t.unitId)));
    const prepared = await Promise.all(
      tasks.map((task, i) =>
        this.intake.prepare({
          countyCode: existing.county_code,
          channel: existing.channel,
          sourceRef: `linkage:${existing.id}:${i + 1}`,
          category: existing.category,
          urgency: existing.urgency,
          requestType: existing.request_type,
          townCode: units[i]?.townCode ?? existing.town_code,
          title: `${existing.title}(子任务 ${i + 1})`,
          description: task.task,
          address: existing.address,
          location: existing.lng !== null && existing.lat !== null ? { lng: existing.lng, lat: existing.lat } : null,
          gridCode: existing.grid_code,
          unit: units[i] ? { id: units[i].id, name: units[i].name } : null,
          createdBy: actor.userId,
          parentId: existing.id,
          subTask: task.task,
        }),
      ),
    );
    const now = new Date();
    const after = await this.uow.run(async (tx) => {
      const row = await this.lock(tx.em, existing.id);
      const parent = await this.advance(tx, row, { action: 'split', roles: actor.roles, organisationId: actor.organisationId || null, reasons: command.reasons, subTasks: tasks.length, now }, actor.userId);
      for (const child of prepared) this.intake.stageNew(tx, { ...child.row, parent_id: parent.id }, child.route, 'linkage');
      return parent;
    });
    return toWorkOrderView(after);
  }

  /** When the last open sub-task closes, the parent closes (the parent row is locked first: two closing sub-tasks take turns). */
  private async closeParentIfDone(tx: Transaction, parentId: string, now: Date): Promise<void> {
    const parent = await this.lock(tx.em, parentId);
    if (parent.status !== 'linked') return;
    const [{ open }]: { open: number }[] = await tx.em.query(`SELECT count(*)::int AS open FROM command_dispatch.work_order WHERE parent_id = $1 AND status <> ALL($2)`, [parentId, SUB_TASK_CLOSED]);
    if (open > 0) return;
    await this.advance(tx, parent, { action: 'close_linked', roles: ['system'], organisationId: null, now }, null);
  }

  /** A unit (organisation) of the order's county, with its town when it is a town's. */
  private async unitOf(order: WorkOrderRow, unitId: string): Promise<{ id: string; name: string; townCode: string | null }> {
    const organisation = await this.authority.organisation(unitId).catch((error: unknown) => {
      if (error instanceof DomainException && statusOf(error.code) === 404) return null;
      throw error;
    });
    if (!organisation || !organisation.jurisdictionCode.startsWith(order.county_code)) {
      throw new DomainException('WORK_ORDER_UNIT_INVALID', `承办单位须为本县机构 The handling unit must be an organisation of county ${order.county_code}`, [{ field: 'unitId', messages: [`not an organisation of ${order.county_code}`] }]);
    }
    const code = organisation.jurisdictionCode;
    return { id: organisation.id, name: organisation.name, townCode: code.length >= 9 ? code.slice(0, 9) : null };
  }

  async lock(em: EntityManager, id: string): Promise<WorkOrderRow> {
    const rows: WorkOrderRow[] = await em.query(`SELECT * FROM command_dispatch.work_order WHERE id = $1 FOR UPDATE`, [id]);
    const row = rows[0];
    if (!row) throw new DomainException('WORK_ORDER_NOT_FOUND', `工单 ${id} 不存在 Work order ${id} not found`);
    return row;
  }

  private async save(em: EntityManager, row: WorkOrderRow): Promise<void> {
    await em.query(
      `UPDATE command_dispatch.work_order SET status = $2, town_code = $3, unit_id = $4, unit_name = $5, extension = $6, pending_extension = $7, clock_started_at = $8, pauses = $9,
         due_at = $10, feedback_at = $11, closed_at = $12, closed_on_time = $13, rework_count = $14, extended_count = $15, supervision_count = $16, satisfaction = $17, updated_at = $18, version = $19
       WHERE id = $1`,
      [row.id, row.status, row.town_code, row.unit_id, row.unit_name, row.extension, row.pending_extension, row.clock_started_at, JSON.stringify(row.pauses), row.due_at, row.feedback_at, row.closed_at, row.closed_on_time, row.rework_count, row.extended_count, row.supervision_count, row.satisfaction, row.updated_at, row.version],
    );
  }

  /** The order's one timer, as its state and clock now need it. */
  async rearm(em: EntityManager, row: WorkOrderRow): Promise<void> {
    const timer = timerFor(row, this.settings.cached(row.county_code).dueSoonHours, row.updated_at);
    if (!timer) {
      await em.query(`DELETE FROM command_dispatch.sla_timer WHERE work_order_id = $1`, [row.id]);
      return;
    }
    await em.query(
      `INSERT INTO command_dispatch.sla_timer (work_order_id, kind, fire_at, round) VALUES ($1, $2, $3, $4)
       ON CONFLICT (work_order_id) DO UPDATE SET kind = EXCLUDED.kind, fire_at = EXCLUDED.fire_at, round = EXCLUDED.round`,
      [row.id, timer.kind, timer.fireAt, timer.round],
    );
  }
}
