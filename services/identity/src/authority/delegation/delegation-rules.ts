import type { PowerMode } from '@yiti/contracts';
import { addMonths, isRealDate, type IsoDate } from '@yiti/platform';

export interface DelegationPeriod {
  effectiveFrom: IsoDate;
  /** First day after the transition; null when there is none. */
  transitionUntil: IsoDate | null;
  /** First day the county exercises the power again; null while not withdrawn. */
  withdrawnOn: IsoDate | null;
}

/**
 * How one delegation places the power on a date: before it takes effect or from its withdrawal the
 * county exercises it; during the transition the town and the county department handle it jointly
 * with the department as fallback; afterwards the town holds it.
 */
export function modeOn(delegation: DelegationPeriod, date: IsoDate): PowerMode {
  if (date < delegation.effectiveFrom) return 'county';
  if (delegation.withdrawnOn !== null && date >= delegation.withdrawnOn) return 'county';
  if (delegation.transitionUntil !== null && date < delegation.transitionUntil) return 'transition';
  return 'delegated';
}

/** Across a town's delegations of one item (over the years), the one in force on the date. */
export function effectiveDelegation<T extends DelegationPeriod>(delegations: T[], date: IsoDate): { mode: PowerMode; delegation: T | null } {
  for (const delegation of delegations) {
    const mode = modeOn(delegation, date);
    if (mode !== 'county') return { mode, delegation };
  }
  return { mode: 'county', delegation: null };
}

export const MAX_TRANSITION_MONTHS = 3;

const PAST_REWRITE = 'the past cannot be rewritten: the date must be today or later';

/** Why a delegation change is refused, or null when it is allowed. */
export function adjustmentProblem(delegation: DelegationPeriod, transitionUntil: IsoDate | null, today: IsoDate): string | null {
  if (delegation.withdrawnOn !== null) return 'withdrawn';
  if (transitionUntil === null) return null;
  if (!isRealDate(transitionUntil)) return `transitionUntil ${transitionUntil} is not a date`;
  if (transitionUntil <= delegation.effectiveFrom) return 'the transition must end after the effective date';
  if (transitionUntil > addMonths(delegation.effectiveFrom, MAX_TRANSITION_MONTHS)) return 'a transition lasts at most 3 months';
  if (transitionUntil < today) return PAST_REWRITE;
  return null;
}

/**
 * "End the transition now": from today the town holds the power alone. Days already spent in
 * transition stay so in history; before the effective date the transition is simply dropped.
 */
export function transitionEndingToday(delegation: DelegationPeriod, today: IsoDate): IsoDate | null {
  return today > delegation.effectiveFrom ? today : null;
}

/** A withdrawal takes effect today or later: days already gone keep the mode they were decided under. */
export function withdrawalProblem(delegation: DelegationPeriod, withdrawnOn: IsoDate, today: IsoDate): string | null {
  if (delegation.withdrawnOn !== null) return 'withdrawn';
  if (!isRealDate(withdrawnOn)) return `withdrawnOn ${withdrawnOn} is not a date`;
  if (withdrawnOn < delegation.effectiveFrom) return 'withdrawal cannot precede the effective date';
  if (withdrawnOn < today) return PAST_REWRITE;
  return null;
}
