import { afterSuccess, isLocked } from './lockout';

const t0 = new Date('2026-11-26T09:00:00+08:00');

describe('account lockout', () => {
  it('holds a lock until the instant it ends', () => {
    const locked = { failedAttempts: 0, lockedUntil: new Date(t0.getTime() + 15 * 60_000) };
    expect(isLocked(locked, new Date(t0.getTime() + 14 * 60_000))).toBe(true);
    expect(isLocked(locked, new Date(t0.getTime() + 15 * 60_000))).toBe(false);
    expect(isLocked(afterSuccess(), t0)).toBe(false);
  });
});
