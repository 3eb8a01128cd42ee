import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LANDED_TIMESTAMP_COLLISIONS, migrationClasses, migrationProblems, type MigrationClass } from './migrations';

const ROOT = join(__dirname, '..', '..');

/** Every migration class in the repository's TypeScript (node_modules, dist and the like left out; specs hold none). */
function repositoryMigrations(): MigrationClass[] {
  const found: MigrationClass[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || ['node_modules', 'dist', 'coverage', 'bench-results'].includes(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !/\.(integration-|e2e-)?spec\.ts$/.test(entry.name)) {
        const source = readFileSync(path, 'utf8');
        if (source.includes('MigrationInterface')) found.push(...migrationClasses(relative(ROOT, path), source));
      }
    }
  };
  for (const root of ['libs', 'services', 'tools', 'e2e']) walk(join(ROOT, root));
  return found;
}

describe('migrations across the repository', () => {
  const migrations = repositoryMigrations();

  it('finds the migrations of every service schema and of the platform', () => {
    expect(migrations.length).toBeGreaterThan(30);
    expect(migrations.map((m) => m.className)).toEqual(expect.arrayContaining(['PlatformTables1764115200000', 'GridInitial1796288658202']));
  });

  it('gives every migration a class name and a timestamp of its own (only the landed collisions kept), recorded under its class name', () => {
    expect(migrationProblems(migrations)).toEqual([]);
  });

  it('keeps the list of landed collisions exact: each is still there', () => {
    const names = new Set(migrations.map((m) => m.className));
    for (const [timestamp, landed] of Object.entries(LANDED_TIMESTAMP_COLLISIONS)) for (const name of landed) expect({ timestamp, name, present: names.has(name) }).toEqual({ timestamp, name, present: true });
  });

  it('fails a new migration that takes a used timestamp or class name', () => {
    const grid = (className: string, path = 'services/grid/src/migrations/x.ts'): MigrationClass => ({ path, className, timestamp: className.slice(-13), recordedName: className });
    expect(migrationProblems([...migrations, grid('Patrols1796600000001'), grid('Other1796600000001', 'services/identity/src/migrations/y.ts')])).toEqual([
      'timestamp 1796600000001 is shared by Patrols1796600000001 (services/grid/src/migrations/x.ts), Other1796600000001 (services/identity/src/migrations/y.ts): give the newer migration a timestamp of its own',
    ]);
    expect(migrationProblems([...migrations, grid('Later1796300000000')])).toEqual([expect.stringMatching(/^timestamp 1796300000000 is shared by .*Later1796300000000/)]);
    expect(migrationProblems([grid('A1796600000002'), grid('A1796600000002', 'services/identity/src/migrations/a.ts')])[0]).toBe(
      'class name A1796600000002 is used by services/grid/src/migrations/x.ts, services/identity/src/migrations/a.ts',
    );
    expect(migrationProblems([{ ...grid('B1796600000003'), recordedName: 'B1796600000004' }])).toEqual(["services/grid/src/migrations/x.ts: class B1796600000003 records name 'B1796600000004'"]);
  });

  it('reads a migration class and its recorded name from source', () => {
    expect(migrationClasses('m.ts', "export class Patrols1796600000000 implements MigrationInterface {\n  name = 'Patrols1796600000000';\n")).toEqual([
      { path: 'm.ts', className: 'Patrols1796600000000', timestamp: '1796600000000', recordedName: 'Patrols1796600000000' },
    ]);
  });
});
