import { CHINA_HOLIDAYS, WorkingDayCalendar } from '@yiti/platform';
import { DEFAULT_TAXONOMY } from '@yiti/contracts';
import { closeOfOffice, dueAt, dueSoonAt, limitFor, onTime } from './sla';

const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);
/** An instant given in Asia/Shanghai time. */
const sh = (local: string) => new Date(`${local}+08:00`);
const category = (code: string) => DEFAULT_TAXONOMY.find((c) => c.code === code) as (typeof DEFAULT_TAXONOMY)[number];

describe('work-order limits (hotline defaults and city management)', () => {
  it('takes urgent orders the same day, consultations in 3 and complaints in 13 working days, city management in office hours', () => {
    expect(limitFor(category('12345.other'), 'urgent', 'complaint')).toEqual({ unit: 'same_day', amount: 0 });
    expect(limitFor(category('12345.other'), 'normal', 'consultation')).toEqual({ unit: 'working_days', amount: 3 });
    expect(limitFor(category('12345.other'), 'normal', 'complaint')).toEqual({ unit: 'working_days', amount: 13 });
    expect(limitFor(category('12345.other'), 'normal', 'suggestion')).toEqual({ unit: 'working_days', amount: 13 });
    expect(limitFor(category('cm.event.street_order'), 'normal', null)).toEqual({ unit: 'working_hours', amount: 4 });
  });

  it('lets a county set its own limits', () => {
    expect(limitFor(category('12345.other'), 'normal', 'consultation', { 'request.consultation': { unit: 'working_days', amount: 2 } })).toEqual({ unit: 'working_days', amount: 2 });
  });
});

describe('due times by the platform calendar', () => {
  const clock = (unit: 'working_days' | 'working_hours' | 'same_day', amount: number, startedAt: Date, extra: { extension?: number; pauses?: { from: string; to?: string }[] } = {}) => ({
    limit: { unit, amount },
    extension: extra.extension ?? 0,
    startedAt,
    pauses: extra.pauses ?? [],
  });

  it('counts 3 working days across National Day 2026 (1–7 October off, 10 October a make-up working day)', () => {
    // Dispatched Wednesday 30 September: 9 and 10 October are the first two working days after the holiday.
    expect(dueAt(calendar, clock('working_days', 3, sh('2026-09-30T10:00:00')))).toEqual(sh('2026-10-10T17:30:00'));
  });

  it('counts 13 working days across the 2026 Spring Festival (15–23 February off, 14 and 28 February working)', () => {
    // From Thursday 12 February: 13, 14 (Sat, make-up), 24, 25, 26, 27, 28 (Sat, make-up), 2, 3, 4, 5, 6, 9 March.
    expect(dueAt(calendar, clock('working_days', 13, sh('2026-02-12T09:00:00')))).toEqual(sh('2026-03-09T17:30:00'));
  });

  it('counts city-management limits in office hours (08:30–12:00, 13:30–17:30), skipping the lunch break, nights and holidays', () => {
    expect(dueAt(calendar, clock('working_hours', 4, sh('2026-12-03T10:00:00')))).toEqual(sh('2026-12-03T15:30:00'));
    // Reported on the evening of 30 September: the next office hours are on Thursday 8 October.
    expect(dueAt(calendar, clock('working_hours', 2, sh('2026-09-30T18:00:00')))).toEqual(sh('2026-10-08T10:30:00'));
    // Across the Spring Festival: Friday 13 February 16:30 + 3 hours → Saturday 14 February (a make-up working day) 10:30.
    expect(dueAt(calendar, clock('working_hours', 3, sh('2026-02-13T16:30:00')))).toEqual(sh('2026-02-14T10:30:00'));
    // From the last make-up day's close, the next office hours are after the holiday: Tuesday 24 February.
    expect(dueAt(calendar, clock('working_hours', 1, sh('2026-02-14T17:30:00')))).toEqual(sh('2026-02-24T09:30:00'));
  });

  it('takes a same-day order to the close of office, or of the next working day when it came after hours or on a holiday', () => {
    expect(dueAt(calendar, clock('same_day', 0, sh('2026-12-03T09:00:00')))).toEqual(sh('2026-12-03T17:30:00'));
    expect(dueAt(calendar, clock('same_day', 0, sh('2026-12-03T18:30:00')))).toEqual(sh('2026-12-04T17:30:00'));
    expect(dueAt(calendar, clock('same_day', 0, sh('2026-10-03T11:00:00')))).toEqual(sh('2026-10-08T17:30:00'));
  });

  it('adds an approved extension and leaves out the time parked (挂账); stands while parked', () => {
    const start = sh('2026-12-01T09:00:00');
    expect(dueAt(calendar, clock('working_days', 3, start, { extension: 2 }))).toEqual(dueAt(calendar, clock('working_days', 5, start)));
    // Parked Thursday 3 to Monday 7 December: Friday and Monday (2 working days) do not count.
    expect(dueAt(calendar, clock('working_days', 3, start, { pauses: [{ from: sh('2026-12-03T10:00:00').toISOString(), to: sh('2026-12-07T10:00:00').toISOString() }] }))).toEqual(sh('2026-12-08T17:30:00'));
    expect(dueAt(calendar, clock('working_days', 3, start, { pauses: [{ from: sh('2026-12-03T10:00:00').toISOString() }] }))).toBeNull();
    // Office hours: 4 hours from 08:30 with 2 office hours parked run to 16:00 (3.5 before lunch, 2.5 after).
    expect(dueAt(calendar, clock('working_hours', 4, sh('2026-12-03T08:30:00'), { pauses: [{ from: sh('2026-12-03T09:00:00').toISOString(), to: sh('2026-12-03T11:00:00').toISOString() }] }))).toEqual(sh('2026-12-03T16:00:00'));
  });

  it('warns before the limit, never before dispatch, and tells on-time from late', () => {
    const due = sh('2026-12-03T17:30:00');
    expect(dueSoonAt(due, sh('2026-12-01T09:00:00'), 4)).toEqual(sh('2026-12-03T13:30:00'));
    expect(dueSoonAt(due, sh('2026-12-03T15:00:00'), 4)).toEqual(sh('2026-12-03T15:00:00'));
    expect(onTime(due, sh('2026-12-03T17:30:00'))).toBe(true);
    expect(onTime(due, sh('2026-12-03T17:31:00'))).toBe(false);
    expect(closeOfOffice(calendar, '2026-10-10')).toEqual(sh('2026-10-10T17:30:00'));
  });
});
