/**
 * `BENCH_ONLY=supervision`: how fast the enforcement service drains a backlog of `approval.granted`
 * events into supervision tasks (审管联动), against a bare JetStream → pg consumer draining the same
 * backlog in the same run.
 *
 * On a private nats-server of its own (the shared broker's other consumers never see the backlog):
 *   1. the enforcement schema is rebuilt in the bench database and migrated; enforcement starts once
 *      (creating its durable consumer) and is stopped;
 *   2. BENCH_SUPERVISION_EVENTS (default 10,000) approval.granted envelopes are published to the
 *      event stream, as the approval window's outbox relay publishes them (Nats-Msg-Id = event id);
 *   3. enforcement starts again; the drain rate is the backlog over the time between its first and
 *      last supervision task (created_at, the transaction's time), and the wall time from its
 *      readiness to the last task is reported beside it;
 *   4. (b') the baseline: a bare pull consumer in this process reads the same messages from the
 *      stream and inserts one row per event (autocommit), then acks — no inbox, no validation, no
 *      audit.
 * Goal: ≥ 1,000 events/s on 2 cores (issue 13).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, DeliverPolicy, connect, headers, type NatsConnection } from 'nats';
import type { Pool } from 'pg';
import { APPROVAL_EVENTS, EVENT_STREAM, HEADER_CORRELATION_ID, type ApprovalGrantedEvent, type EventEnvelope } from '@yiti/contracts';
import { DEMO_SECRETS } from '@yiti/platform';
import { assertPortFree, waitForHttpOk, type Children } from './children';
import type { BenchSettings } from './config';

export const SUPERVISION_GOAL_PER_SECOND = 1000;
const PREFIX = 'bench.';
const CONSUMER = 'bench_enforcement_approvals';

interface DrainReport {
  events: number;
  publishPerSecond: number;
  platform: { perSecond: number; firstToLastMs: number; readyToLastMs: number; tasks: number; inboxRows: number };
  baseline: { perSecond: number; ms: number; rows: number };
  ratio: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A private nats-server with JetStream in a temporary store (stopped at the end of the scenario). */
