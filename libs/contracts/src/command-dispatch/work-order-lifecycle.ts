import type { Role } from '../identity/roles';

/**
 * States of a work order (工单) at the command and dispatch centre (指挥调度一中心). The handling clock
 * (SLA) starts at dispatch, stops while an approved extension says so or while the order is parked
 * (挂账), and ends at the handling unit's feedback that passes verification.
 */
export const WORK_ORDER_STATES = [
  'pending_dispatch',
  'dispatched',
  'returned',
  'signed',
  'handling',
  'parked',
  'feedback',
  'rework',
  'linked',
  'closed',
  'evaluated',
  'cancelled',
] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];
export const WORK_ORDER_STATE_LABELS: Record<WorkOrderState, string> = {
  pending_dispatch: '待派遣(调度员队列) Waiting for a dispatcher',
  dispatched: '已派遣(待签收) Dispatched',
  returned: '已退单(待仲裁) Returned, awaiting arbitration',
  signed: '已签收 Signed for',
  handling: '处置中 Handling',
  parked: '挂账 Parked',
  feedback: '已反馈(待核查) Fed back, awaiting verification',
  rework: '返工 Rework',
  linked: '协调联动中(子任务办理中) Split into sub-tasks',
  closed: '已结案 Closed',
  evaluated: '已回访 Evaluated',
  cancelled: '已作废 Cancelled',
};

/** The states in which an order is still open: its clock and timers concern it. */
export const OPEN_WORK_ORDER_STATES: readonly WorkOrderState[] = ['pending_dispatch', 'dispatched', 'returned', 'signed', 'handling', 'parked', 'feedback', 'rework', 'linked'];

export const WORK_ORDER_ACTIONS = [
  'route',
  'sign',
  'return',
  'reassign',
  'uphold',
  'start',
  'feed_back',
  'verify_pass',
  'verify_fail',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'park',
  'unpark',
  'split',
  'close_linked',
  'evaluate',
  'reopen',
  'cancel',
] as const;
export type WorkOrderAction = (typeof WORK_ORDER_ACTIONS)[number];
export const WORK_ORDER_ACTION_LABELS: Record<WorkOrderAction, string> = {
  route: '派遣 Route to a unit',
  sign: '签收 Sign for',
  return: '退单 Return (with reasons)',
  reassign: '仲裁改派 Arbitration: reassign',
  uphold: '仲裁维持 Arbitration: uphold the dispatch',
  start: '开始处置 Start handling',
  feed_back: '处置反馈 Feed back',
  verify_pass: '核查通过并结案 Verification passed: closed (结案)',
  verify_fail: '核查不通过(返工) Verification failed: rework',
  request_extension: '申请延期 Request an extension',
  approve_extension: '批准延期 Approve the extension',
  refuse_extension: '不予延期 Refuse the extension',
  park: '挂账 Park (with reasons)',
  unpark: '解除挂账 Unpark',
  split: '协调联动(拆分子任务) Split into sub-tasks',
  close_linked: '子任务全部办结 All sub-tasks closed',
  evaluate: '回访评价 Return visit',
  reopen: '重办 Reopen on dissatisfaction',
  cancel: '作废 Cancel (duplicate or invalid)',
};

/**
 * What a step does to the handling clock: `start` at dispatch (a new limit from now); `pause` /
 * `resume` around 挂账; `extend` adds the approved extension; `stop` ends it (verification passed,
 * closing, cancelling).
 */
export type WorkOrderClockEffect = 'none' | 'start' | 'pause' | 'resume' | 'extend' | 'stop';

/** What a step must carry besides the state and the role. */
export type WorkOrderRequirement = 'reasons' | 'unit' | 'extension' | 'pending_extension' | 'no_pending_extension' | 'satisfaction' | 'sub_tasks' | 'assigned_unit' | 'dissatisfied' | 'before_due';

/** Who takes a step: a role, or the platform itself. */
export type WorkOrderActor = Role | 'system';

export interface WorkOrderTransition {
  to: WorkOrderState;
  by: WorkOrderActor;
  clock: WorkOrderClockEffect;
  requires: WorkOrderRequirement[];
}

const step = (to: WorkOrderState, by: WorkOrderActor, clock: WorkOrderClockEffect, ...requires: WorkOrderRequirement[]): WorkOrderTransition => ({ to, by, clock, requires });

