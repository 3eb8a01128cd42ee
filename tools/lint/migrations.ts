/** A TypeORM migration class found in the source: `export class <Name><unix ms> implements MigrationInterface`. */
export interface MigrationClass {
  path: string;
  className: string;
  /** The 13-digit unix ms at the end of the class name (TypeORM orders a schema's migrations by it). */
  timestamp: string;
  /** The class's `name = '…'` (what the schema's migrations table records), when it sets one. */
  recordedName: string | null;
}

const CLASS = /export class (\w+?)(\d{13}) implements MigrationInterface\s*\{\s*(?:name\s*=\s*'([^']*)')?/g;

/** The migration classes of one file. */
export function migrationClasses(path: string, source: string): MigrationClass[] {
  return [...source.matchAll(CLASS)].map((m) => ({ path, className: `${m[1]}${m[2]}`, timestamp: m[2] as string, recordedName: m[3] ?? null }));
}

/**
 * Timestamps already shared by landed migrations before the check existed. Landed migrations are
 * never renamed (their names are recorded in every database's migrations table), so these stay; no
 * other timestamp may be shared, and this list must not grow.
 */
export const LANDED_TIMESTAMP_COLLISIONS: Record<string, string[]> = {
  '1764547200000': ['DutyResponsibleOrganisation1764547200000', 'PlatformIdempotency1764547200000'],
  '1764979200000': ['ApplicationFidelity1764979200000', 'PlatformAuditSeals1764979200000'],
  '1796300000000': ['ChannelCredentials1796300000000', 'Households1796300000000', 'PenaltiesAndSupervision1796300000000'],
  '1796300100000': ['DelegationTownItem1796300100000', 'WorkOrderStepOrder1796300100000'],
};

/** What is wrong with a set of migrations: shared class names, shared timestamps (beyond the landed ones), a recorded name unlike the class. */
export function migrationProblems(migrations: MigrationClass[]): string[] {
  const problems: string[] = [];
  const by = (key: (m: MigrationClass) => string) => {
    const groups = new Map<string, MigrationClass[]>();
    for (const m of migrations) groups.set(key(m), [...(groups.get(key(m)) ?? []), m]);
    return [...groups.entries()].filter(([, group]) => group.length > 1);
  };
  for (const [name, group] of by((m) => m.className)) problems.push(`class name ${name} is used by ${group.map((m) => m.path).join(', ')}`);
  for (const [timestamp, group] of by((m) => m.timestamp)) {
    const names = [...new Set(group.map((m) => m.className))].sort();
    const landed = LANDED_TIMESTAMP_COLLISIONS[timestamp];
    if (landed && names.every((n) => landed.includes(n))) continue;
    problems.push(`timestamp ${timestamp} is shared by ${group.map((m) => `${m.className} (${m.path})`).join(', ')}: give the newer migration a timestamp of its own`);
  }
  for (const m of migrations) if (m.recordedName !== null && m.recordedName !== m.className) problems.push(`${m.path}: class ${m.className} records name '${m.recordedName}'`);
  return problems;
}
