import { DomainException } from '../errors/domain-exception';
import { CHINA_HOLIDAYS } from './holidays-cn';
import { WorkingDayCalendar, holidayYearProblems } from './working-days';

const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);

describe('working-day calendar', () => {
  it('knows holidays, weekends and make-up working days', () => {
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // 国庆
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休上班
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday before 春节, 调休上班
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false); // last day of 春节
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休上班
    expect(calendar.isWorkingDay('2026-11-26')).toBe(true); // a Thursday
  });

  it('adds working days across National Day 2026 and the Mid-Autumn holiday, not counting the first day', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
    expect(calendar.addWorkingDays('2026-09-19', 1)).toBe('2026-09-20');
    expect(calendar.addWorkingDays('2026-09-21', 20)).toBe('2026-10-26');
    expect(calendar.addWorkingDays('2026-09-21', 0)).toBe('2026-09-21');
  });

  it('adds working days across the 2026 Spring Festival with its make-up days', () => {
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
    // 02-16..02-23 off, 02-28 Saturday works: 2/24,25,26,27,28, 3/2
    expect(calendar.addWorkingDays('2026-02-13', 7)).toBe('2026-03-02');
  });

  it('counts working days between two dates', () => {
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-08')).toBe(1);
    expect(calendar.workingDaysBetween('2026-09-21', '2026-10-26')).toBe(20);
    expect(calendar.workingDaysBetween('2026-10-26', '2026-09-21')).toBe(0);
  });

  it('ends a calendar-day period that falls on a holiday on the next working day (Civil Code art. 203)', () => {
    expect(calendar.calendarPeriodEnd('2026-09-25', 7)).toBe('2026-10-08');
    expect(calendar.calendarPeriodEnd('2026-11-02', 3)).toBe('2026-11-05');
  });

  it('refuses dates of a year it has no data for, and marks 2027 provisional', () => {
    expect(() => calendar.isWorkingDay('2028-03-01')).toThrow(DomainException);
    expect(calendar.isProvisional('2027-03-01')).toBe(true);
    expect(calendar.isProvisional('2026-03-01')).toBe(false);
  });
});

describe('holiday data checks', () => {
  it('accepts the shipped years and refuses dates outside the year, overlaps and weekday make-up days', () => {
    for (const year of CHINA_HOLIDAYS) expect(holidayYearProblems(year)).toEqual([]);
    expect(holidayYearProblems({ year: 2027, daysOff: ['2026-12-31', '2027-02-30'], makeupWorkdays: ['2027-02-06', '2027-02-08'] })).toEqual([
      '2026-12-31 is not a date of 2027',
      '2027-02-30 is not a date of 2027',
      'make-up working day 2027-02-08 is not a weekend day',
    ]);
    expect(holidayYearProblems({ year: 2027, daysOff: ['2027-02-06'], makeupWorkdays: ['2027-02-06'] })).toEqual(['2027-02-06 cannot be both a day off and a make-up working day']);
  });
});