/** 延期申请: the handling unit asks, before the limit, with reasons; the state stays. */
const requestExtension = (state: WorkOrderState) => step(state, 'work_order_handler', 'none', 'assigned_unit', 'reasons', 'extension', 'no_pending_extension', 'before_due');

/**
 * The work-order lifecycle: state × action → next state, the role allowed and the clock effect.
 * Any pair not listed is illegal (INVALID_TRANSITION → 409). Dispatchers (调度员) route, arbitrate,
 * verify (核查), approve extensions, park, close and make the return visit (回访); the handling unit's
 * handlers (工单承办人员) sign, return, handle and feed back. `request_extension` keeps the state
 * (延期 is asked and decided without leaving the state).
 */
export const WORK_ORDER_TRANSITIONS: Record<WorkOrderState, Partial<Record<WorkOrderAction, WorkOrderTransition>>> = {
  pending_dispatch: {
    route: step('dispatched', 'dispatcher', 'start', 'unit'),
    split: step('linked', 'dispatcher', 'none', 'sub_tasks'),
    cancel: step('cancelled', 'dispatcher', 'stop', 'reasons'),
  },
  dispatched: {
    sign: step('signed', 'work_order_handler', 'none', 'assigned_unit'),
    return: step('returned', 'work_order_handler', 'none', 'assigned_unit', 'reasons'),
    route: step('dispatched', 'dispatcher', 'start', 'unit'),
    split: step('linked', 'dispatcher', 'none', 'sub_tasks'),
    cancel: step('cancelled', 'dispatcher', 'stop', 'reasons'),
  },
  returned: {
    reassign: step('dispatched', 'dispatcher', 'start', 'unit', 'reasons'),
    uphold: step('dispatched', 'dispatcher', 'none', 'reasons'),
    split: step('linked', 'dispatcher', 'none', 'sub_tasks'),
    cancel: step('cancelled', 'dispatcher', 'stop', 'reasons'),
  },
  signed: {
    start: step('handling', 'work_order_handler', 'none', 'assigned_unit'),
    return: step('returned', 'work_order_handler', 'none', 'assigned_unit', 'reasons'),
    feed_back: step('feedback', 'work_order_handler', 'none', 'assigned_unit', 'reasons'),
    request_extension: requestExtension('signed'),
    approve_extension: step('signed', 'dispatcher', 'extend', 'pending_extension'),
    refuse_extension: step('signed', 'dispatcher', 'none', 'pending_extension', 'reasons'),
    park: step('parked', 'dispatcher', 'pause', 'reasons'),
  },
  handling: {
    feed_back: step('feedback', 'work_order_handler', 'none', 'assigned_unit', 'reasons'),
    request_extension: requestExtension('handling'),
    approve_extension: step('handling', 'dispatcher', 'extend', 'pending_extension'),
    refuse_extension: step('handling', 'dispatcher', 'none', 'pending_extension', 'reasons'),
    park: step('parked', 'dispatcher', 'pause', 'reasons'),
  },
  rework: {
    feed_back: step('feedback', 'work_order_handler', 'none', 'assigned_unit', 'reasons'),
    request_extension: requestExtension('rework'),
    approve_extension: step('rework', 'dispatcher', 'extend', 'pending_extension'),
    refuse_extension: step('rework', 'dispatcher', 'none', 'pending_extension', 'reasons'),
    park: step('parked', 'dispatcher', 'pause', 'reasons'),
  },
  parked: {
    unpark: step('handling', 'dispatcher', 'resume', 'reasons'),
    cancel: step('cancelled', 'dispatcher', 'stop', 'reasons'),
  },
  feedback: {
    verify_pass: step('closed', 'dispatcher', 'stop'),
    verify_fail: step('rework', 'dispatcher', 'none', 'reasons'),
  },
  linked: {
    close_linked: step('closed', 'system', 'stop'),
  },
  closed: {
    evaluate: step('evaluated', 'dispatcher', 'none', 'satisfaction'),
  },
  evaluated: {
    reopen: step('dispatched', 'dispatcher', 'start', 'dissatisfied', 'reasons'),
  },
  cancelled: {},
};

/** 满意度 Satisfaction at the return visit (回访). */
export const SATISFACTION_LEVELS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

