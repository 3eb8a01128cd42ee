import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** ESLint on one probe file (with extra flags), its exit status and its messages as `rule: message`. */
function lintRun(relativePath: string, source: string, flags: string[] = []): { status: number | null; messages: string[] } {
  const probe = join(root, relativePath);
  writeFileSync(probe, source);
  try {
    // A child process: ESLint loads its flat config with import(), which jest's VM does not allow.
    const run = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), [...flags, '--format', 'json', probe], { cwd: root, encoding: 'utf8' });
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
    return { status: run.status, messages: (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`) };
  } finally {
    unlinkSync(probe);
  }
}

const lintProbe = (relativePath: string, source: string) => lintRun(relativePath, source).messages;

describe('module boundaries (Nx tags, enforced by lint)', () => {
  beforeAll(() => {
    execFileSync(join(root, 'node_modules', '.bin', 'nx'), ['show', 'projects'], { cwd: root, stdio: 'ignore' });
  }, 120_000);

  it('rejects a service importing another service', () => {
    const messages = lintProbe('services/identity/src/boundary-probe.ts', "import { GatewayConfig } from '../../gateway/src/config';\nexport const probe = GatewayConfig;\n");
    expect(messages.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  }, 120_000);

  it('rejects a service importing another service through its test alias', () => {
    const messages = lintProbe('services/identity/src/boundary-probe.ts', "import { GatewayConfig } from '@yiti/gateway-service';\nexport const probe = GatewayConfig;\n");
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  }, 120_000);

  it('rejects the contracts library importing the platform library', () => {
    const messages = lintProbe('libs/contracts/src/boundary-probe.ts', "import { DomainException } from '@yiti/platform';\nexport const probe = DomainException;\n");
    expect(messages.some((m) => m.startsWith('@nx/enforce-module-boundaries'))).toBe(true);
  }, 120_000);

  it('lets a service use the contracts and platform libraries', () => {
    const messages = lintProbe(
      'services/identity/src/boundary-probe.ts',
      "import { ROLES } from '@yiti/contracts';\nimport { DomainException } from '@yiti/platform';\nexport const probe = [ROLES, DomainException];\n",
    );
    // Linted, and clean: a file ESLint ignored would have an ignore warning (rule null) instead.
    expect(messages).toEqual([]);
  }, 120_000);
});

/** The commands a shell script runs: its lines without comments and blanks. */
const commandsOf = (script: string) =>
  script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

describe('CI gates what the README promises', () => {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('.ci/run stops at the first failing command and runs npm run check before the README\'s npm test', () => {
    const commands = commandsOf(readFileSync(join(root, '.ci', 'run'), 'utf8'));
    expect(commands).toContain('set -euo pipefail');
    const [check, test] = [commands.indexOf('npm run check'), commands.indexOf('npm test')];
    expect({ check: check >= 0, test: test >= 0, checkBeforeTest: check < test }).toEqual({ check: true, test: true, checkBeforeTest: true });
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toMatch(/^npm test\b/m);
  });

  it('npm run check lints every file with zero warnings allowed, then typechecks (the console with its own tsconfig), stopping at a lint failure', () => {
    expect(scripts.check.split(' && ')).toEqual(['npm run lint', 'tsc -p tsconfig.json --noEmit', 'tsc -p services/console/tsconfig.json']);
    expect(scripts.lint.split(' && ').pop()).toBe('eslint . --max-warnings 0');
  });

  it("fails the lint script's ESLint run (exit 1) on a lint error in a service", () => {
    const flags = (scripts.lint.split(' && ').pop() as string).split(' ').slice(2); // eslint . <flags>
    const broken = lintRun('services/identity/src/ci-probe.ts', 'export async function probe(): Promise<void> {\n  Promise.resolve(1);\n}\n', flags);
    expect(broken.messages).toEqual([expect.stringMatching(/^@typescript-eslint\/no-floating-promises: /)]);
    expect(broken.status).toBe(1);
    const clean = lintRun('services/identity/src/ci-probe.ts', 'export async function probe(): Promise<void> {\n  await Promise.resolve(1);\n}\n', flags);
    expect(clean).toEqual({ status: 0, messages: [] });
  }, 120_000);
});
