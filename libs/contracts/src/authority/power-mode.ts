import type { PowerMode } from './delegation.dto';

/** A delegation's days, as ISO dates (YYYY-MM-DD). */
export interface DelegationPeriod {
  effectiveFrom: string;
  /** First day after the transition; null when there is none. */
  transitionUntil: string | null;
  /** First day the county exercises the power again; null while not withdrawn. */
  withdrawnOn: string | null;
}

/**
 * How one delegation places the power on a date: before it takes effect or from its withdrawal the
 * county exercises it; during the transition the town and the county department handle it jointly
 * with the department as fallback; afterwards the town holds it.
 */
export function modeOn(delegation: DelegationPeriod, date: string): PowerMode {
  if (date < delegation.effectiveFrom) return 'county';
  if (delegation.withdrawnOn !== null && date >= delegation.withdrawnOn) return 'county';
  if (delegation.transitionUntil !== null && date < delegation.transitionUntil) return 'transition';
  return 'delegated';
}

/** Across a town's delegations of one item (over the years), the one in force on the date. */
export function effectiveDelegation<T extends DelegationPeriod>(delegations: T[], date: string): { mode: PowerMode; delegation: T | null } {
  for (const delegation of delegations) {
    const mode = modeOn(delegation, date);
    if (mode !== 'county') return { mode, delegation };
  }
  return { mode: 'county', delegation: null };
}
