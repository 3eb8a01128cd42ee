import { WORK_ORDER_STATES } from '../command-dispatch/work-order-lifecycle';
import { GRID_EVENT_STATES, gridEventStateOf } from './grid-event-status';

describe('a grid event follows its work order', () => {
  it('stays reported while the order waits for a dispatcher', () => {
    expect(gridEventStateOf('pending_dispatch')).toBe('reported');
  });

  it('is dispatched while the order is with a unit not yet signed for (or returned for arbitration)', () => {
    expect(gridEventStateOf('dispatched')).toBe('dispatched');
    expect(gridEventStateOf('returned')).toBe('dispatched');
  });

  it('is being handled from signing until the verification passes, parked, reworked or split included', () => {
    for (const state of ['signed', 'handling', 'parked', 'feedback', 'rework', 'linked'] as const) expect(gridEventStateOf(state)).toBe('handling');
  });

  it('closes, is evaluated and is cancelled with the order', () => {
    expect(gridEventStateOf('closed')).toBe('closed');
    expect(gridEventStateOf('evaluated')).toBe('evaluated');
    expect(gridEventStateOf('cancelled')).toBe('cancelled');
  });

  it('maps every work order state to a grid event state', () => {
    for (const state of WORK_ORDER_STATES) expect(GRID_EVENT_STATES).toContain(gridEventStateOf(state));
  });
});
