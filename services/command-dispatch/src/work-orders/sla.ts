import { DEFAULT_SLA_POLICIES, type RequestType, type SlaLimit, type SlaPolicyKey, type TaxonomyEntry, type WorkOrderUrgency } from '@yiti/contracts';
import { DEFAULT_WORKING_HOURS, addWorkingHours, todayInShanghai, workingHoursBetween, type WorkingDayCalendar, type WorkingHours } from '@yiti/platform';

/** A stretch of time the clock did not run (挂账); `to` absent while it lasts. */
export interface ClockPause {
  from: string;
  to?: string;
}

/** What the due time of an order follows from: recomputed from these alone (a calendar change re-derives it). */
export interface WorkOrderClock {
  limit: SlaLimit;
  /** Approved extensions, in the limit's unit (same-day limits: working days). */
  extension: number;
  startedAt: Date;
  pauses: readonly ClockPause[];
}

/**
 * The limit of an order: urgent orders the same day; a category's own limit (city management in office
 * hours); otherwise by the hotline's request type (consultation 3, complaint/suggestion 13 working
 * days). `policies` are the county's settings over the defaults.
 */
export function limitFor(category: Pick<TaxonomyEntry, 'sla'>, urgency: WorkOrderUrgency, requestType: RequestType | null, policies: Partial<Record<SlaPolicyKey, SlaLimit>> = {}): SlaLimit {
  const policy = (key: SlaPolicyKey): SlaLimit => policies[key] ?? DEFAULT_SLA_POLICIES[key];
  if (urgency === 'urgent') return policy('urgent');
  if (category.sla) return category.sla;
  return policy(`request.${requestType ?? 'complaint'}`);
}

const HOUR_MS = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** 00:00 Asia/Shanghai of a date. */
const shanghaiMidnight = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);

const officeHoursPerDay = (schedule: WorkingHours): number =>
  schedule.reduce((sum, p) => sum + (Number(p.end.slice(0, 2)) * 60 + Number(p.end.slice(3)) - Number(p.start.slice(0, 2)) * 60 - Number(p.start.slice(3))) / 60, 0);

/** The close of office on a working day (17:30 with the default hours), by the platform's office-hours arithmetic. */
export function closeOfOffice(calendar: WorkingDayCalendar, date: string, schedule: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  return addWorkingHours(calendar, shanghaiMidnight(date), officeHoursPerDay(schedule), schedule);
}

/** Working days (or office hours) the pauses took, counted as the limit counts. */
function pausedAmount(calendar: WorkingDayCalendar, unit: SlaLimit['unit'], pauses: readonly ClockPause[], now: Date, schedule: WorkingHours): number {
  let total = 0;
  for (const pause of pauses) {
    const from = new Date(pause.from);
    const to = pause.to ? new Date(pause.to) : now;
    total += unit === 'working_hours' ? workingHoursBetween(calendar, from, to, schedule) : calendar.workingDaysBetween(todayInShanghai(from), todayInShanghai(to));
  }
  return total;
}

/**
 * The instant an order is due, from its clock alone:
 * - working hours: `amount + extension` office hours after dispatch (the time of 挂账 not counted);
 * - working days: the close of office on the Nth working day after the day of dispatch (the first day
 *   not counted), N = amount + extension + working days spent parked;
 * - same day: the close of office on the day of dispatch, or of the next working day when dispatched
 *   after hours or on a rest day; an extension adds working days.
 * null while the order is parked (its clock stands).
 */
export function dueAt(calendar: WorkingDayCalendar, clock: WorkOrderClock, schedule: WorkingHours = DEFAULT_WORKING_HOURS, now = new Date()): Date | null {
  if (clock.pauses.some((p) => !p.to)) return null;
  const { unit, amount } = clock.limit;
  const paused = pausedAmount(calendar, unit, clock.pauses, now, schedule);
  if (unit === 'working_hours') return addWorkingHours(calendar, clock.startedAt, amount + clock.extension + paused, schedule);
  if (unit === 'working_days') return closeOfOffice(calendar, calendar.addWorkingDays(todayInShanghai(clock.startedAt), amount + clock.extension + paused), schedule);
  // same_day: the first working instant at or after dispatch fixes the day.
  const firstWorking = addWorkingHours(calendar, clock.startedAt, 0, schedule);
  return closeOfOffice(calendar, calendar.addWorkingDays(todayInShanghai(firstWorking), clock.extension + paused), schedule);
}

/** When the due-soon warning fires: `hours` before the due time (never before dispatch). */
export function dueSoonAt(due: Date, startedAt: Date, hours: number): Date {
  return new Date(Math.max(startedAt.getTime(), due.getTime() - hours * HOUR_MS));
}

/** Whether an order finished (fed back and verified) by its due time. */
export function onTime(due: Date | null, finishedAt: Date): boolean {
  return due === null || finishedAt.getTime() <= due.getTime();
}
