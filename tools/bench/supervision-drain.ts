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

interface Drain {
  batchSize: number;
  perSecond: number;
  firstToLastMs: number;
  readyToLastMs: number;
  tasks: number;
  inboxRows: number;
}

interface DrainReport {
  events: number;
  publishPerSecond: number;
  /** One event a transaction (APPROVALS_BATCH_SIZE=1), then the service's default batches. */
  drains: Drain[];
  baseline: { perSecond: number; ms: number; rows: number };
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

function event(tag: string, n: number): EventEnvelope<ApprovalGrantedEvent> {
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
      applicationNo: `BENCH-${tag}-${n}`,
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

async function countTasks(pool: Pool, tag: string): Promise<{ n: number; firstToLastMs: number; last: number | null }> {
  const { rows } = await pool.query<{ n: number; span: number | null; last: number | null }>(
    `SELECT count(*)::int AS n, extract(epoch FROM max(created_at) - min(created_at)) * 1000 AS span, extract(epoch FROM max(created_at)) * 1000 AS last
     FROM enforcement.supervision_task WHERE application_no LIKE $1`,
    [`BENCH-${tag}-%`],
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
    APPROVALS_BATCH_SIZE: String(Number(process.env['BENCH_SUPERVISION_BATCH'] || 64)),
  };
  const nc = await connect({ servers: nats.url, name: 'bench-supervision' });
  const js = nc.jetstream();
  /** Publishes a backlog (enforcement down); the stream sequence of its first message and the publish time. */
  const publishBacklog = async (tag: string): Promise<{ firstSeq: number; ms: number }> => {
    const started = Date.now();
    let firstSeq = 0;
    for (let n = 0; n < events; n += 500) {
      const acks = await Promise.all(
        Array.from({ length: Math.min(500, events - n) }, (_, i) => {
          const e = event(tag, n + i);
          const h = headers();
          h.set(HEADER_CORRELATION_ID, e.id);
          return js.publish(e.type, JSON.stringify(e), { msgID: e.id, headers: h });
        }),
      );
      if (n === 0) firstSeq = acks[0]?.seq ?? 0;
    }
    return { firstSeq, ms: Date.now() - started };
  };
  /** Starts enforcement with the batch size, waits until the backlog is supervision tasks, stops it. */
  const drain = async (batchSize: number, tag: string): Promise<Drain> => {
    const enforcement = children.start(`enforcement-batch-${batchSize}`, script, ['serve'], { env: { ...env, APPROVALS_BATCH_SIZE: String(batchSize) } });
    await waitForHttpOk(enforcement, `http://127.0.0.1:${port}/health/ready`, 60_000);
    const ready = Date.now();
    let counted = await countTasks(pool, tag);
    for (const started = Date.now(); counted.n < events; await sleep(100)) {
      if (Date.now() - started > 300_000) throw new Error(`only ${counted.n} of ${events} supervision tasks after 5 minutes`);
      counted = await countTasks(pool, tag);
    }
    enforcement.process.kill('SIGTERM');
    await enforcement.exited;
    const inboxRows = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM enforcement.inbox WHERE consumer = $1`, [CONSUMER])).rows[0]?.n ?? 0;
    return { batchSize, perSecond: ((events - 1) * 1000) / Math.max(1, counted.firstToLastMs), firstToLastMs: counted.firstToLastMs, readyToLastMs: Math.max(0, (counted.last ?? ready) - ready), tasks: counted.n, inboxRows };
  };
  try {
    await pool.query('DROP SCHEMA IF EXISTS enforcement CASCADE');
    await children.run('enforcement-migrate', script, ['migrate'], { env });
    // Once up, to create the durable consumer; then down.
    const first = children.start('enforcement', script, ['serve'], { env });
    await waitForHttpOk(first, `http://127.0.0.1:${port}/health/ready`);
    const jsm = await nc.jetstreamManager();
    for (const started = Date.now(); !(await jsm.consumers.info(EVENT_STREAM, CONSUMER).then(() => true, () => false)); await sleep(100)) {
      if (Date.now() - started > 30_000) throw new Error(`enforcement did not create ${CONSUMER}`);
    }
    first.process.kill('SIGTERM');
    await first.exited;
    const drains: Drain[] = [];
    let baselineSeq = 0;
    let publishMs = 0;
    for (const batchSize of [1, Number(env.APPROVALS_BATCH_SIZE)]) {
      const tag = `${settings.runId}-${batchSize}`;
      const backlog = await publishBacklog(tag);
      baselineSeq ||= backlog.firstSeq;
      publishMs = backlog.ms;
      console.log(`(s) ${events} approval.granted events published in ${backlog.ms} ms while enforcement was down; draining ${batchSize} a transaction`);
      drains.push(await drain(batchSize, tag));
    }
    // The bare baseline on the first backlog's messages.
    const baseline = await bareDrain(nc, pool, baselineSeq, events);
    const report: DrainReport = { events, publishPerSecond: (events * 1000) / Math.max(1, publishMs), drains, baseline: { perSecond: (baseline.rows * 1000) / Math.max(1, baseline.ms), ms: baseline.ms, rows: baseline.rows } };
    console.log(`\napproval.granted → supervision task, a backlog of ${events} (machine: ${cpus().length} cores)`);
    for (const d of drains) {
      console.log(
        `  (s) enforcement, ${String(d.batchSize).padStart(2)} a transaction  ${d.perSecond.toFixed(0)} events/s (first to last task ${d.firstToLastMs.toFixed(0)} ms; ready to last ${d.readyToLastMs.toFixed(0)} ms); ${d.tasks} tasks; ` +
          `${(d.perSecond / report.baseline.perSecond * 100).toFixed(0)} % of (b')`,
      );
    }
    console.log(`  (b') bare JetStream → pg, one autocommit insert each  ${report.baseline.perSecond.toFixed(0)} events/s (${baseline.ms} ms, ${baseline.rows} rows)`);
    const best = drains[drains.length - 1] as Drain;
    console.log(`  goal ≥ ${SUPERVISION_GOAL_PER_SECOND} events/s (service default, ${best.batchSize} a transaction): ${best.perSecond >= SUPERVISION_GOAL_PER_SECOND ? 'met' : 'NOT met'}`);
    return report;
  } finally {
    await nc.close().catch(() => undefined);
    await nats.stop();
  }
}
