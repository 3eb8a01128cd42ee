import { CHINA_HOLIDAYS } from './holidays-cn';
import { WorkingDayCalendar } from './working-days';
import { addWorkingHours, workingHoursBetween, type WorkingHours } from './working-hours';

const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);

/** An instant given as Asia/Shanghai wall-clock time 'YYYY-MM-DDTHH:MM'. */
const at = (local: string) => new Date(`${local}+08:00`);
/** The Asia/Shanghai wall-clock time of an instant, 'YYYY-MM-DDTHH:MM' (readable failures). */
const local = (instant: Date) => new Date(instant.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 16);
const plus = (start: string, hours: number, schedule?: WorkingHours) => local(addWorkingHours(calendar, at(start), hours, schedule));
const between = (from: string, to: string, schedule?: WorkingHours) => workingHoursBetween(calendar, at(from), at(to), schedule);

// 2026-11-26 is a Thursday, 11-27 a Friday, 11-30 a Monday; no holidays around them.
describe('adding working hours (08:30–12:00, 13:30–17:30 on working days)', () => {
  it('stays within one morning, and a limit reached at noon is noon', () => {
    expect(plus('2026-11-26T09:00', 2)).toBe('2026-11-26T11:00');
    expect(plus('2026-11-26T08:30', 3.5)).toBe('2026-11-26T12:00');
  });

  it('skips the lunch break', () => {
    expect(plus('2026-11-26T11:00', 2)).toBe('2026-11-26T14:30');
    expect(plus('2026-11-26T08:30', 7.5)).toBe('2026-11-26T17:30');
  });

  it('crosses the evening into the next working day', () => {
    expect(plus('2026-11-26T16:30', 2)).toBe('2026-11-27T09:30');
    expect(plus('2026-11-26T08:30', 7.5 + 4)).toBe('2026-11-27T14:00');
  });

  it('carries Friday afternoon over the weekend into Monday', () => {
    expect(plus('2026-11-27T16:00', 3)).toBe('2026-11-30T10:00');
  });

  it('skips National Day 2026 and works the make-up Saturday after it', () => {
    // 10-01..10-07 off; 10-08 Thursday and 10-09 Friday work; Saturday 10-10 is 调休上班; Sunday 10-11 off.
    expect(plus('2026-09-30T16:00', 2)).toBe('2026-10-08T09:00');
    expect(plus('2026-09-30T08:30', 7.5 + 1)).toBe('2026-10-08T09:30');
    expect(plus('2026-10-09T17:00', 1)).toBe('2026-10-10T09:00');
    expect(plus('2026-10-10T17:00', 1)).toBe('2026-10-12T09:00');
    expect(plus('2026-10-03T10:00', 1)).toBe('2026-10-08T09:30');
  });

  it('skips the Mid-Autumn holiday and works the make-up Sunday before it', () => {
    // Sunday 09-20 is 调休上班; 09-25 (Friday) to 09-27 off.
    expect(plus('2026-09-19T10:00', 1)).toBe('2026-09-20T09:30');
    expect(plus('2026-09-24T17:00', 1)).toBe('2026-09-28T09:00');
  });

  it('starts counting at the next period when started at night, at lunch or on a weekend', () => {
    expect(plus('2026-11-26T20:00', 1)).toBe('2026-11-27T09:30');
    expect(plus('2026-11-27T02:00', 1)).toBe('2026-11-27T09:30'); // still 11-26 in UTC
    expect(plus('2026-11-26T06:00', 1)).toBe('2026-11-26T09:30');
    expect(plus('2026-11-26T12:30', 1)).toBe('2026-11-26T14:30');
    expect(plus('2026-11-28T10:00', 2)).toBe('2026-11-30T10:30'); // Saturday
  });

  it('adds fractions of an hour', () => {
    expect(plus('2026-11-26T11:45', 0.5)).toBe('2026-11-26T13:45');
    expect(plus('2026-11-26T09:00', 0.25)).toBe('2026-11-26T09:15');
    expect(plus('2026-11-26T09:00', 0.1)).toBe('2026-11-26T09:06');
    expect(plus('2026-11-26T17:20', 1 / 3)).toBe('2026-11-27T08:40');
  });

  it('with 0 hours gives the start when it is working time, otherwise the next working instant', () => {
    expect(plus('2026-11-26T10:00', 0)).toBe('2026-11-26T10:00');
    expect(plus('2026-11-26T12:00', 0)).toBe('2026-11-26T13:30');
    expect(plus('2026-11-27T17:30', 0)).toBe('2026-11-30T08:30');
  });

  it('uses a local schedule when given one', () => {
    const roundTheClock: WorkingHours = [{ start: '00:00', end: '24:00' }];
    expect(plus('2026-11-27T23:00', 2, roundTheClock)).toBe('2026-11-30T01:00');
    const summer: WorkingHours = [
      { start: '08:00', end: '12:00' },
      { start: '14:30', end: '17:30' },
    ];
    expect(plus('2026-07-01T11:00', 2, summer)).toBe('2026-07-01T15:30');
  });
});

