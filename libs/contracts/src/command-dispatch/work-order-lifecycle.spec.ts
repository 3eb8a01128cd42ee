import { stepRoles } from '../common/lifecycle';
import { ALL_ROLES } from '../identity/roles';
import {
  WORK_ORDER_ACTIONS,
  WORK_ORDER_STATES,
  WORK_ORDER_TRANSITIONS,
  decideWorkOrderStep,
  type WorkOrderAction,
  type WorkOrderActor,
  type WorkOrderClockEffect,
  type WorkOrderFacts,
  type WorkOrderState,
} from './work-order-lifecycle';

/** Everything any step may need, so that only the state and the role decide. */
const complete: WorkOrderFacts = {
  reasons: '职责清单明确由城管办承担',
  unitId: '6f1d0c2e-8a55-4a39-9d3e-0b5c3f7a1e21',
  extension: 3,
  extensionPending: false,
  satisfaction: 'satisfied',
  recordedSatisfaction: 'dissatisfied',
  subTasks: 2,
  actorIsAssignedUnit: true,
  overdue: false,
};
const factsFor = (action: WorkOrderAction): WorkOrderFacts => ({ ...complete, extensionPending: action === 'approve_extension' || action === 'refuse_extension' });

/** The legal steps written out independently of the table: [state, action, role, next state, clock]. */
const LEGAL: [WorkOrderState, WorkOrderAction, WorkOrderActor, WorkOrderState, WorkOrderClockEffect][] = [
  ['pending_dispatch', 'route', 'dispatcher', 'dispatched', 'start'],
  ['pending_dispatch', 'split', 'dispatcher', 'linked', 'none'],
  ['pending_dispatch', 'cancel', 'dispatcher', 'cancelled', 'stop'],
  ['dispatched', 'sign', 'work_order_handler', 'signed', 'none'],
  ['dispatched', 'return', 'work_order_handler', 'returned', 'none'],
  ['dispatched', 'route', 'dispatcher', 'dispatched', 'start'],
  ['dispatched', 'split', 'dispatcher', 'linked', 'none'],
  ['dispatched', 'cancel', 'dispatcher', 'cancelled', 'stop'],
  ['returned', 'reassign', 'dispatcher', 'dispatched', 'start'],
  ['returned', 'uphold', 'dispatcher', 'dispatched', 'none'],
  ['returned', 'split', 'dispatcher', 'linked', 'none'],
  ['returned', 'cancel', 'dispatcher', 'cancelled', 'stop'],
  ['signed', 'start', 'work_order_handler', 'handling', 'none'],
  ['signed', 'return', 'work_order_handler', 'returned', 'none'],
  ['signed', 'feed_back', 'work_order_handler', 'feedback', 'none'],
  ['signed', 'request_extension', 'work_order_handler', 'signed', 'none'],
  ['signed', 'approve_extension', 'dispatcher', 'signed', 'extend'],
  ['signed', 'refuse_extension', 'dispatcher', 'signed', 'none'],
  ['signed', 'park', 'dispatcher', 'parked', 'pause'],
  ['handling', 'feed_back', 'work_order_handler', 'feedback', 'none'],
  ['handling', 'request_extension', 'work_order_handler', 'handling', 'none'],
  ['handling', 'approve_extension', 'dispatcher', 'handling', 'extend'],
  ['handling', 'refuse_extension', 'dispatcher', 'handling', 'none'],
  ['handling', 'park', 'dispatcher', 'parked', 'pause'],
  ['rework', 'feed_back', 'work_order_handler', 'feedback', 'none'],
  ['rework', 'request_extension', 'work_order_handler', 'rework', 'none'],
  ['rework', 'approve_extension', 'dispatcher', 'rework', 'extend'],
  ['rework', 'refuse_extension', 'dispatcher', 'rework', 'none'],
  ['rework', 'park', 'dispatcher', 'parked', 'pause'],
  ['parked', 'unpark', 'dispatcher', 'handling', 'resume'],
  ['parked', 'cancel', 'dispatcher', 'cancelled', 'stop'],
  ['feedback', 'verify_pass', 'dispatcher', 'closed', 'stop'],
  ['feedback', 'verify_fail', 'dispatcher', 'rework', 'none'],
  ['linked', 'close_linked', 'system', 'closed', 'stop'],
  ['closed', 'evaluate', 'dispatcher', 'evaluated', 'none'],
  ['evaluated', 'reopen', 'dispatcher', 'dispatched', 'start'],
];

