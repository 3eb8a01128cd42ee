import { addMonths, isRealDate, type IsoDate } from '@yiti/platform';

export { effectiveDelegation, modeOn, type DelegationPeriod } from '@yiti/contracts';
import type { DelegationPeriod } from '@yiti/contracts';

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
