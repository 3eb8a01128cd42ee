import { describe, expect, it } from 'vitest';
import { localDate, monthSoFar, rateText, todaysOrderPoints, withCategoryNames } from './screen';

describe('the command-centre screen', () => {
  const today = new Date(2026, 11, 3, 15, 30);

  it('ranks this month so far', () => {
    expect(monthSoFar(today)).toEqual({ from: '2026-12-01', to: '2026-12-03' });
    expect(localDate(new Date(2026, 0, 9))).toBe('2026-01-09');
  });

  it('maps today\'s orders that carry a location, and no others', () => {
    const at = (d: Date) => d.toISOString();
    const points = todaysOrderPoints(
      [
        { orderNo: 'A', createdAt: at(new Date(2026, 11, 3, 9)), urgency: 'urgent', overdue: false, location: { lng: 121.1, lat: 31.5 } },
        { orderNo: 'B', createdAt: at(new Date(2026, 11, 2, 23)), urgency: 'normal', overdue: true, location: { lng: 121.2, lat: 31.6 } },
        { orderNo: 'C', createdAt: at(new Date(2026, 11, 3, 10)), urgency: 'normal', overdue: false, location: null },
      ],
      today,
    );
    expect(points).toEqual([{ name: 'A', value: [121.1, 31.5], urgent: true, overdue: false }]);
    expect(todaysOrderPoints([], today)).toEqual([]);
  });

  it('names the categories it counts, keeping an unknown code', () => {
    expect(withCategoryNames([{ key: '12345.street_order', count: 3 }, { key: 'x', count: 1 }], [{ code: '12345.street_order', name: '占道经营' }])).toEqual([
      { key: '12345.street_order', name: '占道经营', count: 3 },
      { key: 'x', name: 'x', count: 1 },
    ]);
  });

  it('shows a dash for a rate with nothing to count (an empty county)', () => {
    expect(rateText(null)).toBe('—');
    expect(rateText(0.9567)).toBe('95.7%');
  });
});

describe('the administration pages', async () => {
  const { delegationMatrix, scopedTown } = await import('./matrix');
  it('pivots delegations into items × towns with the mode today; a missing cell stays empty', () => {
    const m = delegationMatrix([
      { itemId: 'i2', itemName: '乙事项', kind: 'penalty', townCode: '320585102', modeToday: 'delegated' },
      { itemId: 'i1', itemName: '甲事项', kind: 'licensing', townCode: '320585102', modeToday: 'transition' },
      { itemId: 'i1', itemName: '甲事项', kind: 'licensing', townCode: '320585101', modeToday: 'delegated' },
    ]);
    expect(m.towns).toEqual(['320585101', '320585102']);
    expect(m.rows).toEqual([
      { itemId: 'i1', itemName: '甲事项', kind: 'licensing', modes: { '320585102': 'transition', '320585101': 'delegated' } },
      { itemId: 'i2', itemName: '乙事项', kind: 'penalty', modes: { '320585102': 'delegated' } },
    ]);
    expect(delegationMatrix([])).toEqual({ towns: [], rows: [] });
  });

  it('keeps a town user to their town and lets a county user pick one or the whole county', () => {
    expect(scopedTown('320585102', '320585101')).toBe('320585102');
    expect(scopedTown('320585', '320585101')).toBe('320585101');
    expect(scopedTown('320585', undefined)).toBeUndefined();
  });
});
