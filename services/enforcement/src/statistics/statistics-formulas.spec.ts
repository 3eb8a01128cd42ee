import { checkPeriod, clockState, clockWindow, emptyFigures, teamView, totalOf } from './statistics-formulas';

describe('enforcement statistics formulas', () => {
  it('classifies a clock: before today overdue, today to today + N due soon, later not counted', () => {
    const window = clockWindow('2026-09-30', 7);
    expect(window.soonUntil).toBe('2026-10-07');
    expect(clockState('2026-09-29', window)).toBe('overdue');
    expect(clockState('2026-09-30', window)).toBe('due_soon');
    expect(clockState('2026-10-07', window)).toBe('due_soon');
    expect(clockState('2026-10-08', window)).toBeNull();
    expect(clockState('2026-09-30', clockWindow('2026-09-30', 0))).toBe('due_soon');
  });

  it('computes outstanding fines as decided minus collected, in yuan, and counts registered cases over their stages', () => {
    const team = { ...emptyFigures('320585102'), stages: { clue_registered: 2, investigating: 1 }, finesDecidedFen: 40_050, finesCollectedFen: 10_000, casesFiled: 1 };
    const view = teamView(team, ['decision', 'service']);
    expect(view).toMatchObject({ casesRegistered: 3, finesDecidedYuan: 400.5, finesCollectedYuan: 100, finesOutstandingYuan: 300.5 });
    expect(view.casesByStage).toEqual([{ stage: 'clue_registered', count: 2 }, { stage: 'investigating', count: 1 }]);
    expect(view.clocks).toEqual([expect.objectContaining({ clock: 'decision', dueSoon: 0, overdue: 0 }), expect.objectContaining({ clock: 'service', dueSoon: 0, overdue: 0 })]);
  });

  it('totals teams field by field, clocks and stages included', () => {
    const a = { ...emptyFigures('320585102'), stages: { investigating: 2 }, clocks: { decision: { dueSoon: 1, overdue: 2 } }, onTheSpotDecided: 3, finesDecidedFen: 500, finesCollectedFen: 100, supervisionTasks: 4, supervisionTasksDone: 1 };
    const b = { ...emptyFigures('320585100'), stages: { investigating: 1, closed: 5 }, clocks: { decision: { dueSoon: 0, overdue: 1 } }, onTheSpotDecided: 1, finesDecidedFen: 20_000, randomChecksPicked: 6, randomChecksRecorded: 2, randomChecksProblems: 1 };
    const total = totalOf([a, b], '320585');
    expect(total).toMatchObject({ jurisdictionCode: '320585', stages: { investigating: 3, closed: 5 }, clocks: { decision: { dueSoon: 1, overdue: 3 } }, onTheSpotDecided: 4, finesDecidedFen: 20_500, finesCollectedFen: 100 });
    expect(teamView(total, ['decision'])).toMatchObject({ casesRegistered: 8, finesOutstandingYuan: 204, supervisionTasks: 4, supervisionTasksDone: 1, randomChecksPicked: 6, randomChecksRecorded: 2, randomChecksProblems: 1 });
  });

  it('refuses a period that ends before it starts or spans more than 366 days', () => {
    expect(() => checkPeriod('2026-01-01', '2026-12-31')).not.toThrow();
    expect(() => checkPeriod('2024-01-01', '2024-12-31')).not.toThrow();
    expect(() => checkPeriod('2026-01-02', '2026-01-01')).toThrow(/before/);
    expect(() => checkPeriod('2025-01-01', '2026-01-02')).toThrow(/366/);
  });
});