describe('working hours between two instants', () => {
  it('counts only working time', () => {
    expect(between('2026-11-26T11:00', '2026-11-26T14:30')).toBe(2);
    expect(between('2026-11-26T00:00', '2026-11-27T00:00')).toBe(7.5);
    expect(between('2026-11-27T16:00', '2026-11-30T10:00')).toBe(3);
    expect(between('2026-09-30T16:00', '2026-10-08T09:00')).toBe(2);
    expect(between('2026-10-01T09:00', '2026-10-07T17:00')).toBe(0);
    expect(between('2026-11-26T11:45', '2026-11-26T13:45')).toBe(0.5);
  });

  it('is 0 when `to` is not after `from`', () => {
    expect(between('2026-11-26T14:30', '2026-11-26T11:00')).toBe(0);
    expect(between('2026-11-26T10:00', '2026-11-26T10:00')).toBe(0);
  });

  it('is the inverse of adding working hours', () => {
    const starts = ['2026-11-26T09:00', '2026-11-26T12:15', '2026-11-27T16:00', '2026-09-30T16:00', '2026-10-09T17:00', '2026-11-28T10:00'];
    for (const start of starts) {
      for (const hours of [0, 0.5, 2, 7.5, 20.25]) {
        expect(workingHoursBetween(calendar, at(start), addWorkingHours(calendar, at(start), hours))).toBe(hours);
      }
    }
    // And the other way round, from a working instant to a working instant.
    expect(plus('2026-09-30T16:00', between('2026-09-30T16:00', '2026-10-10T11:00'))).toBe('2026-10-10T11:00');
  });
});

describe('invalid input', () => {
  it('refuses negative, NaN and infinite hours and invalid instants', () => {
    expect(() => addWorkingHours(calendar, at('2026-11-26T09:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingHours(calendar, at('2026-11-26T09:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingHours(calendar, at('2026-11-26T09:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addWorkingHours(calendar, new Date('not a date'), 1)).toThrow(RangeError);
    expect(() => workingHoursBetween(calendar, at('2026-11-26T09:00'), new Date(Number.NaN))).toThrow(RangeError);
  });

  it('refuses malformed, empty, reversed, unordered and overlapping schedules', () => {
    const bad: WorkingHours[] = [
      [],
      [{ start: '8:30', end: '12:00' }],
      [{ start: '08:30', end: '24:30' }],
      [{ start: '08:60', end: '12:00' }],
      [{ start: '12:00', end: '08:30' }],
      [{ start: '09:00', end: '09:00' }],
      [
        { start: '13:30', end: '17:30' },
        { start: '08:30', end: '12:00' },
      ],
      [
        { start: '08:30', end: '12:00' },
        { start: '11:30', end: '17:30' },
      ],
    ];
    for (const schedule of bad) {
      expect(() => addWorkingHours(calendar, at('2026-11-26T09:00'), 1, schedule)).toThrow(RangeError);
      expect(() => workingHoursBetween(calendar, at('2026-11-26T09:00'), at('2026-11-26T10:00'), schedule)).toThrow(RangeError);
    }
  });
});
