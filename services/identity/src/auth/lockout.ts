/** The login-attempt state of an account and the rule that locks it after repeated failures. */
export interface LockoutState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export interface LockoutPolicy {
  threshold: number;
  lockMinutes: number;
}

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** After a wrong password: count it, and lock once the threshold is reached. */
export function afterFailure(state: LockoutState, policy: LockoutPolicy, now: Date): LockoutState & { lockedNow: boolean } {
  const failures = state.failedAttempts + 1;
  if (failures >= policy.threshold) {
    return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000), lockedNow: true };
  }
  return { failedAttempts: failures, lockedUntil: null, lockedNow: false };
}

export function afterSuccess(): LockoutState {
  return { failedAttempts: 0, lockedUntil: null };
}
