import { addDays, addMonths, type IsoDate, type WorkingDayCalendar } from '@yiti/platform';

/**
 * The penalty case's periods, each with its unit. Penalty Law art. 85: its 2-, 3-, 5- and 7-day
 * periods are working days, every other day count is calendar days; a calendar-day period whose last
 * day is not a working day ends on the next working day (Civil Code art. 203). No period counts its
 * first day.
 */
export const DECISION_CALENDAR_DAYS = 90; // art. 60
export const DEFAULT_STATEMENT_WORKING_DAYS = 3; // local practice, configurable
export const HEARING_REQUEST_WORKING_DAYS = 5; // art. 64(1)
export const HEARING_NOTICE_WORKING_DAYS = 7; // art. 64(2)
export const SERVICE_WORKING_DAYS = 7; // art. 61
export const PAYMENT_CALENDAR_DAYS = 15; // art. 67
export const PRESERVATION_DECISION_WORKING_DAYS = 7; // art. 56 (先行登记保存)
export const LATE_FEE_PERCENT_PER_DAY = 3; // art. 72(1)
export const LIMITATION_YEARS = 2; // art. 36
export const LIMITATION_YEARS_SAFETY = 5; // art. 36: life, health or financial safety, with consequences

/** The decision due date (art. 60): 90 calendar days from filing, plus every approved extension. */
export function decisionDueDate(calendar: WorkingDayCalendar, filedOn: IsoDate, extensionDays: readonly number[] = []): IsoDate {
  for (const days of extensionDays) if (!Number.isInteger(days) || days <= 0) throw new RangeError(`an extension is a whole number of calendar days > 0, got ${days}`);
  return calendar.calendarPeriodEnd(filedOn, DECISION_CALENDAR_DAYS + extensionDays.reduce((sum, days) => sum + days, 0));
}

/** The last day for statements and defence after the prior notice (事先告知). */
export function statementsDueDate(calendar: WorkingDayCalendar, notifiedOn: IsoDate, workingDays = DEFAULT_STATEMENT_WORKING_DAYS): IsoDate {
  return calendar.addWorkingDays(notifiedOn, workingDays);
}

/** The last day the party may ask for a hearing (art. 64: 5 working days after the notice). */
export function hearingRequestDueDate(calendar: WorkingDayCalendar, notifiedOn: IsoDate): IsoDate {
  return calendar.addWorkingDays(notifiedOn, HEARING_REQUEST_WORKING_DAYS);
}

/** The earliest hearing date for a hearing notice sent on `noticedOn` (art. 64: at least 7 working days before). */
export function earliestHearingDate(calendar: WorkingDayCalendar, noticedOn: IsoDate): IsoDate {
  return calendar.addWorkingDays(noticedOn, HEARING_NOTICE_WORKING_DAYS);
}

/** The last day to serve the decision (art. 61: 7 working days). */
export function serviceDueDate(calendar: WorkingDayCalendar, decidedOn: IsoDate): IsoDate {
  return calendar.addWorkingDays(decidedOn, SERVICE_WORKING_DAYS);
}

/** The last day to pay the fine (art. 67: 15 calendar days from service). */
export function paymentDueDate(calendar: WorkingDayCalendar, servedOn: IsoDate): IsoDate {
  return calendar.calendarPeriodEnd(servedOn, PAYMENT_CALENDAR_DAYS);
}

/**
 * The late fee (加处罚款, art. 72): 3 % of the fine for each calendar day after the payment due date
 * up to the day paid, never more than the fine. Amounts in fen (分), rounded down.
 */
export function lateFeeFen(fineFen: number, paymentDue: IsoDate, paidOn: IsoDate): number {
  if (!Number.isInteger(fineFen) || fineFen < 0) throw new RangeError(`a fine is a whole number of fen ≥ 0, got ${fineFen}`);
  let daysLate = 0;
  for (let day = addDays(paymentDue, 1); day <= paidOn && daysLate * LATE_FEE_PERCENT_PER_DAY < 100; day = addDays(day, 1)) daysLate++;
  return Math.min(fineFen, Math.floor((fineFen * LATE_FEE_PERCENT_PER_DAY * daysLate) / 100));
}

export type LimitationCheck = { withinLimitation: true; limitationEnds: IsoDate } | { withinLimitation: false; limitationEnds: IsoDate; years: number };

/**
 * Art. 36: no penalty for a violation not discovered within 2 years (5 where life, health or financial
 * safety is concerned with harmful consequences), counted from the day it was committed, or from the
 * day a continuing violation ended.
 */
export function checkLimitation(violationEndedOn: IsoDate, discoveredOn: IsoDate, safetyConcerned: boolean): LimitationCheck {
  const years = safetyConcerned ? LIMITATION_YEARS_SAFETY : LIMITATION_YEARS;
  const limitationEnds = addMonths(violationEndedOn, 12 * years);
  return discoveredOn <= limitationEnds ? { withinLimitation: true, limitationEnds } : { withinLimitation: false, limitationEnds, years };
}
