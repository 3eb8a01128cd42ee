/**
 * `npm start`: the whole platform on one machine. Uses the PostgreSQL and NATS at DATABASE_URL / NATS_URL,
 * or starts an embedded PostgreSQL and a local nats-server when none answers; migrates every service,
 * seeds the demo county, starts every service and prints where to go. A service that exits is then
 * restarted with backoff; Ctrl-C stops it all.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { DEMO_SECRETS } from '@yiti/platform';
import { ensureNats, ensurePostgres, type Infrastructure } from './infrastructure';
import { say } from './processes';
import { Supervisor } from './supervisor';
import { checkPortsFree, discoverServices, GATEWAY, parseSeedOutput, runServiceCommand, spawnService, waitUntilReady, type DemoSeed, type Service } from './services';

const REPO_ROOT = resolve(__dirname, '..', '..', '..'); // dist/tools/start → repository root
const READY_TIMEOUT_MS = 90_000;

/** Fixed, so the demo database stays readable across runs; production sets its own (and refuses this one). */
const DEMO_PERSONAL_DATA_KEY = DEMO_SECRETS.demoPersonalDataKey;
const DEMO_AUDIT_MAC_KEY = DEMO_SECRETS.demoAuditMacKey;

/**
 * Each service connects as its own database role (`yiti_<service>`), which its `migrate` (run as the
 * owner, the URL given or found) creates and grants; the password is new every run.
 */
function serviceEnv(service: Service, env: NodeJS.ProcessEnv, rolePassword: string): NodeJS.ProcessEnv {
  const url = new URL(env.DATABASE_OWNER_URL as string);
  url.username = `yiti_${service.name.replace(/-/g, '_')}`;
  url.password = rolePassword;
  return { ...env, DATABASE_URL: url.toString() };
}

async function main(supervisor: Supervisor): Promise<void> {
  const postgres = await ensurePostgres(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/yiti', REPO_ROOT);
  supervisor.addInfrastructure(postgres);
  const nats = await ensureNats(process.env.NATS_URL || 'nats://127.0.0.1:4222', REPO_ROOT);
  supervisor.addInfrastructure(nats);

  if (!process.env.PERSONAL_DATA_KEY) say('PERSONAL_DATA_KEY is not set: using the demo key (fine for the demo database, never for real data)');
  if (!process.env.AUDIT_MAC_KEY) say('AUDIT_MAC_KEY is not set: using the demo key (fine for the demo database, never for real data)');
  if (!process.env.JWT_SECRET) say('JWT_SECRET is not set: using a random one for this run (tokens die with it)');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_OWNER_URL: postgres.url,
    NATS_URL: nats.url,
    JWT_SECRET: process.env.JWT_SECRET || randomBytes(32).toString('base64url'),
    PERSONAL_DATA_KEY: process.env.PERSONAL_DATA_KEY || DEMO_PERSONAL_DATA_KEY,
    AUDIT_MAC_KEY: process.env.AUDIT_MAC_KEY || DEMO_AUDIT_MAC_KEY,
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
  };

  const rolePassword = randomBytes(18).toString('base64url');
  const services = discoverServices(REPO_ROOT, process.env);
  await checkPortsFree(services);
  for (const service of services) {
    if (supervisor.stopping) return;
    const output = await runServiceCommand(service, 'migrate', serviceEnv(service, env, rolePassword));
    say(`migrated ${service.name}: ${output.trim().split('\n').pop() ?? ''}`);
  }
  const identity = services.find((s) => s.name === 'identity');
  const seed = identity ? parseSeedOutput(await runServiceCommand(identity, 'seed-demo', serviceEnv(identity, env, rolePassword))) : undefined;
  if (seed) say(`seeded the demo county: added ${JSON.stringify(seed.added)}`);
  const grid = services.find((s) => s.name === 'grid');
  if (grid) say(`seeded the sample grids of Liuhe: ${(await runServiceCommand(grid, 'seed-demo', serviceEnv(grid, env, rolePassword))).trim()}`);
  if (supervisor.stopping) return;

  const width = Math.max(...services.map((s) => s.name.length));
  const children = services.map((service) => ({ service, child: supervisor.addService(service.name, () => spawnService(service, serviceEnv(service, env, rolePassword), width)) }));
  await Promise.all(children.map(({ service, child }) => waitUntilReady(service, child, READY_TIMEOUT_MS)));
  if (supervisor.stopping) return;
  supervisor.superviseFromNowOn();
  printBanner(services, [postgres, nats], seed);
}

function printBanner(services: Service[], infrastructure: Infrastructure[], seed: DemoSeed | undefined): void {
  const gateway = `http://127.0.0.1:${services.find((s) => s.name === GATEWAY)?.port}`;
  const lines = [
    'Yiti 一体 is running',
    `  Console    ${gateway}/   (工作台 web console)`,
    `  Gateway    ${gateway}   (API under /api/v1)`,
    `  Swagger    ${gateway}/docs`,
    `  OpenAPI    ${gateway}/docs/openapi.json`,
    `  Services   ${services.map((s) => `${s.name} :${s.port}`).join(', ')}`,
    ...infrastructure.map((item) => `  ${item.name.padEnd(10)} ${item.summary}`),
  ];
  if (seed) {
    lines.push(`  Demo users (password ${seed.password}):`, ...seed.users.map((user) => `    ${user}`));
    const [example] = seed.users;
    if (example) {
      const username = example.split(' ')[0];
      lines.push(
        '  Try:',
        `    curl -X POST ${gateway}/api/v1/auth/login -H 'content-type: application/json' -d '{"username":"${username}","password":"${seed.password}"}'`,
      );
    }
  }
  lines.push('  A service that exits is restarted (logged here); Ctrl-C stops everything.');
  const rule = '─'.repeat(72);
  process.stdout.write(`\n${rule}\n${lines.join('\n')}\n${rule}\n\n`);
}

const supervisor = new Supervisor();
process.on('SIGINT', () => void supervisor.shutdown(0));
process.on('SIGTERM', () => void supervisor.shutdown(0));
main(supervisor).catch((error: unknown) => {
  if (supervisor.stopping) return;
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  void supervisor.shutdown(1);
});
