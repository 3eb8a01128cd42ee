import { describe, expect, it } from 'vitest';
import { DESK_STEPS, deskStepProblems, deskStepsFor, dueText } from './desk';

describe('the dispatcher desk', () => {
  it('routes a waiting order, arbitrates a 退单 and decides a 延期, as the lifecycle allows', () => {
    expect(deskStepsFor({ status: 'pending_dispatch' }).map((s) => s.action)).toEqual(['route']);
    expect(deskStepsFor({ status: 'returned' }).map((s) => s.action)).toEqual(['reassign', 'uphold']);
    expect(deskStepsFor({ status: 'handling', pendingExtension: 5 }).map((s) => s.action)).toEqual(['approve-extension', 'refuse-extension']);
    expect(deskStepsFor({ status: 'handling', pendingExtension: null })).toEqual([]);
    expect(deskStepsFor({ status: 'closed', pendingExtension: 5 })).toEqual([]);
  });

  it('asks for the unit and the reasons each step needs', () => {
    expect(deskStepProblems(DESK_STEPS.route, {})).toEqual({ unitId: '请选择承办单位' });
    expect(deskStepProblems(DESK_STEPS.route, { unitId: 'u' })).toEqual({});
    expect(deskStepProblems(DESK_STEPS.reassign, { unitId: 'u', reasons: '  ' })).toEqual({ reasons: '请填写理由' });
    expect(deskStepProblems(DESK_STEPS.uphold, {}).reasons).toBe('请说明维持原派的理由');
    expect(deskStepProblems(DESK_STEPS['approve-extension'], {})).toEqual({});
    expect(deskStepProblems(DESK_STEPS['refuse-extension'], {}).reasons).toBeDefined();
  });

  it('reads an order\'s clock at a glance', () => {
    const now = Date.parse('2026-12-03T08:00:00Z');
    expect(dueText(null, now)).toBe('未计时');
    expect(dueText('2026-12-03T05:00:00Z', now)).toBe('超期 3 小时');
    expect(dueText('2026-12-03T12:00:00Z', now)).toBe('剩 4 小时');
    expect(dueText('2026-12-06T08:00:00Z', now)).toBe('剩 3 天');
  });
});