describe('work-order lifecycle (工单闭环)', () => {
  it.each(LEGAL)('%s --%s (%s)--> %s, clock %s', (state, action, role, to, clock) => {
    expect(decideWorkOrderStep(state, action, [role], factsFor(action))).toEqual({ ok: true, to, clock });
  });

  it('refuses every (state, action) pair not listed, whatever the role: INVALID_TRANSITION', () => {
    const legal = new Set(LEGAL.map(([s, a]) => `${s}/${a}`));
    const everyone: WorkOrderActor[] = [...ALL_ROLES, 'system'];
    let refused = 0;
    for (const state of WORK_ORDER_STATES) {
      for (const action of WORK_ORDER_ACTIONS) {
        if (legal.has(`${state}/${action}`)) continue;
        expect(decideWorkOrderStep(state, action, everyone, factsFor(action))).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
        refused++;
      }
    }
    expect(refused).toBe(WORK_ORDER_STATES.length * WORK_ORDER_ACTIONS.length - LEGAL.length);
  });

  it('has exactly the legal steps in its table', () => {
    const listed = Object.entries(WORK_ORDER_TRANSITIONS).flatMap(([state, actions]) => Object.keys(actions).map((a) => `${state}/${a}`));
    expect(listed.sort()).toEqual(LEGAL.map(([s, a]) => `${s}/${a}`).sort());
  });

  it.each(LEGAL)('refuses %s --%s by any role but %s: FORBIDDEN_ROLE', (state, action, role) => {
    for (const other of ALL_ROLES.filter((r) => r !== role)) expect(decideWorkOrderStep(state, action, [other], factsFor(action))).toMatchObject({ ok: false, code: 'FORBIDDEN_ROLE' });
  });

  it('gives the gateway the roles of each action', () => {
    expect(stepRoles(WORK_ORDER_TRANSITIONS, 'sign')).toEqual(['work_order_handler']);
    expect(stepRoles(WORK_ORDER_TRANSITIONS, 'verify_fail')).toEqual(['dispatcher']);
    expect(stepRoles(WORK_ORDER_TRANSITIONS, 'close_linked')).toEqual([]);
  });

  it('keeps a unit step to the assigned unit: NOT_ASSIGNED_UNIT', () => {
    expect(decideWorkOrderStep('dispatched', 'sign', ['work_order_handler'], { ...complete, actorIsAssignedUnit: false })).toMatchObject({ ok: false, code: 'NOT_ASSIGNED_UNIT' });
  });

  it('needs reasons for 退单, 挂账, failed verification and 重办', () => {
    for (const [state, action, role] of [['dispatched', 'return', 'work_order_handler'], ['handling', 'park', 'dispatcher'], ['feedback', 'verify_fail', 'dispatcher'], ['evaluated', 'reopen', 'dispatcher']] as const) {
      expect(decideWorkOrderStep(state, action, [role], { ...complete, reasons: ' ' })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    }
  });

  it('asks 延期 before the limit, one request at a time, decided only when pending', () => {
    expect(decideWorkOrderStep('handling', 'request_extension', ['work_order_handler'], { ...complete, overdue: true })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decideWorkOrderStep('handling', 'request_extension', ['work_order_handler'], { ...complete, extensionPending: true })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decideWorkOrderStep('handling', 'request_extension', ['work_order_handler'], { ...complete, extension: 0 })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decideWorkOrderStep('handling', 'approve_extension', ['dispatcher'], { ...complete, extensionPending: false })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('reopens (重办) only on dissatisfaction, and splits into at least two sub-tasks', () => {
    expect(decideWorkOrderStep('evaluated', 'reopen', ['dispatcher'], { ...complete, recordedSatisfaction: 'satisfied' })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decideWorkOrderStep('dispatched', 'split', ['dispatcher'], { ...complete, subTasks: 1 })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decideWorkOrderStep('closed', 'evaluate', ['dispatcher'], { ...complete, satisfaction: 'so-so' })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });
});
