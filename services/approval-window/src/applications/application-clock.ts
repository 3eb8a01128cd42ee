import type { DeadlineClock } from '@yiti/contracts';
import { addDays, type IsoDate, type WorkingDayCalendar } from '@yiti/platform';

/**
 * The licensing periods, all in working days (Licensing Law art. 82), none counting its first day
 * (N working days from D ends on the Nth working day after D).
 */
export const STATUTORY_DECISION_WORKING_DAYS = 20; // art. 42, unless a law or regulation says otherwise
export const EXTENSION_WORKING_DAYS = 10; // art. 42, once, with the head's approval and the reasons told
export const CERTIFICATE_WORKING_DAYS = 10; // art. 44
export const CORRECTION_NOTICE_WORKING_DAYS = 5; // art. 32(4)

/** A period the decision clock stood still (art. 45): the working days d with from ≤ d < to; open while `to` is absent. */
export interface Suspension {
  from: IsoDate;
  to?: IsoDate;
}

export interface DecisionClock {
  /** The acceptance date (受理日), or the receipt date of a deemed acceptance. */
  acceptedOn: IsoDate;
  /** The item's decision limit in working days; the statutory 20 unless the item says otherwise. */
  limitWorkingDays?: number;
  /** Whether the leader extended the period (+10 working days). */
  extended?: boolean;
  suspensions?: Suspension[];
}

function checkDays(days: number, what: string): void {
  if (!Number.isInteger(days) || days <= 0) throw new RangeError(`${what} must be a whole number of working days > 0, got ${days}`);
}

/** Working days d with from ≤ d < to, and d after `after` (the clock counts nothing up to its start). */
function suspendedWorkingDays(calendar: WorkingDayCalendar, suspension: Required<Suspension>, after: IsoDate): number {
  const from = suspension.from > after ? suspension.from : addDays(after, 1);
  // workingDaysBetween(a, b) counts a < d ≤ b, so shift both ends back one day.
  return calendar.workingDaysBetween(addDays(from, -1), addDays(suspension.to, -1));
}

/**
 * The last day of a period of `limit` working days from acceptance, moved on by the working days
 * spent suspended; null while a suspension is open (the clock is paused).
 */
function dueAfter(calendar: WorkingDayCalendar, acceptedOn: IsoDate, limit: number, suspensions: Suspension[]): IsoDate | null {
  let suspended = 0;
  for (const suspension of suspensions) {
    if (suspension.to === undefined) return null;
    if (suspension.to < suspension.from) throw new RangeError(`suspension ends (${suspension.to}) before it starts (${suspension.from})`);
    suspended += suspendedWorkingDays(calendar, { from: suspension.from, to: suspension.to }, acceptedOn);
  }
  return calendar.addWorkingDays(acceptedOn, limit + suspended);
}

/** The statutory decision due date (法定办结时限): acceptance + limit (+10 if extended) + suspended working days; null while paused. */
export function decisionDueDate(calendar: WorkingDayCalendar, clock: DecisionClock): IsoDate | null {
  const limit = clock.limitWorkingDays ?? STATUTORY_DECISION_WORKING_DAYS;
  checkDays(limit, 'the decision limit');
  return dueAfter(calendar, clock.acceptedOn, limit + (clock.extended ? EXTENSION_WORKING_DAYS : 0), clock.suspensions ?? []);
}

/**
 * The promised due date (承诺办结时限): acceptance + the item's promised limit + suspended working
 * days; null while paused. The statutory extension lengthens the statutory period, not the promise.
 */
export function promisedDueDate(calendar: WorkingDayCalendar, clock: Pick<DecisionClock, 'acceptedOn' | 'suspensions'> & { promisedWorkingDays: number }): IsoDate | null {
  checkDays(clock.promisedWorkingDays, 'the promised limit');
  return dueAfter(calendar, clock.acceptedOn, clock.promisedWorkingDays, clock.suspensions ?? []);
}

/** The day the certificate is due (art. 44): 10 working days after the approval. */
export function certificateDueDate(calendar: WorkingDayCalendar, approvedOn: IsoDate): IsoDate {
  return calendar.addWorkingDays(approvedOn, CERTIFICATE_WORKING_DAYS);
}

