import { join } from 'node:path';
import { waitForMessage, type Child, type Children } from './children';
import type { BenchSettings } from './config';

export interface RunningTarget {
  url: string;
  path: string;
  /** The processes serving it, for CPU accounting. */
  processes: Child[];
}

const SERVER_SCRIPT = join(__dirname, 'baseline-server.js');

function baselineEnv(settings: BenchSettings, subject: string): Record<string, string> {
  return {
    BENCH_DATABASE_URL: settings.databaseUrl,
    BENCH_NATS_URL: settings.natsUrl,
    BENCH_POOL_SIZE: String(settings.poolSize),
    BENCH_SUBJECT: subject,
  };
}

async function startRole(children: Children, settings: BenchSettings, name: string, args: string[], subject = ''): Promise<{ child: Child; port: number }> {
  const child = children.start(name, SERVER_SCRIPT, args, { env: baselineEnv(settings, subject), ipc: true });
  const { port } = await waitForMessage<{ port: number }>(child);
  return { child, port };
}

/** (a) Fastify + pg in one process. */
export async function startDirectBaseline(children: Children, settings: BenchSettings): Promise<RunningTarget> {
  const server = await startRole(children, settings, 'a-fastify-pg', ['direct']);
  return { url: `http://127.0.0.1:${server.port}`, path: '/orgs', processes: [server.child] };
}

/**
 * Fastify front → NATS request–reply → responder process → pg, on a subject of its own:
 *   (b) `insert`: the responder does one INSERT;
 *   (d) `same-work`: the responder does the platform's transaction and relays the outbox to JetStream.
 */
export async function startNatsBaseline(children: Children, settings: BenchSettings, key: 'b' | 'd', work: 'insert' | 'same-work'): Promise<RunningTarget> {
  const subject = `bench.${settings.runId}.${key}.orgs.create`;
  const responder = await startRole(children, settings, `${key}-responder`, ['nats-responder', work], subject);
  const front = await startRole(children, settings, `${key}-front`, ['nats-front'], subject);
  return { url: `http://127.0.0.1:${front.port}`, path: '/orgs', processes: [front.child, responder.child] };
}
