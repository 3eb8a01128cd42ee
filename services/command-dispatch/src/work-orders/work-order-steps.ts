import { decideWorkOrderStep, type Satisfaction, type WorkOrderAction, type WorkOrderActor } from '@yiti/contracts';
import { DomainException, type WorkingDayCalendar } from '@yiti/platform';
import { dueAt, onTime, type ClockPause } from './sla';
import type { WorkOrderRow } from './work-order-row';

/** What a step carries, as the service read it (the unit already checked and named). */
export interface StepInput {
  action: WorkOrderAction;
  roles: readonly WorkOrderActor[];
  /** The actor's organisation (unit steps are the assigned unit's). */
  organisationId: string | null;
  reasons?: string;
  unit?: { id: string; name: string; townCode: string | null };
  extension?: number;
  satisfaction?: Satisfaction;
  subTasks?: number;
  now: Date;
}

export interface StepPlan {
  after: WorkOrderRow;
  /** The order was (re)dispatched to a unit. */
  dispatched: boolean;
  closed: boolean;
}

/**
 * One step on an order, planned before anything is written: the lifecycle table decides whether it
 * is allowed (INVALID_TRANSITION, FORBIDDEN_ROLE, NOT_ASSIGNED_UNIT, VALIDATION_FAILED), then the
 * clock effect and what the step records give the order after it.
 */
export function planWorkOrderStep(row: WorkOrderRow, input: StepInput, calendar: WorkingDayCalendar): StepPlan {
  const now = input.now;
  const due = row.due_at ? new Date(row.due_at) : null;
  const decision = decideWorkOrderStep(row.status, input.action, input.roles, {
    reasons: input.reasons,
    unitId: input.unit?.id,
    extension: input.action === 'request_extension' ? input.extension : undefined,
    extensionPending: row.pending_extension !== null,
    satisfaction: input.satisfaction,
    recordedSatisfaction: row.satisfaction,
    subTasks: input.subTasks,
    actorIsAssignedUnit: input.organisationId !== null && input.organisationId === row.unit_id,
    overdue: due !== null && due.getTime() < now.getTime(),
  });
  if (!decision.ok) throw new DomainException(decision.code, decision.detail);

  const after: WorkOrderRow = { ...row, status: decision.to, updated_at: now, version: row.version + 1 };
  const clock = () => ({ limit: { unit: after.sla_unit, amount: after.sla_amount }, extension: after.extension, startedAt: after.clock_started_at as Date, pauses: after.pauses });
  switch (decision.clock) {
    case 'start':
      after.clock_started_at = now;
      after.pauses = [];
      after.extension = 0;
      after.pending_extension = null;
      after.due_at = dueAt(calendar, clock(), undefined, now);
      break;
    case 'pause':
      after.pauses = [...row.pauses, { from: now.toISOString() }];
      after.due_at = null;
      break;
    case 'resume':
      after.pauses = row.pauses.map((p: ClockPause) => (p.to ? p : { ...p, to: now.toISOString() }));
      after.due_at = after.clock_started_at ? dueAt(calendar, clock(), undefined, now) : null;
      break;
    case 'extend':
      after.extension = row.extension + (row.pending_extension ?? 0);
      after.pending_extension = null;
      after.extended_count = row.extended_count + 1;
      after.due_at = after.clock_started_at ? dueAt(calendar, clock(), undefined, now) : null;
      break;
    case 'stop':
    case 'none':
      break;
  }

  switch (input.action) {
    case 'route':
    case 'reassign':
      after.unit_id = input.unit?.id ?? null;
      after.unit_name = input.unit?.name ?? null;
      if (input.unit?.townCode && !row.town_code) after.town_code = input.unit.townCode;
      break;
    case 'request_extension':
      after.pending_extension = input.extension ?? null;
      break;
    case 'refuse_extension':
      after.pending_extension = null;
      break;
    case 'feed_back':
      after.feedback_at = now;
      break;
    case 'verify_fail':
      after.rework_count = row.rework_count + 1;
      after.feedback_at = null;
      break;
    case 'verify_pass':
    case 'close_linked':
      after.closed_at = now;
      after.closed_on_time = onTime(due, row.feedback_at ? new Date(row.feedback_at) : now);
      break;
    case 'evaluate':
      after.satisfaction = input.satisfaction ?? null;
      break;
    case 'reopen':
      after.closed_at = null;
      after.closed_on_time = null;
      after.feedback_at = null;
      after.satisfaction = null;
      break;
    case 'approve_extension':
    case 'cancel':
    case 'park':
    case 'return':
    case 'sign':
    case 'split':
    case 'start':
    case 'unpark':
    case 'uphold':
      break;
  }
  const dispatched = ['route', 'reassign', 'uphold', 'reopen'].includes(input.action);
  return { after, dispatched, closed: after.status === 'closed' && row.status !== 'closed' };
}
