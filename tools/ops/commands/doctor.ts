import { randomUUID } from 'node:crypto';
import { statfs } from 'node:fs/promises';
import { StorageType, type JetStreamManager, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { EVENT_STREAM } from '@yiti/contracts';
import { buildInfo, durableConsumerName, opsStatusSubject, qualified, readBacklog, weakKeyReason, weakPasswordReason, type OpsServiceStatus } from '@yiti/platform';
import { redactUrl, type OpsContext } from '../context';
import { OpsError } from '../output';
import { OPS_SERVICES } from '../services';
import { readMigrationStatus } from './migrate';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  area: string;
  check: string;
  status: CheckStatus;
  detail: string;
}

export interface DoctorOptions {
  /** A consumer with work waiting and no client pulling for this long is reported stopped. */
  stallSeconds: number;
  /** Largest tolerated clock difference between this machine and the database server. */
  maxSkewMs: number;
  /** Only the event consumers whose name starts with this (default: the deployment's, from NATS_SUBJECT_PREFIX; every consumer without one). */
  consumerPrefix?: string;
  /** Warn when PostgreSQL's filesystem has less than this share free (percent); fail under half of it. */
  minFreeDiskPercent?: number;
  /** PostgreSQL's data directory as this machine sees it (a mount of the server's volume), when the server's own path is not readable here. */
  pgDataDir?: string;
}

/** Free space on PostgreSQL's filesystem, as read by statfs. */
export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;

/**
 * The disk check of PostgreSQL: warn below `minFreePercent` free, fail below half of it, and warn
 * too when the free space is smaller than the database (a backup, a VACUUM FULL or a restore test
 * beside it would not fit). Without a reading, a warning saying why.
 */
export function diskCheck(databaseBytes: number, disk: DiskSpace | { unreadable: string }, minFreePercent: number): Omit<Check, 'area'> {
  const size = `database ${gib(databaseBytes)}`;
  if ('unreadable' in disk) return { check: 'disk', status: 'warn', detail: `${size}; free space not readable here: ${disk.unreadable}` };
  const percent = disk.totalBytes > 0 ? (100 * disk.freeBytes) / disk.totalBytes : 0;
  const free = `${gib(disk.freeBytes)} free of ${gib(disk.totalBytes)} (${percent.toFixed(1)} %)`;
  if (percent < minFreePercent / 2) return { check: 'disk', status: 'fail', detail: `${size}, ${free}: below ${minFreePercent / 2} %, free space now (PostgreSQL stops writing when the disk is full)` };
  if (percent < minFreePercent) return { check: 'disk', status: 'warn', detail: `${size}, ${free}: below ${minFreePercent} %` };
  if (disk.freeBytes < databaseBytes) return { check: 'disk', status: 'warn', detail: `${size}, ${free}: less free than the database's size` };
  return { check: 'disk', status: 'ok', detail: `${size}, ${free}` };
}

/** Loopback or a Unix socket: the server's data directory is on this machine. */
function isLocalServer(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === '' || host === 'localhost' || host === '::1' || host.startsWith('127.') || host.startsWith('/');
  } catch {
    return false;
  }
}

