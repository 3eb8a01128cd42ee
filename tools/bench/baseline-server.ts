/**
 * Child process for the baselines, one role per process:
 *   direct                    (a) Fastify POST /orgs → pg INSERT
 *   nats-front                (b, d) Fastify POST /orgs → NATS request (to BENCH_SUBJECT)
 *   nats-responder insert     (b) NATS subscription → pg INSERT → reply
 *   nats-responder same-work  (d) NATS subscription → pg transaction (organisation, outbox, audit)
 *                             → reply; plus the minimal outbox relay to JetStream
 * An HTTP role reports { port } over IPC once listening; the responder reports { port: 0 }.
 */
import Fastify from 'fastify';
import { connect, type Msg, type NatsConnection } from 'nats';
import { Pool } from 'pg';
import { insertOrganisation, type OrgRequest, type OrgRow } from './org-table';
import { MinimalRelay, createOrganisationWithEvents } from './same-work';

interface Reply {
  row?: OrgRow;
  error?: string;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const closers: (() => Promise<unknown>)[] = [];

type Create = (request: OrgRequest) => Promise<OrgRow>;

function newPool(): Pool {
  const pool = new Pool({ connectionString: env('BENCH_DATABASE_URL'), max: Number(env('BENCH_POOL_SIZE')) });
  closers.push(() => pool.end());
  return pool;
}

async function newNats(name: string): Promise<NatsConnection> {
  const nc = await connect({ servers: env('BENCH_NATS_URL').split(','), name });
  closers.unshift(() => nc.drain());
  return nc;
}

async function serveHttp(create: Create): Promise<number> {
  const app = Fastify({ logger: false });
  app.post<{ Body: OrgRequest }>('/orgs', async (request, reply) => reply.code(201).send(await create(request.body)));
  await app.listen({ port: 0, host: '127.0.0.1' });
  closers.unshift(() => app.close());
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

async function respond(create: Create, msg: Msg): Promise<void> {
  let reply: Reply;
  try {
    reply = { row: await create(msg.json<OrgRequest>()) };
  } catch (error) {
    reply = { error: String(error) };
  }
  msg.respond(JSON.stringify(reply));
}

/** What the responder does per request: (b) the single INSERT, (d) the platform's work by hand. */
function responderWork(work: string, pool: Pool, nc: NatsConnection): Create {
  switch (work) {
    case 'insert':
      return (request) => insertOrganisation(pool, request);
    case 'same-work': {
      const relay = new MinimalRelay(pool, nc.jetstream());
      closers.unshift(() => relay.stop()); // before NATS drains and the pool ends
      return async (request) => {
        const row = await createOrganisationWithEvents(pool, request);
        relay.wake();
        return row;
      };
    }
    default:
      throw new Error(`unknown responder work "${work}"`);
  }
}

async function start(role: string, work: string): Promise<number> {
  switch (role) {
    case 'direct': {
      const pool = newPool();
      return serveHttp((request) => insertOrganisation(pool, request));
    }
    case 'nats-front': {
      const nc = await newNats('bench-front');
      const subject = env('BENCH_SUBJECT');
      return serveHttp(async (request) => {
        const msg = await nc.request(subject, JSON.stringify(request), { timeout: 10_000 });
        const reply = msg.json<Reply>();
        if (!reply.row) throw new Error(reply.error ?? 'empty reply');
        return reply.row;
      });
    }
    case 'nats-responder': {
      const pool = newPool();
      const nc = await newNats(`bench-responder-${work}`);
      const create = responderWork(work, pool, nc);
      nc.subscribe(env('BENCH_SUBJECT'), { queue: 'bench', callback: (error, msg) => void (error ? undefined : respond(create, msg)) });
      await nc.flush(); // the subscription is known to the server before we say ready
      return 0;
    }
    default:
      throw new Error(`unknown role "${role}"`);
  }
}

async function shutdown(): Promise<void> {
  for (const close of closers) await close().catch(() => undefined);
  process.exit(0);
}

process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

start(process.argv[2] ?? '', process.argv[3] ?? '').then(
  (port) => process.send?.({ port }),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
