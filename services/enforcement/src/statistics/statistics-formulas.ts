import { CASE_CLOCK_LABELS, CASE_STATES, MAX_STATISTICS_DAYS, type CaseClock, type CaseState, type TeamStatisticsView } from '@yiti/contracts';
import { DomainException, addDays, type IsoDate } from '@yiti/platform';

/** What the queries gather for one team (town), amounts in fen. */
export interface TeamFigures {
  jurisdictionCode: string;
  stages: Partial<Record<CaseState, number>>;
  casesFiled: number;
  clocks: Partial<Record<CaseClock, { dueSoon: number; overdue: number }>>;
  onTheSpotDecided: number;
  finesDecidedFen: number;
  finesCollectedFen: number;
  supervisionTasks: number;
  supervisionTasksDone: number;
  randomChecksPicked: number;
  randomChecksRecorded: number;
  randomChecksProblems: number;
}

export const emptyFigures = (jurisdictionCode: string): TeamFigures => ({
  jurisdictionCode,
  stages: {},
  casesFiled: 0,
  clocks: {},
  onTheSpotDecided: 0,
  finesDecidedFen: 0,
  finesCollectedFen: 0,
  supervisionTasks: 0,
  supervisionTasksDone: 0,
  randomChecksPicked: 0,
  randomChecksRecorded: 0,
  randomChecksProblems: 0,
});

/** The statistics period: from ≤ to, at most MAX_STATISTICS_DAYS days (both ends included). */
export function checkPeriod(from: IsoDate, to: IsoDate): void {
  if (to < from) throw new DomainException('VALIDATION_FAILED', `统计截止日早于起始日 The period ends (${to}) before it starts (${from})`, [{ field: 'to', messages: ['before from'] }]);
  if (addDays(from, MAX_STATISTICS_DAYS - 1) < to) {
    throw new DomainException('VALIDATION_FAILED', `统计期至多${MAX_STATISTICS_DAYS}日 A period spans at most ${MAX_STATISTICS_DAYS} days`, [{ field: 'to', messages: [`at most ${MAX_STATISTICS_DAYS} days after from`] }]);
  }
}

/**
 * A clock is overdue when its due date is before today, due soon when it falls between today and
 * today + `days` (both included); later ones are not counted.
 */
export function clockWindow(today: IsoDate, days: number): { today: IsoDate; soonUntil: IsoDate } {
  return { today, soonUntil: addDays(today, days) };
}

export function clockState(due: IsoDate, window: { today: IsoDate; soonUntil: IsoDate }): 'overdue' | 'due_soon' | null {
  if (due < window.today) return 'overdue';
  return due <= window.soonUntil ? 'due_soon' : null;
}

/** The sum of teams (the scope's total). */
export function totalOf(teams: readonly TeamFigures[], scope: string): TeamFigures {
  const total = emptyFigures(scope);
  for (const t of teams) {
    for (const [stage, n] of Object.entries(t.stages) as [CaseState, number][]) total.stages[stage] = (total.stages[stage] ?? 0) + n;
    for (const [clock, c] of Object.entries(t.clocks) as [CaseClock, { dueSoon: number; overdue: number }][]) {
      const sum = (total.clocks[clock] ??= { dueSoon: 0, overdue: 0 });
      sum.dueSoon += c.dueSoon;
      sum.overdue += c.overdue;
    }
    total.casesFiled += t.casesFiled;
    total.onTheSpotDecided += t.onTheSpotDecided;
    total.finesDecidedFen += t.finesDecidedFen;
    total.finesCollectedFen += t.finesCollectedFen;
    total.supervisionTasks += t.supervisionTasks;
    total.supervisionTasksDone += t.supervisionTasksDone;
    total.randomChecksPicked += t.randomChecksPicked;
    total.randomChecksRecorded += t.randomChecksRecorded;
    total.randomChecksProblems += t.randomChecksProblems;
  }
  return total;
}

const yuan = (fen: number) => fen / 100;

/** A team's figures as shown: stages in lifecycle order, every clock served, outstanding = decided − collected. */
export function teamView(f: TeamFigures, clocks: readonly CaseClock[]): TeamStatisticsView {
  const casesByStage = CASE_STATES.filter((s) => (f.stages[s] ?? 0) > 0).map((stage) => ({ stage, count: f.stages[stage] as number }));
  return {
    jurisdictionCode: f.jurisdictionCode,
    casesByStage,
    casesRegistered: casesByStage.reduce((sum, s) => sum + s.count, 0),
    casesFiled: f.casesFiled,
    clocks: clocks.map((clock) => ({ clock, label: CASE_CLOCK_LABELS[clock], dueSoon: f.clocks[clock]?.dueSoon ?? 0, overdue: f.clocks[clock]?.overdue ?? 0 })),
    onTheSpotDecided: f.onTheSpotDecided,
    finesDecidedYuan: yuan(f.finesDecidedFen),
    finesCollectedYuan: yuan(f.finesCollectedFen),
    finesOutstandingYuan: yuan(f.finesDecidedFen - f.finesCollectedFen),
    supervisionTasks: f.supervisionTasks,
    supervisionTasksDone: f.supervisionTasksDone,
    randomChecksPicked: f.randomChecksPicked,
    randomChecksRecorded: f.randomChecksRecorded,
    randomChecksProblems: f.randomChecksProblems,
  };
}
