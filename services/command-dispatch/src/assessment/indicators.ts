import { ASSESSMENT_SCORE_WEIGHTS, LOWER_IS_BETTER, type IndicatorCounts, type IndicatorKey, type IndicatorValues } from '@yiti/contracts';

/** What the indicators need of one work order, read from its row and its steps. */
export interface OrderFacts {
  unitId: string | null;
  unitName: string | null;
  townCode: string | null;
  dispatchedAt: Date | null;
  dueAt: Date | null;
  feedbackAt: Date | null;
  closedAt: Date | null;
  /** Times of its failed verifications (核查不通过 → 返工). */
  reworkAt: Date[];
  /** Times of its approved extensions (延期). */
  extendedAt: Date[];
  /** The return visit (回访): when and how satisfied. */
  evaluatedAt: Date | null;
  satisfaction: string | null;
}

/** A period [start, end) of instants (whole Shanghai days from the query). */
export interface Period {
  start: Date;
  end: Date;
}

const within = (at: Date | null, p: Period): boolean => !!at && at >= p.start && at < p.end;
const before = (at: Date | null, end: Date): boolean => !!at && at < end;
const onTime = (at: Date | null, due: Date | null): boolean => !!at && (!due || at <= due);

export const emptyCounts = (): IndicatorCounts => ({ dueToClose: 0, closed: 0, closedOnTime: 0, dueToHandle: 0, handledOnTime: 0, reworked: 0, extended: 0, evaluated: 0, satisfied: 0 });

/** Adds one order to the counts of the period (the definitions are those of assessment.dto.ts). */
export function countOrder(counts: IndicatorCounts, order: OrderFacts, period: Period, hours: number[]): void {
  const dueToClose = within(order.dueAt, period) || within(order.closedAt, period);
  if (dueToClose) {
    counts.dueToClose++;
    const closed = before(order.closedAt, period.end);
    if (closed) {
      counts.closed++;
      if (order.dispatchedAt) hours.push(((order.closedAt as Date).getTime() - order.dispatchedAt.getTime()) / 3_600_000);
    }
    if (closed && onTime(order.closedAt, order.dueAt)) counts.closedOnTime++;
    if (order.reworkAt.some((at) => at < period.end)) counts.reworked++;
  }
  const dueToHandle = within(order.dueAt, period) || within(order.feedbackAt, period);
  if (dueToHandle) {
    counts.dueToHandle++;
    if (before(order.feedbackAt, period.end) && onTime(order.feedbackAt, order.dueAt)) counts.handledOnTime++;
    if (order.extendedAt.some((at) => at < period.end)) counts.extended++;
  }
  if (within(order.evaluatedAt, period)) {
    counts.evaluated++;
    if (order.satisfaction === 'satisfied' || order.satisfaction === 'basically_satisfied') counts.satisfied++;
  }
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/** The rates (4 decimals) and the mean handling hours (2 decimals) of counts. */
export function indicatorValues(counts: IndicatorCounts, hours: readonly number[]): IndicatorValues {
  return {
    closureRate: rate(counts.closed, counts.dueToClose),
    onTimeClosureRate: rate(counts.closedOnTime, counts.dueToClose),
    onTimeHandlingRate: rate(counts.handledOnTime, counts.dueToHandle),
    reworkRate: rate(counts.reworked, counts.dueToClose),
    extensionRate: rate(counts.extended, counts.dueToHandle),
    satisfactionRate: rate(counts.satisfied, counts.evaluated),
    averageHandlingHours: hours.length ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 100) / 100 : null,
  };
}

export interface IndicatorGroupResult {
  key: string;
  name: string;
  townCode: string | null;
  counts: IndicatorCounts;
  values: IndicatorValues;
}

/**
 * 督查考核指标: the orders grouped per handling unit or per town (orders without a unit or town are
 * only in the totals), with each group's counts and values over the period.
 */
export function computeIndicators(orders: Iterable<OrderFacts>, period: Period, groupBy: 'unit' | 'town'): { groups: IndicatorGroupResult[]; totals: { counts: IndicatorCounts; values: IndicatorValues } } {
  const groups = new Map<string, { name: string; townCode: string | null; counts: IndicatorCounts; hours: number[] }>();
  const totals = { counts: emptyCounts(), hours: [] as number[] };
  for (const order of orders) {
    countOrder(totals.counts, order, period, totals.hours);
    const key = groupBy === 'unit' ? order.unitId : order.townCode;
    if (!key) continue;
    let group = groups.get(key);
    if (!group) {
      group = { name: groupBy === 'unit' ? (order.unitName ?? key) : key, townCode: order.townCode, counts: emptyCounts(), hours: [] };
      groups.set(key, group);
    }
    countOrder(group.counts, order, period, group.hours);
  }
  const results = [...groups].map(([key, g]) => ({ key, name: g.name, townCode: g.townCode, counts: g.counts, values: indicatorValues(g.counts, g.hours) }));
  return { groups: results, totals: { counts: totals.counts, values: indicatorValues(totals.counts, totals.hours) } };
}

/**
 * 排名: by one indicator, best first (lower first for 返工率, 延期率 and handling time); groups without
 * a value come last; equal values share a rank (1, 2, 2, 4); ties are listed by name.
 */
export function rank<T extends { name: string; values: IndicatorValues }>(rows: readonly T[], by: IndicatorKey): (T & { rank: number })[] {
  const ascending = LOWER_IS_BETTER.includes(by);
  const sorted = [...rows].sort((a, b) => {
    const va = a.values[by];
    const vb = b.values[by];
    if (va === null || vb === null) return va === vb ? a.name.localeCompare(b.name, 'zh') : va === null ? 1 : -1;
    if (va !== vb) return ascending ? va - vb : vb - va;
    return a.name.localeCompare(b.name, 'zh');
  });
  const ranked: (T & { rank: number })[] = [];
  sorted.forEach((row, i) => {
    const previous = ranked[i - 1];
    const same = previous && previous.values[by] === row.values[by];
    ranked.push({ ...row, rank: same ? previous.rank : i + 1 });
  });
  return ranked;
}

/**
 * 年度考核得分 (0–100, 2 decimals): the weighted indicators of ASSESSMENT_SCORE_WEIGHTS (rework and
 * extension count as 1 − rate); weights of indicators without a value are shared among the others.
 * Null when the unit had nothing due.
 */
export function assessmentScore(values: IndicatorValues): number | null {
  let sum = 0;
  let weight = 0;
  for (const [key, w] of Object.entries(ASSESSMENT_SCORE_WEIGHTS) as [keyof typeof ASSESSMENT_SCORE_WEIGHTS, number][]) {
    const value = values[key];
    if (value === null) continue;
    sum += w * (LOWER_IS_BETTER.includes(key) ? 1 - value : value);
    weight += w;
  }
  return weight === 0 ? null : Math.round((sum / weight) * 10_000) / 100;
}
