import { agencyWeightProblem, endPostingProblem, postedOn, postingProblem, staffingTotals } from './staffing-rules';

describe('staffing rules', () => {
  it('refuses a dispatched agency the town weighs less than 50 % in, at the boundary too', () => {
    expect(agencyWeightProblem('dispatched', 49)).toMatch(/at least 50 %/);
    expect(agencyWeightProblem('dispatched', 50)).toBeNull();
    expect(agencyWeightProblem('dispatched', 100)).toBeNull();
    expect(agencyWeightProblem('local', 0)).toBeNull();
  });

  it('checks posting dates; the last day is inclusive', () => {
    expect(postingProblem({ since: '2026-03-01', until: null })).toBeNull();
    expect(postingProblem({ since: '2026-03-01', until: '2026-03-01' })).toBeNull();
    expect(postingProblem({ since: '2026-03-01', until: '2026-02-28' })).toMatch(/before it starts/);
    expect(postingProblem({ since: '2026-02-30', until: null })).toMatch(/not a date/);
    const posting = { since: '2026-03-01', until: '2026-12-31' };
    expect(postedOn(posting, '2026-02-28')).toBe(false);
    expect(postedOn(posting, '2026-03-01')).toBe(true);
    expect(postedOn(posting, '2026-12-31')).toBe(true);
    expect(postedOn(posting, '2027-01-01')).toBe(false);
    expect(postedOn({ ...posting, until: null }, '2030-01-01')).toBe(true);
  });

  it('ends a posting early once, never one already over', () => {
    const open = { since: '2026-03-01', until: null, endReason: null };
    expect(endPostingProblem(open, '2026-11-30', '2026-11-26')).toBeNull();
    expect(endPostingProblem(open, '2026-02-01', '2026-11-26')).toMatch(/before it starts/);
    expect(endPostingProblem({ ...open, until: '2027-06-30' }, '2026-12-31', '2026-11-26')).toBeNull();
    expect(endPostingProblem({ ...open, until: '2026-11-30', endReason: '期满' }, '2026-11-29', '2026-11-26')).toBe('ended');
    expect(endPostingProblem({ ...open, until: '2026-10-31' }, '2026-10-15', '2026-11-26')).toBe('ended');
  });

  it('totals and averages per town', () => {
    const stats = staffingTotals([
      { administrative: 40, institutional: 60, sentDown: 3, agencies: 2 },
      { administrative: 35, institutional: 0, sentDown: 0, agencies: 1 },
      { administrative: 0, institutional: 0, sentDown: 1, agencies: 0 },
    ]);
    expect(stats).toEqual({
      towns: 3,
      totalAdministrative: 75,
      totalInstitutional: 60,
      totalSentDown: 4,
      totalAgencies: 3,
      averageAdministrative: 25,
      averageInstitutional: 20,
      averageSentDown: 1.3,
    });
    expect(staffingTotals([])).toMatchObject({ towns: 0, averageAdministrative: 0, averageSentDown: 0 });
  });
});