export type DeemedAcceptance =
  /** Still within the 5 working days and no notice yet: the window may still ask for corrections. */
  | { status: 'pending'; noticeDeadline: IsoDate }
  /** A correction notice went out in time: no deemed acceptance. */
  | { status: 'correction_requested_in_time'; noticeDeadline: IsoDate }
  /** No notice within 5 working days: accepted from the day the materials were received. */
  | { status: 'deemed_accepted'; noticeDeadline: IsoDate; acceptedOn: IsoDate };

/**
 * Art. 32(4): incomplete materials must be told all at once, on the spot or within 5 days; when
 * not, the application counts as accepted from the day the materials were received. Where an
 * application received on `receivedOn` stands on `asOf`, given the date of its correction notice, if any.
 */
export function deemedAcceptance(calendar: WorkingDayCalendar, receivedOn: IsoDate, correctionNoticeOn: IsoDate | undefined, asOf: IsoDate): DeemedAcceptance {
  const noticeDeadline = calendar.addWorkingDays(receivedOn, CORRECTION_NOTICE_WORKING_DAYS);
  if (correctionNoticeOn !== undefined && correctionNoticeOn <= noticeDeadline && correctionNoticeOn <= asOf) return { status: 'correction_requested_in_time', noticeDeadline };
  if (asOf <= noticeDeadline) return { status: 'pending', noticeDeadline };
  return { status: 'deemed_accepted', noticeDeadline, acceptedOn: receivedOn };
}

/** Working days left until `due` on `today`: 0 on the due day, negative when overdue. */
export function workingDaysLeft(calendar: WorkingDayCalendar, due: IsoDate, today: IsoDate): number {
  return today <= due ? calendar.workingDaysBetween(today, due) : -calendar.workingDaysBetween(due, today);
}

/** Past its due date. A paused clock (null) is never overdue. */
export function isOverdue(due: IsoDate | null, today: IsoDate): boolean {
  return due !== null && today > due;
}

/** Not overdue, with at most `withinWorkingDays` working days left. A paused clock (null) is never due soon. */
export function isDueSoon(calendar: WorkingDayCalendar, due: IsoDate | null, today: IsoDate, withinWorkingDays: number): boolean {
  if (due === null || isOverdue(due, today)) return false;
  return calendar.workingDaysBetween(today, due) <= withinWorkingDays;
}

/** A running clock's kind and the date its due date follows from. */
export interface ClockGroupKey {
  clock: DeadlineClock;
  clockOn: IsoDate;
}

/** How many of a town's running clocks are of one kind and date. */
export interface ClockGroup extends ClockGroupKey {
  n: number;
}

/**
 * When a running clock is due: at the window, 5 working days to ask for corrections (from
 * receipt) or, once corrected materials came back (the last change of a resubmitted application),
 * 5 working days to decide on acceptance; then the decision and the certificate, as stored.
 */
export function clockDue(clock: DeadlineClock, clockOn: IsoDate, calendar: WorkingDayCalendar): IsoDate {
  return clock === 'correction_notice' || clock === 'acceptance' ? calendar.addWorkingDays(clockOn, CORRECTION_NOTICE_WORKING_DAYS) : clockOn;
}

/** The groups of one list whose entries a page shows, and how many of their entries come before the page. */
export interface ShownGroups {
  groups: (ClockGroup & { dueOn: IsoDate })[];
  skip: number;
}

/**
 * Entries of a deadlines list sort by due date, then application number: the page of `pageSize`
 * from `offset` lies within the groups of the due dates it reaches (all groups of a date together,
 * since their entries interleave by number), after `skip` of their entries.
 */
export function pageOfGroups(list: (ClockGroup & { dueOn: IsoDate })[], offset: number, pageSize: number): ShownGroups {
  const byDate = new Map<IsoDate, (ClockGroup & { dueOn: IsoDate })[]>();
  for (const g of [...list].sort((a, b) => a.dueOn.localeCompare(b.dueOn))) byDate.set(g.dueOn, [...(byDate.get(g.dueOn) ?? []), g]);
  const groups: ShownGroups['groups'] = [];
  let before = 0;
  let skip = 0;
  for (const dateGroups of byDate.values()) {
    const n = dateGroups.reduce((sum, g) => sum + g.n, 0);
    if (before + n > offset && before < offset + pageSize) {
      if (groups.length === 0) skip = offset - before;
      groups.push(...dateGroups);
    }
    before += n;
  }
  return { groups, skip };
}
