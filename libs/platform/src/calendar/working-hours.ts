import { todayInShanghai, type IsoDate } from './calendar-date';
import type { WorkingDayCalendar } from './working-days';

/** One daily period of working time, 'HH:MM' to 'HH:MM' in Asia/Shanghai; the end is exclusive ('24:00' allowed). */
export interface WorkingPeriod {
  readonly start: string;
  readonly end: string;
}

/** A day's working periods, in order and not overlapping; they apply on every working day of the calendar. */
export type WorkingHours = readonly WorkingPeriod[];

/**
 * Jiangsu government office hours (江苏省机关作息时间). Counties and command centres with other hours
 * (summer hours, round-the-clock dispatch) pass their own schedule; this is only the default.
 */
export const DEFAULT_WORKING_HOURS: WorkingHours = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
// Asia/Shanghai has had no daylight saving since 1991, so a fixed offset is exact.
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/**
 * The instant at which `hours` working hours (fractions allowed) have elapsed after `start`, counting
 * only time inside the schedule's periods on the calendar's working days. Time before the first period
 * start is not counted. A result that lands exactly on a period end stays there (a limit reached at
 * 12:00 is 12:00, not 13:30). With 0 hours the result is `start` itself when it is working time,
 * otherwise the next period start: the clock for a zero limit starts at the next working instant.
 */
export function addWorkingHours(calendar: WorkingDayCalendar, start: Date, hours: number, schedule: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  const startMs = instantMs(start, 'start');
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`working hours must be a finite number ≥ 0, got ${hours}`);
  const periods = periodsInMinutes(schedule);
  // Whole milliseconds, so that 0.1 h is exactly 6 minutes and the result is a valid Date.
  let remaining = Math.round(hours * HOUR_MS);
  for (let dayStart = shanghaiDayStart(startMs); ; dayStart += DAY_MS) {
    if (!calendar.isWorkingDay(shanghaiDate(dayStart))) continue;
    for (const period of periods) {
      const from = Math.max(startMs, dayStart + period.start * MINUTE_MS);
      const to = dayStart + period.end * MINUTE_MS;
      if (to <= from) continue;
      if (remaining <= to - from) return new Date(from + remaining);
      remaining -= to - from;
    }
  }
}

/** Working hours elapsed between two instants, counted as in addWorkingHours (0 when `to` ≤ `from`). */
export function workingHoursBetween(calendar: WorkingDayCalendar, from: Date, to: Date, schedule: WorkingHours = DEFAULT_WORKING_HOURS): number {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  const periods = periodsInMinutes(schedule);
  let elapsedMs = 0;
  for (let dayStart = shanghaiDayStart(fromMs); dayStart < toMs; dayStart += DAY_MS) {
    if (!calendar.isWorkingDay(shanghaiDate(dayStart))) continue;
    for (const period of periods) {
      const overlap = Math.min(toMs, dayStart + period.end * MINUTE_MS) - Math.max(fromMs, dayStart + period.start * MINUTE_MS);
      if (overlap > 0) elapsedMs += overlap;
    }
  }
  return elapsedMs / HOUR_MS;
}

interface PeriodMinutes {
  start: number;
  end: number;
}

/** The schedule as minutes after midnight; RangeError when a time is malformed or periods are empty, unordered or overlapping. */
function periodsInMinutes(schedule: WorkingHours): PeriodMinutes[] {
  if (schedule.length === 0) throw new RangeError('working hours need at least one period');
  const periods = schedule.map(({ start, end }) => ({ start: minutesOfDay(start), end: minutesOfDay(end) }));
  periods.forEach((period, i) => {
    const label = `${schedule[i]?.start}–${schedule[i]?.end}`;
    if (period.start >= period.end) throw new RangeError(`working period ${label} must start before it ends`);
    if (period.start === 24 * 60) throw new RangeError(`working period ${label} cannot start at 24:00`);
    const previous = periods[i - 1];
    if (previous && period.start < previous.end) throw new RangeError(`working period ${label} overlaps or precedes the period before it`);
  });
  return periods;
}

function minutesOfDay(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours * 60 + minutes > 24 * 60) throw new RangeError(`working time must be 'HH:MM' between 00:00 and 24:00, got '${time}'`);
  return hours * 60 + minutes;
}

function instantMs(instant: Date, name: string): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a valid instant`);
  return ms;
}

/** The UTC instant of 00:00 Asia/Shanghai on the day containing `ms`. */
function shanghaiDayStart(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
}

function shanghaiDate(dayStart: number): IsoDate {
  return todayInShanghai(new Date(dayStart));
}
