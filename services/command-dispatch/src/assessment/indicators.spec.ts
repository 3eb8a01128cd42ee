import type { IndicatorValues } from '@yiti/contracts';
import { assessmentScore, computeIndicators, rank, type OrderFacts } from './indicators';

const d = (s: string) => new Date(`${s}+08:00`);
const period = { start: d('2026-11-01T00:00:00'), end: d('2026-12-01T00:00:00') };
const base: OrderFacts = { unitId: 'u1', unitName: '城管中队', townCode: '320585102', dispatchedAt: d('2026-11-02T09:00:00'), dueAt: d('2026-11-05T17:30:00'), feedbackAt: null, closedAt: null, reworkAt: [], extendedAt: [], evaluatedAt: null, satisfaction: null };

describe('assessment indicators (督查考核) on hand-made orders', () => {
  const orders: OrderFacts[] = [
    // 1: handled and closed on time, satisfied.
    { ...base, feedbackAt: d('2026-11-04T10:00:00'), closedAt: d('2026-11-04T12:00:00'), evaluatedAt: d('2026-11-05T10:00:00'), satisfaction: 'satisfied' },
    // 2: fed back late, reworked, closed late, dissatisfied.
    { ...base, feedbackAt: d('2026-11-06T10:00:00'), closedAt: d('2026-11-08T09:00:00'), reworkAt: [d('2026-11-06T15:00:00')], evaluatedAt: d('2026-11-09T10:00:00'), satisfaction: 'dissatisfied' },
    // 3: extended, still open at the end of the month (due in the period).
    { ...base, dueAt: d('2026-11-20T17:30:00'), extendedAt: [d('2026-11-10T10:00:00')] },
    // 4: due in December, not counted in November.
    { ...base, dueAt: d('2026-12-03T17:30:00') },
    // 5: another unit, closed on time, basically satisfied.
    { ...base, unitId: 'u2', unitName: '安监办', feedbackAt: d('2026-11-03T10:00:00'), closedAt: d('2026-11-03T11:00:00'), evaluatedAt: d('2026-11-03T15:00:00'), satisfaction: 'basically_satisfied' },
  ];

  it('computes each rate with the denominators of DESIGN.md', () => {
    const { groups, totals } = computeIndicators(orders, period, 'unit');
    const u1 = groups.find((g) => g.key === 'u1');
    expect(u1?.counts).toEqual({ dueToClose: 3, closed: 2, closedOnTime: 1, dueToHandle: 3, handledOnTime: 1, reworked: 1, extended: 1, evaluated: 2, satisfied: 1 });
    expect(u1?.values).toEqual({ closureRate: 0.6667, onTimeClosureRate: 0.3333, onTimeHandlingRate: 0.3333, reworkRate: 0.3333, extensionRate: 0.3333, satisfactionRate: 0.5, averageHandlingHours: 97.5 });
    // u1: (51 h + 144 h) / 2 = 97.5 h; u2: 26 h; totals over the three closed: (51 + 144 + 26) / 3 = 73.67 h.
    expect(totals.counts.dueToClose).toBe(4);
    expect(totals.values.averageHandlingHours).toBe(73.67);
  });

  it('is reproducible for a past period: later steps do not change it', () => {
    const october = { start: d('2026-10-01T00:00:00'), end: d('2026-11-01T00:00:00') };
    expect(computeIndicators(orders, october, 'unit').totals.counts.dueToClose).toBe(0);
    const firstWeek = { start: d('2026-11-01T00:00:00'), end: d('2026-11-07T00:00:00') };
    const u1 = computeIndicators(orders, firstWeek, 'unit').groups.find((g) => g.key === 'u1');
    // Order 2 was due on the 5th and closed on the 8th: not closed by the end of the week.
    expect(u1?.counts).toMatchObject({ dueToClose: 2, closed: 1, reworked: 1 });
  });

  it('ranks best first, lower-is-better for rework, ties share a rank', () => {
    const rows = [
      { name: 'A', values: { ...emptyValues(), onTimeClosureRate: 0.9, reworkRate: 0.2 } },
      { name: 'B', values: { ...emptyValues(), onTimeClosureRate: 0.5, reworkRate: 0 } },
      { name: 'C', values: { ...emptyValues(), onTimeClosureRate: 0.9, reworkRate: null } },
    ];
    expect(rank(rows, 'onTimeClosureRate').map((r) => [r.name, r.rank])).toEqual([['A', 1], ['C', 1], ['B', 3]]);
    expect(rank(rows, 'reworkRate').map((r) => [r.name, r.rank])).toEqual([['B', 1], ['A', 2], ['C', 3]]);
  });

  it('scores 0–100 from the weighted indicators', () => {
    expect(assessmentScore({ closureRate: 1, onTimeClosureRate: 1, onTimeHandlingRate: 1, reworkRate: 0, extensionRate: 0, satisfactionRate: 1, averageHandlingHours: 10 })).toBe(100);
    expect(assessmentScore({ closureRate: 0.5, onTimeClosureRate: 0.5, onTimeHandlingRate: 0.5, reworkRate: 0.5, extensionRate: 0.5, satisfactionRate: null, averageHandlingHours: null })).toBe(50);
    expect(assessmentScore(emptyValues())).toBeNull();
  });
});

function emptyValues(): IndicatorValues {
  return { closureRate: null, onTimeClosureRate: null, onTimeHandlingRate: null, reworkRate: null, extensionRate: null, satisfactionRate: null, averageHandlingHours: null };
}
