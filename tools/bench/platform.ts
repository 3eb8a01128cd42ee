import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { connect, ErrorCode, type NatsError } from 'nats';
import type { Pool } from 'pg';
import { IDENTITY_SUBJECTS } from '@yiti/contracts';
import type { RunningTarget } from './baselines';
import { assertPortFree, waitForHttpOk, type Children } from './children';
import type { BenchSettings } from './config';

export const DEMO_USERNAME = 'taicang.admin';
export const DEMO_PASSWORD = 'Yiti@2026demo';

export interface PlatformTarget extends RunningTarget {
  headers: Record<string, string>;
}

/** The same secret for both services; new each run. */
const JWT_SECRET = randomBytes(32).toString('hex');

function serviceEnv(settings: BenchSettings, extra: Record<string, string> = {}): Record<string, string> {
  return { DATABASE_URL: settings.databaseUrl, NATS_URL: settings.natsUrl, JWT_SECRET, LOG_LEVEL: 'warn', ...extra };
}

function mainScript(settings: BenchSettings, service: 'identity' | 'gateway'): string {
  return join(settings.repoRoot, 'dist', 'services', service, 'src', 'main.js');
}

/** Drops the platform's schemas in the bench database, then migrates and seeds from scratch. */
export async function preparePlatform(children: Children, settings: BenchSettings, pool: Pool): Promise<void> {
  await pool.query('DROP SCHEMA IF EXISTS identity CASCADE');
  await pool.query('DROP SCHEMA IF EXISTS gateway CASCADE');
  const env = serviceEnv(settings);
  await children.run('identity-migrate', mainScript(settings, 'identity'), ['migrate'], { env });
  await children.run('gateway-migrate', mainScript(settings, 'gateway'), ['migrate'], { env });
  await children.run('identity-seed', mainScript(settings, 'identity'), ['seed-demo'], { env });
}

/**
 * Another identity service on the same NATS would join our queue group and take half the
 * gateway's requests (into its own database): refuse to measure then.
 */
async function assertNoOtherIdentity(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(','), name: 'bench-probe' });
  try {
    await nc.request(IDENTITY_SUBJECTS.getOrganisation, '{}', { timeout: 2000 });
  } catch (error) {
    if ((error as NatsError).code === ErrorCode.NoResponders) return;
    throw error;
  } finally {
    await nc.close();
  }
  throw new Error(`an identity service already answers on ${natsUrl}: stop it, or point NATS_URL at a NATS server of the bench's own`);
}

/** Starts identity and gateway, waits until both are ready, logs in. */
export async function startPlatform(children: Children, settings: BenchSettings): Promise<PlatformTarget> {
  await assertPortFree(settings.identityPort);
  await assertPortFree(settings.gatewayPort);
  await assertNoOtherIdentity(settings.natsUrl);
  const profileArgs = (name: string) => (settings.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(settings.resultsDir, 'profiles')}`, `--cpu-prof-name=${name}.cpuprofile`] : []);
  const identity = children.start('identity', mainScript(settings, 'identity'), ['serve'], {
    env: serviceEnv(settings, { HTTP_PORT: String(settings.identityPort), HTTP_HOST: '127.0.0.1' }),
    nodeArgs: profileArgs('identity'),
  });
  const gateway = children.start('gateway', mainScript(settings, 'gateway'), ['serve'], {
    env: serviceEnv(settings, { HTTP_PORT: String(settings.gatewayPort), HTTP_HOST: '127.0.0.1', RATE_LIMIT_PER_MINUTE: '1000000' }),
    nodeArgs: profileArgs('gateway'),
  });
  const url = `http://127.0.0.1:${settings.gatewayPort}`;
  await Promise.all([waitForHttpOk(identity, `http://127.0.0.1:${settings.identityPort}/health/ready`), waitForHttpOk(gateway, `${url}/health/ready`)]);

  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: DEMO_USERNAME, password: DEMO_PASSWORD }),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`login as ${DEMO_USERNAME} failed: ${response.status} ${body}`);
  const { accessToken } = JSON.parse(body) as { accessToken?: string };
  if (!accessToken) throw new Error(`login answered without accessToken: ${body}`);
  return { url, path: '/api/v1/organisations', headers: { authorization: `Bearer ${accessToken}` }, processes: [gateway, identity] };
}

/** Outbox rows not yet published to JetStream: identity's (c), or the bench's own (d). */
export async function pendingOutbox(pool: Pool, schema: 'identity' | 'bench'): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.outbox WHERE published_at IS NULL`);
  return Number(rows[0]?.n ?? 0);
}
