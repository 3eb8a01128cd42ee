import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, ErrorCode, type NatsError } from 'nats';
import type { Pool } from 'pg';
import { eventConsumerNames } from '@yiti/approval-window-service';
import { AUTHORITY_CONSUMER_PURPOSES } from '@yiti/authority-client';
import { APPROVAL_SUBJECTS, COMMAND_DISPATCH_SUBJECTS, EVENT_STREAM, IDENTITY_SUBJECTS } from '@yiti/contracts';
import { DEMO_SECRETS, awaitingSeal, durableConsumerName } from '@yiti/platform';
import type { RunningTarget } from './baselines';
import { assertPortFree, logTail, waitForHttpOk, type Child, type Children } from './children';
import type { BenchSettings } from './config';

export const DEMO_USERNAME = 'taicang.admin';
export const DEMO_PASSWORD = 'Yiti@2026demo';

export interface PlatformTarget extends RunningTarget {
  headers: Record<string, string>;
}

/** The three services of the platform the bench starts, and the target of scenario (c). */
export interface RunningPlatform {
  url: string;
  gateway: Child;
  identity: Child;
  approvalWindow: Child;
  /** The enforcement service of scenario (g). */
  enforcement: Child;
  /** The command-dispatch service of scenario (h). */
  commandDispatch: Child;
  /** (c): POST /api/v1/organisations as the county admin. */
  organisations: PlatformTarget;
}

type Service = 'identity' | 'gateway' | 'approval-window' | 'enforcement' | 'command-dispatch';

/** The same secret for the services; new each run. */
const JWT_SECRET = randomBytes(32).toString('hex');
/** Fixed: the bench database is rebuilt every run, nothing encrypted with it outlives the run. */
const BENCH_PERSONAL_DATA_KEY = DEMO_SECRETS.benchPersonalDataKey;
const BENCH_AUDIT_MAC_KEY = DEMO_SECRETS.benchAuditMacKey;
/** The longest the services allow: the run (5 scenarios per round) may outlast the 15-minute default. */
const ACCESS_TOKEN_TTL_SECONDS = '3600';

/**
 * The bench's services talk on subjects of their own, so a platform running on the same NATS (say
 * `npm start`) neither takes their requests nor shares their durable event consumers; BENCH_SUBJECT_PREFIX
 * (`<letters>.`) sets another, for two benches on one NATS server.
 */
const BENCH_SUBJECT_PREFIX = /^[a-z0-9]{1,20}\.$/.test(process.env['BENCH_SUBJECT_PREFIX'] ?? '') ? (process.env['BENCH_SUBJECT_PREFIX'] as string) : 'bench.';

/** The approval-window's durable consumers under that prefix. */
export const APPROVAL_WINDOW_CONSUMERS = eventConsumerNames(BENCH_SUBJECT_PREFIX);
/** The enforcement service's durable consumers under that prefix (authority events, approvals). */
const ENFORCEMENT_CONSUMERS = [...AUTHORITY_CONSUMER_PURPOSES, 'approvals'].map((purpose) => durableConsumerName(BENCH_SUBJECT_PREFIX, 'enforcement', purpose));

/** The command-dispatch's durable consumers under that prefix (the authority client's and its grid events'). */
export const COMMAND_DISPATCH_CONSUMERS = [...AUTHORITY_CONSUMER_PURPOSES, 'grid-events'].map((purpose) => durableConsumerName(BENCH_SUBJECT_PREFIX, 'command-dispatch', purpose));

function serviceEnv(settings: BenchSettings, service: Service, extra: Record<string, string> = {}): Record<string, string> {
  const own: Record<string, string> =
    service === 'approval-window' || service === 'enforcement' || service === 'command-dispatch'
      ? // 'new': the bench's event consumers ignore the stream's history (other deployments' events).
        { PERSONAL_DATA_KEY: BENCH_PERSONAL_DATA_KEY, EVENT_CONSUMER_START: 'new' }
      : { ACCESS_TOKEN_TTL_SECONDS };
  return { DATABASE_URL: settings.databaseUrl, NATS_URL: settings.natsUrl, NATS_SUBJECT_PREFIX: BENCH_SUBJECT_PREFIX, JWT_SECRET, AUDIT_MAC_KEY: BENCH_AUDIT_MAC_KEY, LOG_LEVEL: 'warn', ...own, ...extra };
}