/** statfs of PostgreSQL's data directory: `--pg-data-dir` when given, else the server's own path when the server runs on this machine. */
async function readDisk(ds: DataSource, databaseUrl: string, pgDataDir: string | undefined): Promise<DiskSpace | { unreadable: string }> {
  let dir = pgDataDir;
  if (!dir) {
    if (!isLocalServer(databaseUrl)) return { unreadable: 'the server runs on another machine (run doctor there, or give --pg-data-dir <a mount of its volume>)' };
    try {
      [{ dir }] = (await ds.query(`SELECT current_setting('data_directory') AS dir`)) as { dir: string }[];
    } catch {
      return { unreadable: 'this role may not read data_directory (needs pg_read_all_settings; or give --pg-data-dir)' };
    }
  }
  try {
    const fs = await statfs(dir as string);
    return { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
  } catch (error) {
    return { unreadable: `${dir}: ${message(error)} (give --pg-data-dir <a mount of its volume>)` };
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function postgresChecks(ds: DataSource, ctx: OpsContext, options: DoctorOptions, add: (c: Omit<Check, 'area'>) => void): Promise<void> {
  const [pg]: { version: string; connections: number; max: number; bytes: string; now: Date }[] = await ds.query(
    `SELECT current_setting('server_version') AS version, (SELECT count(*) FROM pg_stat_activity)::int AS connections,
            current_setting('max_connections')::int AS max, pg_database_size(current_database())::text AS bytes, clock_timestamp() AS now`,
  );
  if (!pg) throw new Error('no answer');
  add({ check: 'version', status: Number(pg.version.split('.')[0]) >= 14 ? 'ok' : 'warn', detail: `PostgreSQL ${pg.version}` });
  const share = pg.connections / pg.max;
  add({ check: 'connections', status: share > 0.9 ? 'fail' : share > 0.75 ? 'warn' : 'ok', detail: `${pg.connections} of max_connections ${pg.max}` });
  add(diskCheck(Number(pg.bytes), await readDisk(ds, ctx.databaseUrl(), options.pgDataDir), options.minFreeDiskPercent ?? DEFAULT_MIN_FREE_DISK_PERCENT));
}

/** Below this share of free disk doctor warns (and fails below half of it). */
export const DEFAULT_MIN_FREE_DISK_PERCENT = 15;

async function natsChecks(ctx: OpsContext, nc: NatsConnection, options: DoctorOptions, add: (area: string, c: Omit<Check, 'area'>) => void): Promise<void> {
  add('nats', { check: 'server', status: 'ok', detail: `NATS ${nc.info?.version ?? '?'} at ${redactUrl(ctx.natsUrl())}${nc.info?.jetstream ? ', JetStream on' : ''}` });
  const jsm = await nc.jetstreamManager().catch((error: unknown) => {
    add('nats', { check: 'JetStream', status: 'fail', detail: `not available: ${message(error)}` });
    return null;
  });
  if (!jsm) return;
  const account = await jsm.getAccountInfo();
  add('nats', { check: 'JetStream storage', status: 'ok', detail: `${(account.storage / 1048576).toFixed(1)} MiB file, ${(account.memory / 1048576).toFixed(1)} MiB memory, ${account.streams} streams, ${account.consumers} consumers` });
  await natsClock(nc, jsm, options, add);
  const stream = await jsm.streams.info(EVENT_STREAM).catch(() => null);
  if (!stream) {
    add('nats', { check: `stream ${EVENT_STREAM}`, status: 'fail', detail: 'missing: the services make it at start (are they running?)' });
    return;
  }
  add('nats', { check: `stream ${EVENT_STREAM}`, status: 'ok', detail: `${stream.state.messages} messages, ${(stream.state.bytes / 1048576).toFixed(1)} MiB, ${stream.state.consumer_count} consumers, ${stream.config.storage} storage, replicas ${stream.config.num_replicas}` });
  const now = Date.now();
  const subjectPrefix = ctx.subjectPrefix();
  const ours = options.consumerPrefix ?? (subjectPrefix ? durableConsumerName(subjectPrefix, '', '').replace(/__$/, '_') : '');
  for await (const c of jsm.consumers.list(EVENT_STREAM)) {
    if (!c.name.startsWith(ours)) continue;
    const waiting = c.num_pending + c.num_ack_pending;
    // The server sends an RFC 3339 time (nats.js types it as nanoseconds).
    const raw = c.delivered.last_active as unknown;
    const lastActive = typeof raw === 'string' && !raw.startsWith('0001') ? Date.parse(raw) : null;
    const idleSeconds = lastActive ? Math.round((now - lastActive) / 1000) : null;
    const stalled = waiting > 0 && c.num_waiting === 0 && !c.push_bound && (idleSeconds === null || idleSeconds >= options.stallSeconds);
    add('consumers', {
      check: c.name,
      status: stalled ? 'fail' : c.num_redelivered > 0 ? 'warn' : 'ok',
      detail: `${stalled ? 'STOPPED: nobody pulls, ' : ''}pending ${c.num_pending}, unacknowledged ${c.num_ack_pending}, redelivered ${c.num_redelivered}, pulls waiting ${c.num_waiting}${idleSeconds !== null ? `, last delivery ${idleSeconds} s ago` : ''}`,
    });
  }
  await serviceChecks(ctx, nc, (c) => add('services', c));
}

/**
 * Each service's health and version, as it answers on its ops status subject (the platform module's,
 * so every service and the gateway): PostgreSQL from the service's side (NATS answered, or there would
 * be no reply), release and commit, uptime. A service running another release than this CLI is a
 * warning (half-done upgrade); one that does not answer fails.
 */
export async function serviceChecks(ctx: OpsContext, nc: NatsConnection, add: (c: Omit<Check, 'area'>) => void): Promise<void> {
  const mine = buildInfo(ctx.env);
  await Promise.all(
    OPS_SERVICES.map(async (service) => {
      const subject = opsStatusSubject(ctx.subjectPrefix(), service.name);
      try {
        const status = JSON.parse((await nc.request(subject, '', { timeout: 3000 })).string()) as OpsServiceStatus;
        const version = `release ${status.release}, commit ${status.commit.slice(0, 12)}`;
        const sameVersion = status.release === mine.release && (status.commit === mine.commit || mine.commit === 'unknown' || status.commit === 'unknown');
        const health = `${status.status}: postgres ${status.postgres}, nats up; up ${status.uptimeSeconds} s since ${status.startedAt}`;
        return {
          service: service.name,
          check: { check: service.name, status: status.status !== 'ok' ? 'fail' : sameVersion ? 'ok' : 'warn', detail: `${version}${sameVersion ? '' : ` (this CLI: release ${mine.release}, commit ${mine.commit.slice(0, 12)})`}; ${health}` } as const,
        };
      } catch (error) {
        return { service: service.name, check: { check: service.name, status: 'fail', detail: `no answer on ${subject}: ${message(error)} (not running?)` } as const };
      }
    }),
  ).then((results) => results.forEach((r) => add(r.check)));
}

/** A tiny stream of the doctor's own (memory, one message, one minute): the time the server stamps on a message is its clock. */
export const CLOCK_STREAM = 'YITI_OPS_CLOCK';

async function natsClock(nc: NatsConnection, jsm: JetStreamManager, options: DoctorOptions, add: (area: string, c: Omit<Check, 'area'>) => void): Promise<void> {
  try {
    const subject = `yiti.ops.clock.${randomUUID()}`;
    await jsm.streams.add({ name: CLOCK_STREAM, subjects: ['yiti.ops.clock.>'], storage: StorageType.Memory, max_msgs: 1, max_age: 60 * 1e9, num_replicas: 1 }).catch(async () => {
      await jsm.streams.info(CLOCK_STREAM); // exists already (another doctor made it): fine; anything else fails below
    });
    const before = Date.now();
    const ack = await nc.jetstream().publish(subject, '');
    const after = Date.now();
    const stamped = (await jsm.streams.getMessage(CLOCK_STREAM, { seq: ack.seq })).time.getTime();
    const skew = Math.max(0, Math.abs(stamped - (before + after) / 2) - (after - before) / 2);
    add('clock', { check: 'NATS server vs this machine', status: skew > options.maxSkewMs ? 'fail' : 'ok', detail: `${Math.round(skew)} ms apart (at most ${options.maxSkewMs})` });
  } catch (error) {
    add('clock', { check: 'NATS server vs this machine', status: 'warn', detail: `not measured: ${message(error)}` });
  }
}

async function schemaChecks(ds: DataSource, add: (area: string, c: Omit<Check, 'area'>) => void): Promise<void> {
  for (const s of OPS_SERVICES) {
    const [{ exists }]: { exists: boolean }[] = await ds.query('SELECT to_regclass($1) IS NOT NULL AS exists', [`"${s.schema}"."outbox"`]);
    if (!exists) continue; // reported by the migrations check
    const b = await readBacklog(ds, s.schema);
    add('backlogs', { check: `${s.schema} outbox`, status: b.outbox_oldest_seconds > 60 ? 'fail' : 'ok', detail: `${b.outbox_pending} events not published${b.outbox_pending > 0 ? `, oldest ${Math.round(b.outbox_oldest_seconds)} s` : ''}` });
    add('backlogs', { check: `${s.schema} audit sealing`, status: b.audit_unsealed_oldest_seconds > 300 ? 'fail' : 'ok', detail: `${b.audit_unsealed} rows not sealed${b.audit_unsealed > 0 ? `, oldest ${Math.round(b.audit_unsealed_oldest_seconds)} s` : ''}` });
    add('backlogs', { check: `${s.schema} dead letters`, status: b.dead_letters > 0 ? 'fail' : 'ok', detail: b.dead_letters > 0 ? `${b.dead_letters} waiting: yiti-ops dlq list` : 'none' });
  }
  const year = new Date().getFullYear() + 1;
  const [{ exists }]: { exists: boolean }[] = await ds.query('SELECT to_regclass($1) IS NOT NULL AS exists', ['identity.holiday_calendar']);
  const [cal]: { provisional: boolean; source: string }[] = exists ? await ds.query(`SELECT provisional, source FROM ${qualified('identity', 'holiday_calendar')} WHERE year = $1`, [year]) : [];
  add('calendar', {
    check: `holidays ${year}`,
    status: !cal ? 'fail' : cal.provisional ? 'warn' : 'ok',
    detail: !cal ? `not loaded: deadlines after Dec 31 cannot be counted (load the State Council's notice into identity's calendar)` : cal.provisional ? `provisional (${cal.source}): replace it with the published notice` : `loaded (${cal.source})`,
  });
}

/** Keys and passwords of this environment still at a published demo, test or example value, or guessable. */
function secretChecks(env: NodeJS.ProcessEnv, add: (c: Omit<Check, 'area'>) => void): void {
  for (const name of ['JWT_SECRET', 'PERSONAL_DATA_KEY', 'AUDIT_MAC_KEY']) {
    const value = env[name];
    if (!value) {
      add({ check: name, status: 'warn', detail: 'not set here: run doctor with the services\' environment to check it' });
      continue;
    }
    const reason = weakKeyReason(value);
    add({ check: name, status: reason ? 'fail' : 'ok', detail: reason ? `${reason}: rotate it (yiti-ops secrets rotate)` : 'not a known default' });
  }
  for (const name of ['DATABASE_URL', 'DATABASE_OWNER_URL']) {
    const value = env[name];
    if (!value) continue;
    let password = '';
    try {
      password = decodeURIComponent(new URL(value).password);
    } catch {
      add({ check: name, status: 'fail', detail: 'not a URL' });
      continue;
    }
    const reason = weakPasswordReason(password);
    add({ check: `${name} password`, status: reason ? 'fail' : 'ok', detail: reason ?? (password ? 'not a known default' : 'none (the server decides: certificates or trust)') });
  }
}

/**
 * Everything an operator checks first, as one table: PostgreSQL, NATS and JetStream (the event
 * stream's consumers: pending, redelivered, stopped), each service's status, migrations, backlogs,
 * next year's calendar, clock skew and default secrets. Fails (exit 1) when any check fails.
 */
export async function doctor(ctx: OpsContext, options: DoctorOptions): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (area: string, c: Omit<Check, 'area'>) => checks.push({ area, ...c });
  const progress = ctx.out.progress('doctor', 5);
  try {
    await ctx
      .withDatabase(async (ds) => {
        await postgresChecks(ds, ctx, options, (c) => add('postgres', c));
        const [{ now }]: { now: Date }[] = await ds.query('SELECT clock_timestamp() AS now');
        const skew = Math.abs(now.getTime() - Date.now());
        add('clock', { check: 'database vs this machine', status: skew > options.maxSkewMs ? 'fail' : 'ok', detail: `${skew} ms apart (at most ${options.maxSkewMs})` });
        progress.increment();
        await schemaChecks(ds, add);
        progress.increment();
      })
      .catch((error: unknown) => add('postgres', { check: 'reachable', status: 'fail', detail: message(error) }));
    try {
      const migrations = await readMigrationStatus(ctx, OPS_SERVICES);
      for (const m of migrations) {
        add('migrations', {
          check: m.schema,
          status: m.pending.length > 0 ? 'fail' : m.unknown.length > 0 ? 'warn' : 'ok',
          detail: m.pending.length > 0 ? `${m.pending.length} pending: yiti-ops migrate up` : m.unknown.length > 0 ? `${m.unknown.length} applied but unknown to this release (newer database)` : `${m.applied.length} applied, up to date`,
        });
      }
    } catch (error) {
      add('migrations', { check: 'status', status: 'fail', detail: message(error) });
    }
    progress.increment();
    await ctx.withNats((nc) => natsChecks(ctx, nc, options, add)).catch((error: unknown) => add('nats', { check: 'reachable', status: 'fail', detail: message(error) }));
    progress.increment();
    secretChecks(ctx.env, (c) => add('secrets', c));
    progress.increment();
  } finally {
    progress.stop();
  }
  const failed = checks.filter((c) => c.status === 'fail');
  ctx.out.result({ healthy: failed.length === 0, checks });
  ctx.out.table(null, checks.map((c) => ({ area: c.area, check: c.check, status: c.status === 'ok' ? 'ok' : c.status.toUpperCase(), detail: c.detail })));
  if (failed.length > 0) {
    const named = failed.slice(0, 5).map((c) => `${c.area} ${c.check}`);
    throw new OpsError(`${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${named.join(', ')}${failed.length > named.length ? ` and ${failed.length - named.length} more (see the table)` : ''}`);
  }
  ctx.out.line('all checks passed');
  return checks;
}
