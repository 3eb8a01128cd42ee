import { execFileSync, spawnSync } from 'node:child_process';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function lintProbe(relativePath: string, source: string): string[] {
  const probe = join(root, relativePath);
  writeFileSync(probe, source);
  try {
    // A child process: ESLint loads its flat config with import(), which jest's VM does not allow.
    const run = spawnSync(join(root, 'node_modules', '.bin', 'eslint'), ['--format', 'json', probe], { cwd: root, encoding: 'utf8' });
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  } finally {
    unlinkSync(probe);
  }
}

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
    expect(messages.filter((m) => m.startsWith('@nx/enforce-module-boundaries'))).toEqual([]);
  }, 120_000);
});