function mainScript(settings: BenchSettings, service: Service): string {
  return join(settings.repoRoot, 'dist', 'services', service, 'src', 'main.js');
}

/** Drops the platform's schemas in the bench database, then migrates them from scratch (the seed comes once the services run). */
export async function preparePlatform(children: Children, settings: BenchSettings, pool: Pool): Promise<void> {
  await pool.query('DROP SCHEMA IF EXISTS identity CASCADE');
  await pool.query('DROP SCHEMA IF EXISTS gateway CASCADE');
  await pool.query('DROP SCHEMA IF EXISTS approval_window CASCADE');
  await pool.query('DROP SCHEMA IF EXISTS command_dispatch CASCADE');
  await pool.query('DROP SCHEMA IF EXISTS enforcement CASCADE');
  await children.run('identity-migrate', mainScript(settings, 'identity'), ['migrate'], { env: serviceEnv(settings, 'identity') });
  await children.run('gateway-migrate', mainScript(settings, 'gateway'), ['migrate'], { env: serviceEnv(settings, 'gateway') });
  await children.run('approval-window-migrate', mainScript(settings, 'approval-window'), ['migrate'], { env: serviceEnv(settings, 'approval-window') });
  await children.run('enforcement-migrate', mainScript(settings, 'enforcement'), ['migrate'], { env: serviceEnv(settings, 'enforcement') });
  await children.run('command-dispatch-migrate', mainScript(settings, 'command-dispatch'), ['migrate'], { env: serviceEnv(settings, 'command-dispatch') });
}

/** One SLA timer scan by the command-dispatch's own code (its `sla-scan` command): how many fired and how long it took. */
export async function runSlaScan(children: Children, settings: BenchSettings): Promise<{ fired: number; ms: number; timers: number }> {
  const child = children.start('command-dispatch-sla-scan', mainScript(settings, 'command-dispatch'), ['sla-scan'], { env: serviceEnv(settings, 'command-dispatch', { SLA_SCAN_MS: '0' }) });
  const code = await child.exited;
  const output = logTail(child, 20_000);
  if (code !== 0) throw new Error(`sla-scan exited with ${code}:\n${output.slice(-3000)}`);
  const line = output.split('\n').find((l) => l.includes('"slaScan"'));
  if (!line) throw new Error(`sla-scan printed no result: ${output.slice(-1000)}`);
  return (JSON.parse(line) as { slaScan: { fired: number; ms: number; timers: number } }).slaScan;
}

/** Waits until the running approval-window has created its durable consumer of power events. */
async function waitForPowerConsumer(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(','), name: 'bench-orchestrator' });
  try {
    const jsm = await nc.jetstreamManager();
    for (const started = Date.now(); ; await sleep(100)) {
      if (await jsm.consumers.info(EVENT_STREAM, APPROVAL_WINDOW_CONSUMERS[0] as string).then(() => true, () => false)) return;
      if (Date.now() - started > 30_000) throw new Error(`the approval-window did not create its consumer ${APPROVAL_WINDOW_CONSUMERS[0]} within 30 s`);
    }
  } finally {
    await nc.close();
  }
}

/**
 * Another bench's identity or approval-window on the same NATS would join our queue group and take
 * part of the gateway's requests (into its own database): refuse to measure then.
 */
async function assertNoOther(natsUrl: string, service: Service, subject: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(','), name: 'bench-probe' });
  try {
    await nc.request(`${BENCH_SUBJECT_PREFIX}${subject}`, '{}', { timeout: 2000 });
  } catch (error) {
    if ((error as NatsError).code === ErrorCode.NoResponders) return;
    throw error;
  } finally {
    await nc.close();
  }
  throw new Error(`an ${service} service already answers on ${natsUrl} under the bench's subject prefix (another bench run?): stop it, or point NATS_URL at a NATS server of the bench's own`);
}

/** Deletes the approval-window's durable consumers the bench created (after its approval-window stopped). */
export async function deleteApprovalWindowConsumers(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(','), name: 'bench-orchestrator' });
  try {
    const jsm = await nc.jetstreamManager();
    for (const name of [...APPROVAL_WINDOW_CONSUMERS, ...ENFORCEMENT_CONSUMERS, ...COMMAND_DISPATCH_CONSUMERS]) await jsm.consumers.delete(EVENT_STREAM, name).catch(() => false);
  } finally {
    await nc.close();
  }
}

