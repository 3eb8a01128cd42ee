import { randomUUID } from 'node:crypto';
import { StorageType, type JetStreamManager, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { EVENT_STREAM } from '@yiti/contracts';
import { durableConsumerName, qualified, readBacklog, weakKeyReason, weakPasswordReason } from '@yiti/platform';
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
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function postgresChecks(ds: DataSource, add: (c: Omit<Check, 'area'>) => void): Promise<void> {
  const [pg]: { version: string; connections: number; max: number; size: string; now: Date }[] = await ds.query(
    `SELECT current_setting('server_version') AS version, (SELECT count(*) FROM pg_stat_activity)::int AS connections,
            current_setting('max_connections')::int AS max, pg_size_pretty(pg_database_size(current_database())) AS size, clock_timestamp() AS now`,
  );
  if (!pg) throw new Error('no answer');
  add({ check: 'version', status: Number(pg.version.split('.')[0]) >= 14 ? 'ok' : 'warn', detail: `PostgreSQL ${pg.version}` });
  const share = pg.connections / pg.max;
  add({ check: 'connections', status: share > 0.9 ? 'fail' : share > 0.75 ? 'warn' : 'ok', detail: `${pg.connections} of max_connections ${pg.max}` });
  add({ check: 'database size', status: 'ok', detail: pg.size });
}

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
  for (const service of OPS_SERVICES) {
    if (!service.statusSubject) {
      add('services', { check: service.name, status: 'ok', detail: 'no status subject over NATS: see its /health/ready and its consumers above' });
      continue;
    }
    const subject = `${ctx.subjectPrefix()}${service.statusSubject}`;
    try {
      const reply = await nc.request(subject, JSON.stringify({ pattern: service.statusSubject, data: { data: {} }, id: randomUUID() }), { timeout: 2000 });
      const body = JSON.parse(reply.string()) as { response?: { status: string; uptimeSeconds: number; startedAt: string; version?: string }; err?: unknown };
      if (!body.response) throw new Error(`answered an error: ${JSON.stringify(body.err)}`);
      add('services', { check: service.name, status: body.response.status === 'ok' ? 'ok' : 'fail', detail: `${body.response.status}, up ${body.response.uptimeSeconds} s since ${body.response.startedAt}${body.response.version ? `, ${body.response.version}` : ''}` });
    } catch (error) {
      add('services', { check: service.name, status: 'fail', detail: `no answer on ${subject}: ${message(error)} (not running?)` });
    }
  }
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
        await postgresChecks(ds, (c) => add('postgres', c));
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
