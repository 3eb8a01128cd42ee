import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { TEST_DATABASE_URL } from '@yiti/testing';

/**
 * Runs `npx nx g @yiti/tools:service` on a scratch copy of the workspace (its tracked and
 * not-ignored files; node_modules linked) and proves, with no hand edit, that the new service
 * typechecks, lints clean, and — with the copy's own jest — passes its unit spec, the deployment specs
 * (compose, Kubernetes), the migration timestamp check and the one e2e spec of every service
 * (e2e/src/service-status.e2e-spec.ts, which covers it through BACKEND_SERVICES: started by the
 * harness beside the others, /health/ready answers, its status subject answers over NATS and through
 * the gateway, its health and version on the ops status subject). The generator writes no e2e spec.
 */

const ROOT = join(__dirname, '..', '..', '..');
const NAME = 'generator-probe';
const SCHEMA = 'generator_probe';

interface Run {
  code: number;
  output: string;
}

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const bin = (scratch: string, name: string) => join(scratch, 'node_modules', '.bin', name);

describe('npx nx g @yiti/tools:service on a scratch copy of the workspace', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'yiti-generator-'));
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((file) => file !== '' && file !== 'node_modules' && existsSync(join(ROOT, file)));
    for (const file of files) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true });
      cpSync(join(ROOT, file), join(scratch, file));
    }
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(scratch, 'node_modules'), 'dir');
  });

  afterAll(async () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    // The copy's global setup migrated the probe's schema into the test database: leave nothing behind.
    const ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
    try {
      await ds.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    } finally {
      await ds.destroy();
    }
  });

  it('creates a service that builds, lints, starts under the harness and answers its health checks', async () => {
    const generated = await run(scratch, bin(scratch, 'nx'), ['g', '@yiti/tools:service', NAME, '--no-interactive']);
    expect({ generator: generated.code, output: generated.code === 0 ? '' : generated.output }).toEqual({ generator: 0, output: '' });
    expect(readFileSync(join(scratch, 'services', NAME, 'src', 'config.ts'), 'utf8')).toMatch(/HTTP_PORT = \d+/);

    // The new service with what it uses, and its gateway route: the whole workspace's typecheck is `npm run check`'s.
    writeFileSync(
      join(scratch, 'tsconfig.probe.json'),
      JSON.stringify({ extends: './tsconfig.json', include: [`services/${NAME}/src/**/*.ts`, `services/gateway/src/${NAME}/*.ts`, `libs/contracts/src/${NAME}/*.ts`] }),
    );
    expect(existsSync(join(scratch, 'e2e', 'src', `${NAME}.e2e-spec.ts`))).toBe(false);
    const newFiles = [`services/${NAME}`, `services/gateway/src/${NAME}`, `libs/contracts/src/${NAME}`, 'libs/testing/src/services.ts', 'tools/ops/services.ts', 'services/gateway/src/gateway.module.ts'];
    const [typecheck, lint] = await Promise.all([
      run(scratch, bin(scratch, 'tsc'), ['-p', 'tsconfig.probe.json', '--noEmit']),
      run(scratch, bin(scratch, 'nx'), ['show', 'projects']).then((projects) =>
        projects.code === 0 ? run(scratch, bin(scratch, 'eslint'), ['--max-warnings', '0', ...newFiles]) : projects,
      ),
    ]);
    expect({ typecheck: typecheck.code, output: typecheck.code === 0 ? '' : typecheck.output }).toEqual({ typecheck: 0, output: '' });
    expect({ lint: lint.code, output: lint.code === 0 ? '' : lint.output }).toEqual({ lint: 0, output: '' });

    // The copy's own jest: the generated unit spec, the deployment and migration specs that must know the service, and every service's e2e spec.
    const jest = await run(
      scratch,
      bin(scratch, 'jest'),
      ['--config', 'jest.config.ts', '--selectProjects', 'unit', 'integration', '--runInBand', '--ci', '--verbose', '--', `services/${NAME}/`, 'deploy/', 'tools/lint/migration-timestamps.spec.ts', 'tools/ops/services.spec.ts', 'e2e/src/service-status.e2e-spec.ts'],
      { TEST_DATABASE_URL },
    );
    expect({ jest: jest.code, output: jest.code === 0 ? '' : jest.output }).toEqual({ jest: 0, output: '' });
    const passed = [`unit services/${NAME}/src/status/status.spec.ts`, 'unit deploy/compose.spec.ts', 'unit deploy/kubernetes.spec.ts', 'unit tools/lint/migration-timestamps.spec.ts', 'unit tools/ops/services.spec.ts', 'integration e2e/src/service-status.e2e-spec.ts'];
    expect(passed.filter((spec) => !jest.output.includes(`PASS ${spec}`))).toEqual([]);
    // The shared e2e spec ran the new service's checks (it lists the service in each test's name).
    for (const check of ['is ready: /health/ready', 'answers its status subject over NATS', 'answers GET /api/v1/<service>/status through the gateway', 'answers its health and version on the ops status subject']) {
      expect({ check, ran: jest.output.includes(`${NAME} ${check}`) }).toEqual({ check, ran: true });
    }
  }, 300_000);
});
