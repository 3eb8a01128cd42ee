import { DomainException } from '../errors/domain-exception';
import { addDays, isRealDate, type IsoDate } from './calendar-date';
import type { HolidayYear } from './holidays-cn';

/**
 * Working days as the Licensing Law counts them (art. 82): weekdays, less official holidays, plus
 * make-up working days. A period "does not count its first day": N working days from D is the Nth
 * working day after D.
 */
export class WorkingDayCalendar {
  private readonly daysOff = new Set<IsoDate>();
  private readonly makeup = new Set<IsoDate>();
  private readonly years = new Map<number, HolidayYear>();
  /** The calendar never changes once built (a new year's data makes a new calendar): answers are kept. */
  private readonly answers = new Map<string, IsoDate | number>();

  constructor(years: HolidayYear[]) {
    for (const year of years) {
      this.years.set(year.year, year);
      year.daysOff.forEach((d) => this.daysOff.add(d));
      year.makeupWorkdays.forEach((d) => this.makeup.add(d));
    }
  }

  /** Whether the year's data is provisional (not yet published by the State Council). */
  isProvisional(date: IsoDate): boolean {
    return this.yearOf(date).provisional;
  }

  isWorkingDay(date: IsoDate): boolean {
    this.yearOf(date);
    if (this.makeup.has(date)) return true;
    if (this.daysOff.has(date)) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The Nth working day after `start` (N ≥ 0; N = 0 gives `start` itself). */
  addWorkingDays(start: IsoDate, days: number): IsoDate {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${days}`);
    return this.remembered(`+${start}/${days}`, () => {
      let date = start;
      let left = days;
      while (left > 0) {
        date = addDays(date, 1);
        if (this.isWorkingDay(date)) left--;
      }
      return date;
    });
  }

  /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    return this.remembered(`#${from}/${to}`, () => {
      let count = 0;
      for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) if (this.isWorkingDay(date)) count++;
      return count;
    });
  }

  /**
   * A period in calendar days (Civil Code art. 201, 203): it starts the day after `start`; when
   * its last day is a rest day or holiday, it ends on the next working day.
   */
  calendarPeriodEnd(start: IsoDate, days: number): IsoDate {
    let end = addDays(start, days);
    while (!this.isWorkingDay(end)) end = addDays(end, 1);
    return end;
  }

  private remembered<T extends IsoDate | number>(key: string, compute: () => T): T {
    const known = this.answers.get(key);
    if (known !== undefined) return known as T;
    const value = compute();
    if (this.answers.size >= 100_000) this.answers.clear();
    this.answers.set(key, value);
    return value;
  }

  private yearOf(date: IsoDate): HolidayYear {
    const year = this.years.get(Number(date.slice(0, 4)));
    if (!year) throw new DomainException('CALENDAR_YEAR_MISSING', `${date.slice(0, 4)} 年节假日数据未配置 No holiday data for ${date.slice(0, 4)}`);
    return year;
  }
}

/** What is wrong with one year's holiday data, if anything (operators edit it). */
export function holidayYearProblems(data: Pick<HolidayYear, 'year' | 'daysOff' | 'makeupWorkdays'>): string[] {
  const problems: string[] = [];
  const inYear = (d: IsoDate) => isRealDate(d) && d.startsWith(`${data.year}-`);
  for (const d of [...data.daysOff, ...data.makeupWorkdays]) if (!inYear(d)) problems.push(`${d} is not a date of ${data.year}`);
  for (const d of data.makeupWorkdays) {
    if (data.daysOff.includes(d)) problems.push(`${d} cannot be both a day off and a make-up working day`);
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (isRealDate(d) && weekday !== 0 && weekday !== 6) problems.push(`make-up working day ${d} is not a weekend day`);
  }
  return problems;
}