async function privateNats(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const proc = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', mkdtempSync(join(tmpdir(), 'yiti-bench-nats-'))], { stdio: 'ignore' });
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = `nats://127.0.0.1:${port}`;
  for (const started = Date.now(); ; await sleep(100)) {
    const nc = await connect({ servers: url, reconnect: false }).catch(() => null);
    if (nc) {
      await nc.close();
      break;
    }
    if (Date.now() - started > 10_000) throw new Error('the private nats-server did not start');
  }
  return {
    url,
    stop: async () => {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

function event(runId: string, n: number): EventEnvelope<ApprovalGrantedEvent> {
  const applicationId = randomUUID();
  return {
    id: randomUUID(),
    type: APPROVAL_EVENTS.approvalGranted.subject,
    occurredAt: new Date().toISOString(),
    countyCode: '320585',
    correlationId: null,
    actorId: null,
    data: {
      applicationId,
      applicationNo: `BENCH-${runId}-${n}`,
      countyCode: '320585',
      townCode: '320585102',
      itemId: '00000000-0000-4000-8000-000000000001',
      itemCode: 'XK-CG-001',
      itemName: '临时占用城市道路审批',
      department: '太仓市城市管理局',
      holder: { kind: 'organisation', name: `基准持证企业${n}`, idNumberMasked: '9132****0001', idNumberHash: `bench-${n}` },
      approvedOn: '2026-12-01',
      validFrom: '2026-12-01',
      validUntil: '2029-12-31',
      approvedBy: null,
    },
  };
}

async function countTasks(pool: Pool, runId: string): Promise<{ n: number; firstToLastMs: number; last: number | null }> {
  const { rows } = await pool.query<{ n: number; span: number | null; last: number | null }>(
    `SELECT count(*)::int AS n, extract(epoch FROM max(created_at) - min(created_at)) * 1000 AS span, extract(epoch FROM max(created_at)) * 1000 AS last
     FROM enforcement.supervision_task WHERE application_no LIKE $1`,
    [`BENCH-${runId}-%`],
  );
  return { n: rows[0]?.n ?? 0, firstToLastMs: Number(rows[0]?.span ?? 0), last: rows[0]?.last === null || rows[0]?.last === undefined ? null : Number(rows[0].last) };
}

/** (b'): a bare pull consumer; one INSERT per event in autocommit, then ack. */
async function bareDrain(nc: NatsConnection, pool: Pool, firstSeq: number, events: number): Promise<{ ms: number; rows: number }> {
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench');
  await pool.query('DROP TABLE IF EXISTS bench.supervision_baseline');
  await pool.query('CREATE TABLE bench.supervision_baseline (event_id uuid PRIMARY KEY, application_id uuid NOT NULL, payload jsonb NOT NULL)');
  const jsm = await nc.jetstreamManager();
  const name = 'bench_supervision_baseline';
  await jsm.consumers.delete(EVENT_STREAM, name).catch(() => false);
  await jsm.consumers.add(EVENT_STREAM, { durable_name: name, filter_subject: APPROVAL_EVENTS.approvalGranted.subject, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: firstSeq });
  const consumer = await nc.jetstream().consumers.get(EVENT_STREAM, name);
  const started = Date.now();
  const messages = await consumer.consume({ max_messages: 64 });
  let rows = 0;
  for await (const msg of messages) {
    const envelope = JSON.parse(msg.string()) as EventEnvelope<ApprovalGrantedEvent>;
    await pool.query('INSERT INTO bench.supervision_baseline (event_id, application_id, payload) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [envelope.id, envelope.data.applicationId, envelope.data]);
    msg.ack();
    if (++rows >= events) break;
  }
  const ms = Date.now() - started;
  messages.stop();
  await jsm.consumers.delete(EVENT_STREAM, name).catch(() => false);
  return { ms, rows };
}

export async function runSupervisionDrain(children: Children, settings: BenchSettings, pool: Pool): Promise<DrainReport> {
  const events = Number(process.env['BENCH_SUPERVISION_EVENTS'] || 10_000);
  const port = settings.gatewayPort + 5;
  await assertPortFree(port);
  const nats = await privateNats();
  const script = join(settings.repoRoot, 'dist', 'services', 'enforcement', 'src', 'main.js');
  const env = {
    DATABASE_URL: settings.databaseUrl,
    NATS_URL: nats.url,
    NATS_SUBJECT_PREFIX: PREFIX,
    JWT_SECRET: randomUUID(),
    AUDIT_MAC_KEY: DEMO_SECRETS.benchAuditMacKey,
    PERSONAL_DATA_KEY: DEMO_SECRETS.benchPersonalDataKey,
    EVENT_CONSUMER_START: 'new',
    LOG_LEVEL: 'warn',
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
  };
  const nc = await connect({ servers: nats.url, name: 'bench-supervision' });
  try {
    await pool.query('DROP SCHEMA IF EXISTS enforcement CASCADE');
    await children.run('enforcement-migrate', script, ['migrate'], { env });
    // 1. Once up, to create the durable consumer; then down.
    let enforcement = children.start('enforcement', script, ['serve'], { env });
    await waitForHttpOk(enforcement, `http://127.0.0.1:${port}/health/ready`);
    const jsm = await nc.jetstreamManager();
    for (const started = Date.now(); !(await jsm.consumers.info(EVENT_STREAM, CONSUMER).then(() => true, () => false)); await sleep(100)) {
      if (Date.now() - started > 30_000) throw new Error(`enforcement did not create ${CONSUMER}`);
    }
    enforcement.process.kill('SIGTERM');
    await enforcement.exited;
    // 2. The backlog, published while enforcement is down.
    const js = nc.jetstream();
    const publishStarted = Date.now();
    let firstSeq = 0;
    for (let n = 0; n < events; n += 500) {
      const acks = await Promise.all(
        Array.from({ length: Math.min(500, events - n) }, (_, i) => {
          const e = event(settings.runId, n + i);
          const h = headers();
          h.set(HEADER_CORRELATION_ID, e.id);
          return js.publish(e.type, JSON.stringify(e), { msgID: e.id, headers: h });
        }),
      );
      if (n === 0) firstSeq = acks[0]?.seq ?? 0;
    }
    const publishMs = Date.now() - publishStarted;
    console.log(`(s) ${events} approval.granted events published in ${publishMs} ms while enforcement was down`);
    // 3. Enforcement drains it.
    enforcement = children.start('enforcement-2', script, ['serve'], { env });
    await waitForHttpOk(enforcement, `http://127.0.0.1:${port}/health/ready`, 60_000);
    const ready = Date.now();
    let counted = await countTasks(pool, settings.runId);
    for (const started = Date.now(); counted.n < events; await sleep(100)) {
      if (Date.now() - started > 300_000) throw new Error(`only ${counted.n} of ${events} supervision tasks after 5 minutes`);
      counted = await countTasks(pool, settings.runId);
    }
    const inbox = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM enforcement.inbox WHERE consumer = $1`, [CONSUMER]);
    const platformPerSecond = ((events - 1) * 1000) / Math.max(1, counted.firstToLastMs);
    const readyToLastMs = Math.max(0, (counted.last ?? ready) - ready);
    enforcement.process.kill('SIGTERM');
    await enforcement.exited;
    // 4. The bare baseline on the same messages.
    const baseline = await bareDrain(nc, pool, firstSeq, events);
    const baselinePerSecond = (baseline.rows * 1000) / Math.max(1, baseline.ms);
    const report: DrainReport = {
      events,
      publishPerSecond: (events * 1000) / Math.max(1, publishMs),
      platform: { perSecond: platformPerSecond, firstToLastMs: counted.firstToLastMs, readyToLastMs, tasks: counted.n, inboxRows: inbox.rows[0]?.n ?? 0 },
      baseline: { perSecond: baselinePerSecond, ms: baseline.ms, rows: baseline.rows },
      ratio: platformPerSecond / baselinePerSecond,
    };
    console.log(`\napproval.granted → supervision task, backlog of ${events} (machine: ${cpus().length} cores)`);
    console.log(`  (s) enforcement drain      ${report.platform.perSecond.toFixed(0)} events/s (first to last task ${report.platform.firstToLastMs.toFixed(0)} ms; ready to last ${readyToLastMs.toFixed(0)} ms); ${counted.n} tasks, ${report.platform.inboxRows} inbox rows`);
    console.log(`  (b') bare JetStream → pg   ${report.baseline.perSecond.toFixed(0)} events/s (${baseline.ms} ms, ${baseline.rows} rows)`);
    console.log(`  drain / (b') baseline      ${(report.ratio * 100).toFixed(0)} %`);
    console.log(`  goal ≥ ${SUPERVISION_GOAL_PER_SECOND} events/s: ${report.platform.perSecond >= SUPERVISION_GOAL_PER_SECOND ? 'met' : 'NOT met'}`);
    return report;
  } finally {
    await nc.close().catch(() => undefined);
    await nats.stop();
  }
}
