const DAY_MS = 86_400_000;
/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The window of a hotspot or repeat rule of `days` days that `now` falls in: Shanghai calendar days
 * since 1970-01-01 counted in blocks of `days`. An alert's key carries it, so that one group (an H3
 * cell, a caller, an address) raises at most one alert per window, whichever instance evaluates.
 */
export function windowOf(now: Date, days: number): number {
  return Math.floor(Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) / days);
}

/** The alert key of a group in the window of `now`: `<kind>:<group>:w<window>`. */
export function patternAlertKey(kind: 'hotspot' | 'repeat', group: string, now: Date, days: number): string {
  return `${kind}:${group}:w${windowOf(now, days)}`;
}

/** The group a pattern alert key names (`<kind>:<group>`), or null for another kind of key. */
export function groupOfKey(key: string): string | null {
  const match = /^(hotspot|repeat):(.+):w\d+$/.exec(key);
  return match ? `${match[1]}:${match[2]}` : null;
}

/**
 * What to raise of the groups found now: a group already alerted within the rule's last `days` days
 * (`recentKeys`, the keys of the rule's alerts since then) is not alerted again, even across a
 * window's boundary; the key's window stops two evaluations running at once from raising it twice.
 */
export function groupsToRaise<T>(kind: 'hotspot' | 'repeat', found: readonly T[], groupOf: (item: T) => string, recentKeys: Iterable<string>): T[] {
  const recent = new Set<string>();
  for (const key of recentKeys) {
    const group = groupOfKey(key);
    if (group) recent.add(group);
  }
  return found.filter((item) => !recent.has(`${kind}:${groupOf(item)}`));
}