/** Logs in through the gateway; returns the Authorization header. */
export async function login(url: string, username: string, password = DEMO_PASSWORD): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status} ${body}`);
  const { accessToken } = JSON.parse(body) as { accessToken?: string };
  if (!accessToken) throw new Error(`login answered without accessToken: ${body}`);
  return { authorization: `Bearer ${accessToken}` };
}

/**
 * Starts identity, approval-window and gateway, waits until all are ready, seeds the demo county,
 * logs in as the county admin. Sets `owned.approvalWindowConsumers` once the approval-window is started (its durable
 * consumers are then the bench's, to delete at the end).
 */
export async function startPlatform(children: Children, settings: BenchSettings, owned: { approvalWindowConsumers: boolean }): Promise<RunningPlatform> {
  await assertPortFree(settings.identityPort);
  await assertPortFree(settings.approvalWindowPort);
  await assertPortFree(settings.gatewayPort);
  await assertPortFree(settings.enforcementPort);
  await assertPortFree(settings.commandDispatchPort);
  await assertNoOther(settings.natsUrl, 'identity', IDENTITY_SUBJECTS.getOrganisation.subject);
  await assertNoOther(settings.natsUrl, 'approval-window', APPROVAL_SUBJECTS.getApplication.subject);
  await assertNoOther(settings.natsUrl, 'command-dispatch', COMMAND_DISPATCH_SUBJECTS.getWorkOrder.subject);
  const profileArgs = (name: string) => (settings.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(settings.resultsDir, 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`] : []);
  const start = (service: Service, port: number, extra: Record<string, string> = {}) =>
    children.start(service, mainScript(settings, service), ['serve'], {
      env: serviceEnv(settings, service, { HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', ...extra }),
      nodeArgs: profileArgs(service),
    });
  const identity = start('identity', settings.identityPort);
  const approvalWindow = start('approval-window', settings.approvalWindowPort);
  const enforcement = start('enforcement', settings.enforcementPort);
  const commandDispatch = start('command-dispatch', settings.commandDispatchPort, { SLA_SCAN_MS: '0' });
  owned.approvalWindowConsumers = true;
  const gateway = start('gateway', settings.gatewayPort, { RATE_LIMIT_PER_MINUTE: '1000000' });
  const url = `http://127.0.0.1:${settings.gatewayPort}`;
  await Promise.all([
    waitForHttpOk(identity, `http://127.0.0.1:${settings.identityPort}/health/ready`),
    waitForHttpOk(approvalWindow, `http://127.0.0.1:${settings.approvalWindowPort}/health/ready`),
    waitForHttpOk(enforcement, `http://127.0.0.1:${settings.enforcementPort}/health/ready`),
    waitForHttpOk(commandDispatch, `http://127.0.0.1:${settings.commandDispatchPort}/health/ready`),
    waitForHttpOk(gateway, `${url}/health/ready`),
  ]);
  // Seeded only now, so that the approval-window (which reads only new events) hears the demo
  // seed's power.delegated events and fills its held-item table, as it would in a deployment.
  await waitForPowerConsumer(settings.natsUrl);
  await children.run('identity-seed', mainScript(settings, 'identity'), ['seed-demo'], { env: serviceEnv(settings, 'identity') });
  const headers = await login(url, DEMO_USERNAME);
  return { url, gateway, identity, approvalWindow, enforcement, commandDispatch, organisations: { url, path: '/api/v1/organisations', headers, processes: [gateway, identity] } };
}

/** Work the services still do after the load: outbox rows not yet published to JetStream, audit rows not yet sealed into the hash chain. */
export async function pendingBackgroundWork(pool: Pool, schema: 'identity' | 'approval_window' | 'enforcement' | 'command_dispatch' | 'bench'): Promise<number> {
  // The bench schema has no audit sealer: (d) leaves its audit rows unsealed on purpose.
  const audit = schema === 'bench' ? '' : ` + (SELECT count(*) FROM ${schema}.audit_log a, ${schema}.audit_seal_cursor c WHERE ${awaitingSeal(schema)})`;
  const { rows } = await pool.query<{ n: string }>(`SELECT (SELECT count(*) FROM ${schema}.outbox WHERE published_at IS NULL)${audit} AS n`);
  return Number(rows[0]?.n ?? 0);
}
