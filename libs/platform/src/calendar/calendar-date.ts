import { isCalendarDate } from '@yiti/contracts';
import { DomainException } from '../errors/domain-exception';

/** A calendar date 'YYYY-MM-DD' in Asia/Shanghai; string order is date order. */
export type IsoDate = string;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export function todayInShanghai(now = new Date()): IsoDate {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function isRealDate(value: string): boolean {
  return isCalendarDate(value);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same day N months later; the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** A query's optional date: today in Beijing time when absent; VALIDATION_FAILED when not a real date. */
export function dateOrToday(date: string | undefined, field = 'date'): IsoDate {
  if (date === undefined) return todayInShanghai();
  if (!isRealDate(date)) throw new DomainException('VALIDATION_FAILED', `${date} 不是有效日期 is not a date`, [{ field, messages: ['not a calendar date'] }]);
  return date;
}
