import type { EntityManager } from 'typeorm';

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

/**
 * After a wrong password: counts it and, on reaching the threshold, locks the account (or, when it
 * is locked already, extends the lock) and starts counting afresh. One UPDATE, so parallel failures
 * each count: reading the count and writing it back would let twenty at once count as one.
 */
export async function countFailure(em: EntityManager, userId: string, policy: LockoutPolicy): Promise<LockoutState & { lockedNow: boolean }> {
  const [rows]: [{ failed_attempts: number; locked_until: Date | null }[], number] = await em.query(
    `UPDATE identity.app_user SET
       failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
       locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
     WHERE id = $1
     RETURNING failed_attempts, locked_until`,
    [userId, policy.threshold, policy.lockMinutes],
  );
  const row = rows[0];
  if (!row) return { failedAttempts: 0, lockedUntil: null, lockedNow: false };
  return { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until, lockedNow: row.failed_attempts === 0 };
}

export function afterSuccess(): LockoutState {
  return { failedAttempts: 0, lockedUntil: null };
}
