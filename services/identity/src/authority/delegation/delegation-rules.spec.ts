import { adjustmentProblem, effectiveDelegation, modeOn, transitionEndingToday, withdrawalProblem } from './delegation-rules';

describe('delegation rules', () => {
  const twoMonthTransition = { effectiveFrom: '2026-12-01', transitionUntil: '2027-02-01', withdrawnOn: null };

  it('moves a power from county to transition to town across the boundaries', () => {
    expect(modeOn(twoMonthTransition, '2026-11-30')).toBe('county');
    expect(modeOn(twoMonthTransition, '2026-12-01')).toBe('transition');
    expect(modeOn(twoMonthTransition, '2027-01-31')).toBe('transition');
    expect(modeOn(twoMonthTransition, '2027-02-01')).toBe('delegated');
    expect(modeOn({ ...twoMonthTransition, transitionUntil: null }, '2026-12-01')).toBe('delegated');
  });

  it('returns the power to the county from the withdrawal date, even inside the transition', () => {
    const withdrawn = { ...twoMonthTransition, withdrawnOn: '2027-01-15' };
    expect(modeOn(withdrawn, '2027-01-14')).toBe('transition');
    expect(modeOn(withdrawn, '2027-01-15')).toBe('county');
    expect(modeOn({ ...withdrawn, withdrawnOn: '2027-06-01' }, '2027-05-31')).toBe('delegated');
    expect(modeOn({ ...withdrawn, withdrawnOn: '2027-06-01' }, '2027-06-01')).toBe('county');
  });

  it('finds the delegation in force among a history of grants and withdrawals', () => {
    const first = { id: 'a', effectiveFrom: '2025-01-01', transitionUntil: null, withdrawnOn: '2025-07-01' };
    const second = { id: 'b', effectiveFrom: '2026-01-01', transitionUntil: '2026-02-01', withdrawnOn: null };
    expect(effectiveDelegation([first, second], '2025-03-01')).toMatchObject({ mode: 'delegated', delegation: { id: 'a' } });
    expect(effectiveDelegation([first, second], '2025-09-01')).toEqual({ mode: 'county', delegation: null });
    expect(effectiveDelegation([first, second], '2026-01-10')).toMatchObject({ mode: 'transition', delegation: { id: 'b' } });
  });

  it('keeps adjustments within three months of the effective date and refuses withdrawn delegations', () => {
    expect(adjustmentProblem(twoMonthTransition, '2027-03-01', '2026-12-10')).toBeNull();
    expect(adjustmentProblem(twoMonthTransition, '2027-03-02', '2026-12-10')).toMatch(/at most 3 months/);
    expect(adjustmentProblem(twoMonthTransition, '2026-12-01', '2026-12-10')).toMatch(/after the effective date/);
    expect(adjustmentProblem(twoMonthTransition, '2026-12-09', '2026-12-10')).toMatch(/past/);
    expect(adjustmentProblem(twoMonthTransition, null, '2026-12-10')).toBeNull();
    expect(transitionEndingToday(twoMonthTransition, '2026-12-10')).toBe('2026-12-10');
    expect(transitionEndingToday(twoMonthTransition, '2026-11-20')).toBeNull();
    expect(adjustmentProblem({ ...twoMonthTransition, withdrawnOn: '2027-01-01' }, null, '2026-12-10')).toBe('withdrawn');
  });

  it('refuses a withdrawal before the effective date or a second one', () => {
    const today = '2026-11-20';
    expect(withdrawalProblem(twoMonthTransition, '2026-11-30', today)).toMatch(/precede/);
    expect(withdrawalProblem(twoMonthTransition, '2027-01-15', today)).toBeNull();
    expect(withdrawalProblem({ ...twoMonthTransition, withdrawnOn: '2027-01-15' }, '2027-02-01', today)).toBe('withdrawn');
    expect(withdrawalProblem(twoMonthTransition, '2027-02-30', today)).toMatch(/not a date/);
    expect(withdrawalProblem(twoMonthTransition, '2027-01-14', '2027-01-15')).toMatch(/past cannot be rewritten/);
    expect(withdrawalProblem(twoMonthTransition, '2027-01-15', '2027-01-15')).toBeNull();
  });
});