/** What the caller knows about the order and the request, checked against the step's requirements. */
export interface WorkOrderFacts {
  reasons?: string;
  /** route, reassign: the unit named. */
  unitId?: string;
  /** request_extension: the extension asked for (working days or hours of the category's unit), > 0. */
  extension?: number;
  /** Whether an extension request awaits the dispatcher. */
  extensionPending?: boolean;
  satisfaction?: Satisfaction | string;
  /** reopen: the satisfaction recorded at the return visit. */
  recordedSatisfaction?: Satisfaction | null;
  /** split: how many sub-tasks (≥ 2). */
  subTasks?: number;
  /** Whether the actor belongs to the unit the order is assigned to. */
  actorIsAssignedUnit?: boolean;
  /** Whether the order's limit has passed (an extension is asked before it). */
  overdue?: boolean;
}

export type WorkOrderErrorCode = 'INVALID_TRANSITION' | 'FORBIDDEN_ROLE' | 'VALIDATION_FAILED' | 'NOT_ASSIGNED_UNIT';

export type WorkOrderDecision = { ok: true; to: WorkOrderState; clock: WorkOrderClockEffect } | { ok: false; code: WorkOrderErrorCode; detail: string };

const filled = (value: string | undefined): boolean => typeof value === 'string' && value.trim().length >= 2;

function unmet(requirement: WorkOrderRequirement, facts: WorkOrderFacts): { code: WorkOrderErrorCode; detail: string } | undefined {
  switch (requirement) {
    case 'reasons':
      return filled(facts.reasons) ? undefined : { code: 'VALIDATION_FAILED', detail: 'this step needs its reasons' };
    case 'unit':
      return facts.unitId ? undefined : { code: 'VALIDATION_FAILED', detail: 'name the handling unit (unitId)' };
    case 'extension':
      return facts.extension !== undefined && facts.extension > 0 ? undefined : { code: 'VALIDATION_FAILED', detail: 'an extension request names how long (extension > 0)' };
    case 'pending_extension':
      return facts.extensionPending ? undefined : { code: 'INVALID_TRANSITION', detail: 'no extension request awaits a decision' };
    case 'no_pending_extension':
      return facts.extensionPending ? { code: 'INVALID_TRANSITION', detail: 'an extension request already awaits a decision' } : undefined;
    case 'satisfaction':
      return SATISFACTION_LEVELS.includes(facts.satisfaction as Satisfaction) ? undefined : { code: 'VALIDATION_FAILED', detail: `satisfaction is one of ${SATISFACTION_LEVELS.join(', ')}` };
    case 'dissatisfied':
      return facts.recordedSatisfaction === 'dissatisfied' ? undefined : { code: 'INVALID_TRANSITION', detail: 'only an order the caller was dissatisfied with is reopened (重办)' };
    case 'sub_tasks':
      return facts.subTasks !== undefined && facts.subTasks >= 2 ? undefined : { code: 'VALIDATION_FAILED', detail: 'a linkage splits into at least two sub-tasks' };
    case 'before_due':
      return facts.overdue ? { code: 'INVALID_TRANSITION', detail: 'an extension is requested before the limit expires' } : undefined;
    case 'assigned_unit':
      return facts.actorIsAssignedUnit ? undefined : { code: 'NOT_ASSIGNED_UNIT', detail: 'another unit handles this work order' };
  }
}

/**
 * The next state and clock effect of `action` on an order in `state`, taken by someone holding
 * `roles`; or a stable error code: INVALID_TRANSITION (409) for a step the state does not allow,
 * FORBIDDEN_ROLE (403) for the wrong role, NOT_ASSIGNED_UNIT (403) for a unit step by another unit,
 * VALIDATION_FAILED (400) for a step missing what it must carry.
 */
export function decideWorkOrderStep(state: WorkOrderState, action: WorkOrderAction, roles: readonly WorkOrderActor[], facts: WorkOrderFacts = {}): WorkOrderDecision {
  const transition = WORK_ORDER_TRANSITIONS[state][action];
  if (!transition) return { ok: false, code: 'INVALID_TRANSITION', detail: `cannot ${action} a work order that is ${state}` };
  if (!roles.includes(transition.by)) return { ok: false, code: 'FORBIDDEN_ROLE', detail: `${action} at ${state} is taken by the ${transition.by.replace(/_/g, ' ')}` };
  for (const requirement of transition.requires) {
    const problem = unmet(requirement, facts);
    if (problem) return { ok: false, ...problem };
  }
  return { ok: true, to: transition.to, clock: transition.clock };
}
