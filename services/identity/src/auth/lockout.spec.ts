import { afterFailure, afterSuccess, isLocked } from './lockout';

const policy = { threshold: 5, lockMinutes: 15 };
const t0 = new Date('2026-11-26T09:00:00+08:00');

describe('account lockout', () => {
  it('locks on the fifth consecutive failure for fifteen minutes', () => {
    let state = afterSuccess();
    const locks: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const next = afterFailure(state, policy, t0);
      locks.push(next.lockedNow);
      state = next;
    }
    expect(locks).toEqual([false, false, false, false, true]);
    expect(isLocked(state, new Date(t0.getTime() + 14 * 60_000))).toBe(true);
    expect(isLocked(state, new Date(t0.getTime() + 15 * 60_000))).toBe(false);
  });

  it('starts counting afresh after a success or an expired lock', () => {
    const four = { failedAttempts: 4, lockedUntil: null };
    expect(afterFailure(afterSuccess(), policy, t0).failedAttempts).toBe(1);
    expect(afterFailure(four, policy, t0).lockedNow).toBe(true);
    const expired = { failedAttempts: 0, lockedUntil: new Date(t0.getTime() - 1) };
    expect(afterFailure(expired, policy, t0)).toMatchObject({ failedAttempts: 1, lockedNow: false });
  });
});
