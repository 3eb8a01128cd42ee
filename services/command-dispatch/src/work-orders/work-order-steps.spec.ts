import { CHINA_HOLIDAYS, DomainException, WorkingDayCalendar } from '@yiti/platform';
import { addresseeOf, planFirings } from '../sla/sla-timers';
import type { WorkOrderRow } from './work-order-row';
import { planWorkOrderStep, type StepInput } from './work-order-steps';

const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);
const sh = (local: string) => new Date(`${local}+08:00`);
const UNIT = '6f1d0c2e-8a55-4a39-9d3e-0b5c3f7a1e21';

function order(overrides: Partial<WorkOrderRow> = {}): WorkOrderRow {
  const started = sh('2026-12-01T09:00:00');
  return {
    id: 'a0000000-0000-4000-8000-000000000001', order_no: 'GD320585-20261201-000001', county_code: '320585', town_code: '320585102', channel: 'hotline_12345', source_ref: 'T1', request_hash: null,
    category: '12345.street_order', category_name: '占道经营', duty_category: '市容环境/占道经营', request_type: 'complaint', urgency: 'normal', title: '占道', description: '占道经营', address: null,
    lng: null, lat: null, grid_code: null, caller_name_cipher: null, caller_name_masked: null, caller_phone_cipher: null, caller_phone_masked: null, caller_phone_hash: null, fields: {},
    status: 'handling', unit_id: UNIT, unit_name: '城管办', parent_id: null, sub_task: null, sla_unit: 'working_days', sla_amount: 3, extension: 0, pending_extension: null,
    clock_started_at: started, pauses: [], due_at: sh('2026-12-04T17:30:00'), feedback_at: null, closed_at: null, closed_on_time: null, rework_count: 0, extended_count: 0,
    supervision_count: 0, satisfaction: null, created_by: null, created_at: started, updated_at: started, version: 1,
    ...overrides,
  };
}
const step = (action: StepInput['action'], now: string, extra: Partial<StepInput> = {}): StepInput => ({ action, roles: ['dispatcher', 'work_order_handler'], organisationId: UNIT, now: sh(now), reasons: '理由充分', ...extra });

describe('planning a work-order step', () => {
  it('moves the limit by an approved extension, counting it in working days', () => {
    const asked = planWorkOrderStep(order(), step('request_extension', '2026-12-02T10:00:00', { extension: 2 }), calendar).after;
    expect(asked).toMatchObject({ status: 'handling', pending_extension: 2 });
    const approved = planWorkOrderStep(asked, step('approve_extension', '2026-12-02T11:00:00'), calendar).after;
    expect(approved).toMatchObject({ extension: 2, pending_extension: null, extended_count: 1, due_at: sh('2026-12-08T17:30:00') });
  });

  it('stops the clock while parked and resumes it with the parked working days added', () => {
    const parked = planWorkOrderStep(order(), step('park', '2026-12-02T10:00:00'), calendar).after;
    expect(parked).toMatchObject({ status: 'parked', due_at: null });
    const resumed = planWorkOrderStep(parked, step('unpark', '2026-12-07T10:00:00'), calendar).after;
    // Parked Wednesday 2 to Monday 7 December: 3 working days (3, 4, 7) added to the 4 December limit.
    expect(resumed).toMatchObject({ status: 'handling', due_at: sh('2026-12-09T17:30:00') });
  });

  it('closes on time when the feedback came before the limit, late otherwise, and counts rework', () => {
    const fedBack = planWorkOrderStep(order(), step('feed_back', '2026-12-04T16:00:00'), calendar).after;
    const failed = planWorkOrderStep(fedBack, step('verify_fail', '2026-12-05T09:00:00'), calendar).after;
    expect(failed).toMatchObject({ status: 'rework', rework_count: 1, feedback_at: null });
    const late = planWorkOrderStep(planWorkOrderStep(failed, step('feed_back', '2026-12-07T09:00:00'), calendar).after, step('verify_pass', '2026-12-07T10:00:00'), calendar);
    expect(late).toMatchObject({ closed: true, after: { status: 'closed', closed_on_time: false } });
    const onTime = planWorkOrderStep(fedBack, step('verify_pass', '2026-12-05T10:00:00'), calendar);
    expect(onTime.after.closed_on_time).toBe(true);
  });

  it('starts a new clock on reassignment and names the new unit', () => {
    const returned = order({ status: 'returned' });
    const plan = planWorkOrderStep(returned, step('reassign', '2026-12-03T09:00:00', { unit: { id: 'b0000000-0000-4000-8000-000000000002', name: '执法队', townCode: '320585102' } }), calendar);
    expect(plan).toMatchObject({ dispatched: true, after: { status: 'dispatched', unit_name: '执法队', clock_started_at: sh('2026-12-03T09:00:00'), due_at: sh('2026-12-08T17:30:00') } });
  });

  it('refuses a step of another unit and an illegal one with the lifecycle\'s codes', () => {
    expect(() => planWorkOrderStep(order({ status: 'dispatched' }), step('sign', '2026-12-02T09:00:00', { organisationId: 'c0000000-0000-4000-8000-000000000003' }), calendar)).toThrow(DomainException);
    try {
      planWorkOrderStep(order({ status: 'closed' }), step('feed_back', '2026-12-02T09:00:00'), calendar);
    } catch (error) {
      expect((error as DomainException).code).toBe('INVALID_TRANSITION');
    }
    expect.assertions(2);
  });
});

