import type { HouseholdRecipient } from '@yiti/contracts';
import { findHotspots, resolutionFor, type LocatedOrder } from './hotspots';
import { matchReadings } from './readings';
import { findRepeats, normaliseAddress, type CallerOrder } from './repeats';
import { checkRuleParams } from './rule-params';

const categories = new Set(['rule_alert.check_visit', 'event.city_appearance']);

describe('early-warning rule parameters (研判预警规则校验)', () => {
  it('accepts a Liuhe reading rule and keeps only its own keys', () => {
    const check = checkRuleParams('reading_threshold', { readingKind: 'electricity_kwh', householdFlag: 'vacant', threshold: 1.5 }, categories);
    expect(check).toEqual({ ok: true, params: { readingKind: 'electricity_kwh', householdFlag: 'vacant', threshold: 1.5 } });
  });

  it('names every bad field: unknown key, wrong flag, threshold out of bounds, unknown category', () => {
    const check = checkRuleParams('reading_threshold', { readingKind: 'electricity_kwh', householdFlag: 'empty', threshold: -1, orderCategory: 'no.such', extra: 1 }, categories);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => p.field).sort()).toEqual(['params.extra', 'params.householdFlag', 'params.orderCategory', 'params.threshold']);
  });

  it('requires integers for counts and days and a radius within bounds', () => {
    const check = checkRuleParams('hotspot', { category: 'event.city_appearance', minOrders: 2.5, radiusMetres: 10_000, days: 0 }, categories);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => p.field).sort()).toEqual(['params.days', 'params.minOrders', 'params.radiusMetres']);
    expect(checkRuleParams('repeat', { key: 'caller', minOrders: 3, days: 30 }, categories)).toEqual({ ok: true, params: { key: 'caller', minOrders: 3, days: 30 } });
    expect(checkRuleParams('repeat', { key: 'name', minOrders: 3, days: 30 }, categories).ok).toBe(false);
  });
});

describe('reading threshold (the Liuhe case)', () => {
  const household = (id: string, flags: HouseholdRecipient['flags']): HouseholdRecipient => ({ id, townCode: '320585102', gridCode: '320585102001001', gridName: 'g', address: 'a', lng: null, lat: null, flags, gridWorkerIds: ['w'] });
  const households = new Map([
    ['h-vacant', household('h-vacant', ['vacant'])],
    ['h-lived', household('h-lived', [])],
  ]);
  const rule = { id: 'r1', params: { readingKind: 'electricity_kwh' as const, householdFlag: 'vacant' as const, threshold: 1.5 } };

  it('matches only vacant households strictly above the threshold, one key per meter and day', () => {
    const matches = matchReadings(
      [rule],
      [
        { meterNo: 'M1', householdId: 'h-vacant', day: '2026-11-30', value: 3.2 },
        { meterNo: 'M1', householdId: 'h-vacant', day: '2026-11-29', value: 1.5 },
        { meterNo: 'M2', householdId: 'h-lived', day: '2026-11-30', value: 9 },
        { meterNo: 'M3', householdId: 'h-unknown', day: '2026-11-30', value: 9 },
      ],
      households,
    );
    expect(matches.map((m) => [m.household.id, m.alertKey])).toEqual([['h-vacant', 'reading:M1:2026-11-30']]);
  });
});

describe('hotspots with h3-js', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const at = (id: string, lng: number, lat: number, daysAgo = 1, category = 'event.city_appearance'): LocatedOrder => ({ id, category, lng, lat, createdAt: new Date(now.getTime() - daysAgo * 86_400_000), townCode: '320585102' });
  // 0.001° of latitude ≈ 111 m.
  const params = { category: 'event.city_appearance', minOrders: 3, radiusMetres: 200, days: 7 };

  it('picks a resolution whose hexagon edge covers the radius', () => {
    expect(resolutionFor(200)).toBe(9);
    expect(resolutionFor(1_000)).toBe(7);
  });

  it('finds three orders within 200 m and ignores far, old and other-category orders', () => {
    const orders = [at('a', 121.1, 31.45), at('b', 121.1, 31.4510), at('c', 121.1005, 31.4505), at('far', 121.2, 31.45), at('old', 121.1, 31.4501, 9), at('other', 121.1, 31.4502, 1, 'event.advertising')];
    const spots = findHotspots(params, orders, now);
    expect(spots).toHaveLength(1);
    expect(spots[0].orderIds).toEqual(['a', 'b', 'c']);
    expect(spots[0].cell).toMatch(/^89[0-9a-f]{13}$/);
  });

  it('does not count the same orders twice and needs N within the radius', () => {
    const spread = [at('a', 121.1, 31.45), at('b', 121.1, 31.452), at('c', 121.1, 31.454)]; // 222 m apart in a line
    expect(findHotspots(params, spread, now)).toEqual([]);
    const two = [...[0, 1, 2].map((i) => at(`x${i}`, 121.1, 31.45 + i * 0.0003)), ...[0, 1, 2].map((i) => at(`y${i}`, 121.13, 31.45 + i * 0.0003))];
    expect(findHotspots(params, two, now).map((s) => s.orderIds)).toEqual([
      ['x0', 'x1', 'x2'],
      ['y0', 'y1', 'y2'],
    ]);
  });
});

describe('repeats', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const order = (id: string, callerHash: string | null, address: string | null, daysAgo: number): CallerOrder => ({ id, category: 'hotline.complaint', callerHash, address, createdAt: new Date(now.getTime() - daysAgo * 86_400_000), townCode: '320585102' });

  it('groups the same caller hash within the window', () => {
    const orders = [order('1', 'h1', null, 1), order('2', 'h1', null, 2), order('3', 'h1', null, 3), order('4', 'h1', null, 40), order('5', 'h2', null, 1)];
    const groups = findRepeats({ key: 'caller', minOrders: 3, days: 30 }, orders, now);
    expect(groups).toHaveLength(1);
    expect(groups[0].orderIds).toEqual(['3', '2', '1']);
    expect(groups[0].keyHash).not.toContain('h1');
  });

  it('compares addresses without spaces or full-width differences', () => {
    expect(normaliseAddress(' 六合村 ３号 ')).toBe('六合村3号');
    const orders = [order('1', null, '六合村3号', 1), order('2', null, '六合村 ３号', 2), order('3', null, '六合村4号', 2)];
    expect(findRepeats({ key: 'address', minOrders: 2, days: 7 }, orders, now).map((g) => g.orderIds)).toEqual([['2', '1']]);
  });
});
