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

function baselineEnv(settings: BenchSettings): Record<string, string> {
  return {
    BENCH_DATABASE_URL: settings.databaseUrl,
    BENCH_NATS_URL: settings.natsUrl,
    BENCH_POOL_SIZE: String(settings.poolSize),
    BENCH_SUBJECT: `bench.${settings.runId}.orgs.create`,
  };
}

async function startRole(children: Children, settings: BenchSettings, name: string, role: string): Promise<{ child: Child; port: number }> {
  const child = children.start(name, SERVER_SCRIPT, [role], { env: baselineEnv(settings), ipc: true });
  const { port } = await waitForMessage<{ port: number }>(child);
  return { child, port };
}

/** (a) Fastify + pg in one process. */
export async function startDirectBaseline(children: Children, settings: BenchSettings): Promise<RunningTarget> {
  const server = await startRole(children, settings, 'a-fastify-pg', 'direct');
  return { url: `http://127.0.0.1:${server.port}`, path: '/orgs', processes: [server.child] };
}

/** (b) Fastify front → NATS request–reply → responder process → pg. */
export async function startNatsBaseline(children: Children, settings: BenchSettings): Promise<RunningTarget> {
  const responder = await startRole(children, settings, 'b-responder', 'nats-responder');
  const front = await startRole(children, settings, 'b-front', 'nats-front');
  return { url: `http://127.0.0.1:${front.port}`, path: '/orgs', processes: [front.child, responder.child] };
}