describe('planning the SLA timers a scan claimed', () => {
  const settings = () => ({ dueSoonHours: 4 });
  const next = () => sh('2026-12-07T17:30:00');
  const now = sh('2026-12-05T10:00:00');

  it('supervises an overdue order in the next round, warns a due-soon one, drops a fed-back one and waits for a moved limit', () => {
    const overdue = order({ id: 'o1', supervision_count: 1 });
    const soon = order({ id: 'o2', due_at: sh('2026-12-05T12:00:00') });
    const fedBack = order({ id: 'o3', status: 'feedback' });
    const moved = order({ id: 'o4', due_at: sh('2026-12-10T17:30:00') });
    const plan = planFirings(
      [
        { timer: { work_order_id: 'o1', kind: 'overdue', round: 1 }, order: overdue },
        { timer: { work_order_id: 'o2', kind: 'due_soon', round: 0 }, order: soon },
        { timer: { work_order_id: 'o3', kind: 'overdue', round: 0 }, order: fedBack },
        { timer: { work_order_id: 'o4', kind: 'overdue', round: 0 }, order: moved },
      ],
      now,
      settings,
      next,
    );
    expect(plan.supervise).toEqual([{ order: overdue, round: 2 }]);
    expect(plan.warn.map((o) => o.id)).toEqual(['o2']);
    expect(plan.drop).toEqual(['o3']);
    expect(plan.rearm).toEqual([
      { id: 'o1', kind: 'overdue', fireAt: next(), round: 2 },
      { id: 'o2', kind: 'overdue', fireAt: sh('2026-12-05T12:00:00'), round: 0 },
      { id: 'o4', kind: 'due_soon', fireAt: sh('2026-12-10T13:30:00'), round: 0 },
    ]);
  });
});

describe('whom a 督办 notice is addressed to', () => {
  it('the first round to the order\'s town, later rounds to the county; a county-level order (no town) always to the county', () => {
    const inTown = { town_code: '320585102', county_code: '320585' };
    expect(addresseeOf(inTown, 1)).toEqual({ level: 'town', addresseeCode: '320585102' });
    expect(addresseeOf(inTown, 2)).toEqual({ level: 'county', addresseeCode: '320585' });
    expect(addresseeOf(inTown, 5)).toEqual({ level: 'county', addresseeCode: '320585' });
    expect(addresseeOf({ town_code: null, county_code: '320585' }, 1)).toEqual({ level: 'town', addresseeCode: '320585' });
  });
});
