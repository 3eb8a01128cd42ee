import { groupOfKey, groupsToRaise, patternAlertKey, windowOf } from './alert-windows';

const sh = (local: string) => new Date(`${local}+08:00`);

describe('early-warning alert windows (热点、重复诉求 一个窗口只预警一次)', () => {
  it('counts windows in Shanghai calendar days: midnight in Shanghai starts a day, not midnight UTC', () => {
    // 1970-01-01 is day 0: a 1-day window is the day number.
    expect(windowOf(sh('1970-01-01T00:00:00'), 1)).toBe(0);
    expect(windowOf(sh('1970-01-01T23:59:59'), 1)).toBe(0);
    expect(windowOf(sh('1970-01-02T00:00:00'), 1)).toBe(1);
    // 2026-12-03 is day 20,790 = 7 × 2,970: the 7-day window 2,970 runs from 12-03 to 12-09.
    expect(windowOf(sh('2026-12-03T00:00:00'), 7)).toBe(2970);
    expect(windowOf(sh('2026-12-02T23:59:59'), 7)).toBe(2969);
    expect(windowOf(sh('2026-12-09T23:59:59'), 7)).toBe(2970);
    expect(windowOf(sh('2026-12-10T00:00:00'), 7)).toBe(2971);
  });

  it('keys an alert by kind, group and window, and reads the group back', () => {
    const key = patternAlertKey('hotspot', '8a30c1a4a6dffff', sh('2026-12-03T10:00:00'), 7);
    expect(key).toBe('hotspot:8a30c1a4a6dffff:w2970');
    expect(groupOfKey(key)).toBe('hotspot:8a30c1a4a6dffff');
    expect(groupOfKey('repeat:0f3a:w12')).toBe('repeat:0f3a');
    // Keys of other rules' kinds (a reading's) name no group.
    expect(groupOfKey('reading:M-1:2026-12-01')).toBeNull();
  });

  it('raises only the groups not alerted within the rule\'s last days, across a window boundary too', () => {
    const found = [{ cell: 'a' }, { cell: 'b' }, { cell: 'c' }];
    // a was alerted in the previous window (still within D days: the caller reads those keys), b in this one; c never.
    const recent = ['hotspot:a:w2969', 'hotspot:b:w2970', 'repeat:c:w2970', 'reading:M-1:2026-12-01'];
    expect(groupsToRaise('hotspot', found, (f) => f.cell, recent)).toEqual([{ cell: 'c' }]);
    expect(groupsToRaise('hotspot', found, (f) => f.cell, [])).toEqual(found);
    expect(groupsToRaise('repeat', [{ key: 'c' }, { key: 'd' }], (f) => f.key, recent)).toEqual([{ key: 'd' }]);
  });
});
