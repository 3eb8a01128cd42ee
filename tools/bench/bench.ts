/**
 * `npm run bench`: POST /organisations throughput of the platform against three baselines measured
 * in the same run on the same machine, and the platform's application intake against the same
 * baselines:
 *   (a) bare Fastify + pg INSERT
 *   (b) bare Fastify → NATS request–reply → responder process → pg INSERT
 *   (c) the platform: gateway → NATS → identity (transaction + outbox + audit chain) → JetStream
 *   (d) (b)'s front and responder doing the platform's work by hand: transaction with organisation,
 *       outbox and audit rows; a minimal outbox relay to JetStream (no hash chain)
 *   (e) application intake: gateway → NATS → approval-window (held-item check asked of identity over
 *       NATS, transaction with application, steps, notices and audit rows), accepted on the spot
 *   (g) case filing (立案): gateway → NATS → enforcement (power mode and two certifications asked of
 *       identity, case number, numbered 立案审批表, audit), each request on a preloaded proposed clue
 *   (f) a year of a busy town (50,000 applications) under 300 req/s of mixed traffic arriving at
 *       Poisson intervals: intake, list pages, single reads, deadlines, statistics (see mixed.ts);
 *       BENCH_ONLY=mixed runs only (f)
 *   (s) BENCH_ONLY=supervision: approval.granted → supervision task, a backlog of 10,000 drained by the
 *       enforcement service against a bare JetStream → pg consumer (see supervision-drain.ts)
 *   BENCH_ONLY=filing runs only the rounds of (b) and (g), and reports (g) / (b)
 *   BENCH_ONLY=grid runs only the grid service's figures (grid.ts): point → grid lookups per second
 *       with 2,000 grids, and a 100,000-row household CSV import's rate and peak RSS growth
 *   (i) channel intake: a 12345 ticket with its channel credential through the gateway to
 *       command-dispatch, routed by the town's duty list (post → routed order); then one SLA timer
 *       scan over BENCH_SLA_ORDERS (100,000) open orders; BENCH_ONLY=dispatch runs only (b), (i) and the scan
 *   (h) early warning: 100,000 electricity readings posted and evaluated (goal ≤ 20 s on 2 cores), against
 *       the bare pg INSERT of the same rows in the same run; BENCH_ONLY=readings runs only (h) (see readings.ts)
 *   (sync) BENCH_ONLY=sync: (c) against a nats-server started here without and with JetStream's
 *       `sync_interval: always` (every write fsynced before it is acknowledged), the ratio
 *       (broker-sync.ts; NATS_SERVER_BIN, 2.10 or later)
 * A report, not a test: it exits 0 whatever the ratios, and 1 only when a measurement is invalid
 * (more than 1 % errors) or the run could not be set up.
 */
// The services' packages this tool loads (their configs) carry decorators: metadata first, whatever the import order.
import 'reflect-metadata';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool } from 'pg';
import { startDirectBaseline, startNatsBaseline, type RunningTarget } from './baselines';
import { Children } from './children';
import { benchSettings, type BenchSettings } from './config';
import { cpuSnapshot, cpuUsage } from './cpu';
import { errorRate, runLoad } from './load';
import { ORCHESTRATOR_APP, benchBackendPids, sampleBackendStates } from './pg-activity';
import { CASE_TOWN, prepareCaseFiling } from './case-filing';
import { INTAKE_TOWN, prepareIntake, type IntakeTarget } from './intake';
import { benchHttpClient } from './http-client';
import { measureRouteCosts, preloadMixedTown, printMixed, printRouteCosts, runMixed, type MixedReport } from './mixed';
import { serviceMetricsWindow } from './service-metrics';
import { runGridBench } from './grid';
import { deleteApprovalWindowConsumers, pendingBackgroundWork, preparePlatform, runSlaScan, startPlatform } from './platform';
import { preloadOpenOrders, prepareDispatch } from './dispatch';
import { printReadings, runReadingsBench } from './readings';
import { MAX_ERROR_RATE, goalRatio, printReport, ratio, summarise, type Measurement, type ScenarioReport } from './report';
import { BENCH_STREAM } from './same-work';
import { runSupervisionDrain } from './supervision-drain';
import { runBrokerSync } from './broker-sync';
import { benchStreamMessages, deleteBenchStream, prepareBenchStream, publishedBenchOutbox, recreateBenchSchema } from './same-work-setup';

interface Scenario {
  key: ScenarioReport['key'];
  label: string;
  target: RunningTarget & { headers?: Record<string, string> };
  /** The JSON body of the next request. */
  nextBody: () => string;
  /** The path of the next request, when each goes to a record of its own. */
  nextPath?: () => string;
}

/** The issue's targets for the platform's create path (c); the application intake (e) takes them as its own goals. */
const TARGETS = { platformVsNats: 0.6, platformVsDirect: 0.25, caseFilingVsNats: 0.5 };
/** Proposed clues preloaded for (g): more than its rounds can file. */
const CASE_FILING_PRELOAD = 60_000;
/** The issue's goals for the command centre: channel intake ≥ 50 % of (b); one SLA timer scan over 100,000 open orders ≤ 200 ms. */
const DISPATCH_GOALS = { intakeVsNats: 0.5, slaScanMs: 200 };
/** (f): requests of each route alone, to measure what one costs each process. */
const ROUTE_COST_REQUESTS = 300;
/** Orders of the SLA scan's preload already past their limit: the scan supervises them. */
const SLA_DUE_ORDERS = 100;

async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

/** Output files are never committed: the folder ignores itself. */
function prepareResultsDir(settings: BenchSettings): void {
  mkdirSync(settings.resultsDir, { recursive: true });
  const ignore = join(settings.resultsDir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# npm run bench output\n*\n');
}

function bodyFactory(runId: string): () => string {
  let n = 0;
  return () => {
    n++;
    return JSON.stringify({ code: `B${runId}-${n}`, name: `基准机构${n}`, kind: 'town_functional_institution', jurisdictionCode: '320585102' });
  };
}

async function measure(scenario: Scenario, round: number, settings: BenchSettings, pool: Pool): Promise<Measurement> {
  const target = { url: scenario.target.url, path: scenario.target.path, headers: scenario.target.headers, nextBody: scenario.nextBody, nextPath: scenario.nextPath };
  await runLoad(target, settings.warmupSeconds, settings.connections);
  const backends = await benchBackendPids(pool);
  const before = cpuSnapshot(scenario.target.processes, backends);
  const sampler = sampleBackendStates(pool);
  const result = await runLoad(target, settings.seconds, settings.connections);
  const cpu = cpuUsage(before, cpuSnapshot(scenario.target.processes, backends));
  const dbStates = await sampler.stop();
  const errors = result.non2xx + result.errors;
  console.log(
    `  (${scenario.key}) round ${round}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms` +
      (errors > 0 ? `, ${errors} errors (${(errorRate(result) * 100).toFixed(2)} %)` : ''),
  );
  return { round, ...result, cpu, dbStates };
}

/** Schema whose background work (outbox relay; audit sealer, except in bench) each scenario leaves behind. */
type BackgroundSchema = 'identity' | 'approval_window' | 'enforcement' | 'command_dispatch' | 'bench';
const BACKGROUND_OF: Partial<Record<Scenario['key'], BackgroundSchema>> = { c: 'identity', d: 'bench', e: 'approval_window', g: 'enforcement', i: 'command_dispatch' };

/** Waits until the outbox is published and the audit rows sealed after the load, so the next scenario starts quiet. */
async function drainBackground(pool: Pool, schema: BackgroundSchema): Promise<{ pendingAtEnd: number; drainMs: number }> {
  const started = Date.now();
  const pendingAtEnd = await pendingBackgroundWork(pool, schema);
  let pending = pendingAtEnd;
  while (pending > 0 && Date.now() - started < 30_000) {
    await sleep(250);
    pending = await pendingBackgroundWork(pool, schema);
  }
  if (pending > 0) console.warn(`  ${schema}: still ${pending} unpublished outbox or unsealed audit rows after 30 s`);
  return { pendingAtEnd, drainMs: Date.now() - started };
}

/** BENCH_ONLY=intake: the rounds of (a), (b) and (e) alone, the intake's ratios to (a) and (b), CPU per process. */
async function runIntakeOnly(settings: BenchSettings, pool: Pool, scenarios: Scenario[]): Promise<number> {
  const measurements = new Map<Scenario['key'], Measurement[]>(scenarios.map((s) => [s.key, []]));
  const notes: string[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const scenario of scenarios) {
      measurements.get(scenario.key)?.push(await measure(scenario, round, settings, pool));
      const schema = BACKGROUND_OF[scenario.key];
      if (schema) {
        const drained = await drainBackground(pool, schema);
        notes.push(`audit after (${scenario.key}) round ${round}: ${drained.pendingAtEnd} unsealed at end of load, drained in ${drained.drainMs} ms`);
      }
    }
  }
  const reports = scenarios.map((s) => summarise(s.key, s.label, measurements.get(s.key) ?? []));
  const [a, b, e] = reports as [ScenarioReport, ScenarioReport, ScenarioReport];
  const ratios = [goalRatio('application intake / (b) NATS baseline', e.rps, b.rps, TARGETS.platformVsNats), goalRatio('application intake / (a) direct baseline', e.rps, a.rps, TARGETS.platformVsDirect)];
  printReport(reports, ratios, notes);
  writeFileSync(join(settings.resultsDir, 'latest-intake.json'), `${JSON.stringify({ runId: settings.runId, machine: { node: process.version, cpus: cpus().length }, scenarios: reports, ratios }, null, 2)}\n`);
  return reports.some((r) => r.errorRate > MAX_ERROR_RATE) ? 1 : 0;
}

/**
 * (f): the busy town's preload, then the mixed load at each rate of BENCH_MIXED_RATE in turn, with CPU
 * per process and what the gateway's and approval-window's own metrics saw (event-loop delay, time
 * per subject inside the service). Each run is printed as it ends.
 */
async function runMixedPart(settings: BenchSettings, pool: Pool, intake: IntakeTarget): Promise<MixedReport[]> {
  console.log(`(f) preloading ${settings.mixedApplications} applications into ${INTAKE_TOWN}…`);
  const ids = await preloadMixedTown(pool, settings.mixedApplications);
  const costBackends = await benchBackendPids(pool);
  const costs = await measureRouteCosts(intake, ids, ROUTE_COST_REQUESTS, () => cpuSnapshot(intake.processes, costBackends));
  printRouteCosts(costs);
  const reports: MixedReport[] = [];
  for (const rate of settings.mixedRates) {
    // The first seconds at a rate open the clients' connections and grow the pools (a PostgreSQL
    // backend forked per new connection): measured after them, as (a)–(e) are after their warm-up.
    const http = benchHttpClient(intake.url);
    await runMixed(http, intake, ids, rate, settings.mixedWarmupSeconds, settings.mixedApplications);
    const mixedBackends = await benchBackendPids(pool);
    const windows = { gateway: await serviceMetricsWindow(intake.url), 'approval-window': await serviceMetricsWindow(`http://127.0.0.1:${settings.approvalWindowPort}`) };
    const mixedBefore = cpuSnapshot(intake.processes, mixedBackends);
    const { report: mixed, samples } = await runMixed(http, intake, ids, rate, settings.mixedSeconds, settings.mixedApplications);
    http.close();
    const cpu = cpuUsage(mixedBefore, cpuSnapshot(intake.processes, mixedBackends));
    const services = { gateway: await windows.gateway.end(), 'approval-window': await windows['approval-window'].end() };
    const report = { ...mixed, cpu, services, routeCosts: costs };
    printMixed(report);
    const csv = join(settings.resultsDir, `mixed-${rate}-samples.csv`);
    writeFileSync(csv, `sent_ms,route,latency_ms\n${samples.map(([at, route, ms]) => `${at},${mixed.routes[route]?.route ?? route},${ms}`).join('\n')}\n`);
    console.log(`  every request (sent at, route, latency; -1 = error): ${csv}`);
    reports.push(report);
  }
  return reports;
}

async function main(): Promise<number> {
  const settings = benchSettings();
  prepareResultsDir(settings);
  if (settings.only === 'grid') {
    await ensureDatabase(settings.databaseUrl);
    const grid = await runGridBench(settings.databaseUrl);
    writeFileSync(join(settings.resultsDir, 'grid.json'), JSON.stringify({ runId: settings.runId, grid }, null, 2));
    return 0;
  }
  const children = new Children(join(settings.resultsDir, 'logs'));
  const onSignal = () => {
    children.killAllNow();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => children.killAllNow());

  const startedAt = new Date();
  const dbName = new URL(settings.databaseUrl).pathname.slice(1);
  console.log(
    `bench ${settings.runId}: ${settings.rounds} round(s) of a, b, c, d, e; ${settings.warmupSeconds} s warm-up + ${settings.seconds} s each, ` +
      `${settings.connections} connections; database ${dbName}, NATS ${settings.natsUrl}; logs in bench-results/logs/`,
  );
  let pool: Pool | null = null;
  let benchStream = false;
  /** Set by startPlatform once the bench's approval-window may have created its durable consumers. */
  const owned = { approvalWindowConsumers: false };
  try {
    await ensureDatabase(settings.databaseUrl);
    pool = new Pool({ connectionString: settings.databaseUrl, max: 2, application_name: ORCHESTRATOR_APP });
    if (settings.only === 'supervision') {
      const drain = await runSupervisionDrain(children, settings, pool);
      writeFileSync(join(settings.resultsDir, 'latest-supervision.json'), `${JSON.stringify({ runId: settings.runId, machine: { node: process.version, cpus: cpus().length }, drain }, null, 2)}\n`);
      return 0;
    }
    await recreateBenchSchema(pool, settings.databaseUrl);
    await prepareBenchStream(settings.natsUrl);
    benchStream = true;
    await preparePlatform(children, settings, pool);
    if (settings.only === 'sync') {
      const syncPool = pool;
      const body = bodyFactory(`${settings.runId}s`);
      const report = await runBrokerSync(children, settings, syncPool, async (platform) =>
        summarise('c', 'platform gateway → NATS → identity', [await measure({ key: 'c', label: 'create path', target: platform.organisations, nextBody: body }, 1, settings, syncPool)]),
      );
      console.log(report.measured ? `sync_interval: always / default: ${report.ratio.toFixed(2)} of the throughput; outbox drain ${report.drainRatio.toFixed(2)}x (${report.natsServer})` : `(sync) not measured: ${report.natsServer}: ${report.reason}`);
      writeFileSync(join(settings.resultsDir, 'latest-sync.json'), `${JSON.stringify({ runId: settings.runId, machine: { node: process.version, cpus: cpus().length }, ...report }, null, 2)}\n`);
      return report.measured ? 0 : 1;
    }
    if (settings.only === 'mixed') {
      // (f) alone needs the platform and (e)'s set-up, not the baselines or the other scenarios' preloads.
      const platform = await startPlatform(children, settings, owned);
      const intake = await prepareIntake(platform, pool);
      const mixed = await runMixedPart(settings, pool, intake);
      writeFileSync(join(settings.resultsDir, 'latest-mixed.json'), `${JSON.stringify({ runId: settings.runId, machine: { node: process.version, cpus: cpus().length }, mixed }, null, 2)}\n`);
      return mixed.some((m) => m.overall.errors > m.overall.requests * MAX_ERROR_RATE) ? 1 : 0;
    }
    const [direct, viaNats, platform, sameWork] = await Promise.all([
      startDirectBaseline(children, settings),
      startNatsBaseline(children, settings, 'b', 'insert'),
      startPlatform(children, settings, owned),
      startNatsBaseline(children, settings, 'd', 'same-work'),
    ]);
    if (settings.only === 'readings') {
      const readings = await runReadingsBench(children, settings, pool, platform.url);
      printReadings(readings);
      writeFileSync(join(settings.resultsDir, 'latest-readings.json'), `${JSON.stringify({ runId: settings.runId, machine: { node: process.version, cpus: cpus().length }, readings }, null, 2)}\n`);
      return readings.alerts === readings.expectedAlerts && readings.orders === readings.expectedAlerts ? 0 : 1;
    }
    const intake = await prepareIntake(platform, pool);
    if (settings.only === 'intake') return await runIntakeOnly(settings, pool, [
      { key: 'a', label: 'bare Fastify + pg', target: direct, nextBody: bodyFactory(settings.runId) },
      { key: 'b', label: 'bare Fastify → NATS → pg', target: viaNats, nextBody: bodyFactory(`${settings.runId}b`) },
      { key: 'e', label: 'application intake → approval-window', target: intake, nextBody: intake.nextBody },
    ]);
    const caseFiling = await prepareCaseFiling(platform, pool, CASE_FILING_PRELOAD);
    console.log(`(g) filing (立案) of preloaded proposed clues on ${caseFiling.itemCode} in ${CASE_TOWN}: ${caseFiling.preloaded} preloaded`);
    console.log(
      `(e) intake of ${intake.item.code} ${intake.item.name} (${intake.item.mode}, item id ${intake.item.id}), ${intake.item.requiredMaterials.length} required material(s); ` +
        `held-item table rows for it (the fallback when identity does not answer): ${intake.heldItemCacheRows}`,
    );
    const dispatch = await prepareDispatch(platform, pool, settings.runId);
    console.log(`(i) 12345 tickets of 12345.street_order in ${dispatch.unit.name}'s town, routed to it by the duty list`);
    const nextOrgBody = bodyFactory(settings.runId);
    const all: Scenario[] = [
      { key: 'a', label: 'bare Fastify + pg', target: direct, nextBody: nextOrgBody },
      { key: 'b', label: 'bare Fastify → NATS → pg', target: viaNats, nextBody: nextOrgBody },
      { key: 'c', label: 'platform gateway → NATS → identity', target: platform.organisations, nextBody: nextOrgBody },
      { key: 'd', label: 'bare Fastify → NATS → pg, same work', target: sameWork, nextBody: nextOrgBody },
      { key: 'e', label: 'application intake → approval-window', target: intake, nextBody: intake.nextBody },
      { key: 'g', label: 'case filing (立案) → enforcement', target: caseFiling, nextBody: caseFiling.nextBody, nextPath: caseFiling.nextPath },
      { key: 'i', label: 'channel intake → command-dispatch', target: dispatch, nextBody: dispatch.nextBody },
    ];
    const scenarios = settings.only === 'dispatch' ? all.filter((s) => s.key === 'b' || s.key === 'i') : all;

    const measurements = new Map<Scenario['key'], Measurement[]>(scenarios.map((s) => [s.key, []]));
    const outbox: { scenario: Scenario['key']; round: number; pendingAtEnd: number; drainMs: number }[] = [];
    const filingOnly = settings.only === 'filing';
    for (let round = 1; round <= settings.rounds; round++) {
      for (const scenario of scenarios) {
        if (filingOnly && scenario.key !== 'b' && scenario.key !== 'g') continue;
        measurements.get(scenario.key)?.push(await measure(scenario, round, settings, pool));
        const schema = BACKGROUND_OF[scenario.key];
        if (schema) outbox.push({ scenario: scenario.key, round, ...(await drainBackground(pool, schema)) });
      }
    }
    if (filingOnly) {
      const [b, g] = (['b', 'g'] as const).map((key) => summarise(key, scenarios.find((s) => s.key === key)?.label ?? key, measurements.get(key) ?? [])) as [ScenarioReport, ScenarioReport];
      printReport([b, g], [ratio('case filing / (b) NATS baseline', g.rps, b.rps, TARGETS.caseFilingVsNats)], outbox.map((o) => `outbox + audit after (${o.scenario}) round ${o.round}: ${o.pendingAtEnd} pending at end of load, drained in ${o.drainMs} ms`));
      writeFileSync(join(settings.resultsDir, 'latest-filing.json'), `${JSON.stringify({ runId: settings.runId, machine: { node: process.version, cpus: cpus().length }, scenarios: [b, g] }, null, 2)}\n`);
      return [b, g].some((r) => r.errorRate > MAX_ERROR_RATE) ? 1 : 0;
    }
    // The SLA timer scan after (i): its preload would slow the intakes.
    let slaScan: { preloaded: number; due: number; scans: { fired: number; ms: number; timers: number }[] } | null = null;
    if (settings.only === 'all' || settings.only === 'dispatch') {
      console.log(`SLA scan: preloading ${settings.slaOrders} open orders (${SLA_DUE_ORDERS} past their limit)…`);
      await preloadOpenOrders(pool, settings.slaOrders, SLA_DUE_ORDERS, dispatch.unit.id);
      const scans = [await runSlaScan(children, settings), await runSlaScan(children, settings)];
      scans.forEach((s, i) => console.log(`  SLA scan ${i + 1}: ${s.fired} fired in ${s.ms} ms over ${s.timers} armed timers`));
      slaScan = { preloaded: settings.slaOrders, due: SLA_DUE_ORDERS, scans };
    }
    if (settings.only === 'dispatch') {
      const reports = scenarios.map((s) => summarise(s.key, s.label, measurements.get(s.key) ?? []));
      const [b, i] = reports as [ScenarioReport, ScenarioReport];
      const ratios = [goalRatio('channel intake / (b) NATS baseline', i.rps, b.rps, DISPATCH_GOALS.intakeVsNats)];
      const scanNotes = (slaScan?.scans ?? []).map((s, i) => `SLA scan ${i + 1} over ${s.timers} armed timers (${settings.slaOrders} open orders): ${s.fired} fired in ${s.ms} ms (goal ≤ ${DISPATCH_GOALS.slaScanMs} ms)`);
      printReport(reports, ratios, [...outbox.map((o) => `outbox + audit after (${o.scenario}) round ${o.round}: ${o.pendingAtEnd} pending at end of load, drained in ${o.drainMs} ms`), ...scanNotes]);
      writeFileSync(join(settings.resultsDir, 'latest-dispatch.json'), `${JSON.stringify({ runId: settings.runId, machine: { node: process.version, cpus: cpus().length }, scenarios: reports, ratios, slaScan }, null, 2)}\n`);
      return reports.some((r) => r.errorRate > MAX_ERROR_RATE) ? 1 : 0;
    }
    // (f) last: its preload would slow (e)'s intakes.
    const mixed = await runMixedPart(settings, pool, intake);
    // (d)'s relay is hand-written: check that what it marked published did reach the stream.
    const sameWorkRelay = { publishedRows: await publishedBenchOutbox(pool), streamMessages: await benchStreamMessages(settings.natsUrl) };

    const reports = scenarios.map((s) => summarise(s.key, s.label, measurements.get(s.key) ?? []));
    const [a, b, c, d, e, g, i] = reports as [ScenarioReport, ScenarioReport, ScenarioReport, ScenarioReport, ScenarioReport, ScenarioReport, ScenarioReport];
    const ratios = [
      ratio('platform / (b) NATS baseline', c.rps, b.rps, TARGETS.platformVsNats),
      ratio('platform / (a) direct baseline', c.rps, a.rps, TARGETS.platformVsDirect),
      ratio('platform / (d) same work', c.rps, d.rps, null, 'framework overhead at equal work'),
      goalRatio('application intake / (b) NATS baseline', e.rps, b.rps, TARGETS.platformVsNats),
      goalRatio('application intake / (a) direct baseline', e.rps, a.rps, TARGETS.platformVsDirect),
      ratio('application intake / (d) same work', e.rps, d.rps, null, 'for information: (d) does (c)\'s work, not the intake\'s'),
      ratio('case filing / (b) NATS baseline', g.rps, b.rps, TARGETS.caseFilingVsNats),
      goalRatio('channel intake / (b) NATS baseline', i.rps, b.rps, DISPATCH_GOALS.intakeVsNats),
    ];
    const invalid = reports.filter((r) => r.errorRate > MAX_ERROR_RATE);
    const notes = outbox.map((o) => `outbox${o.scenario === 'd' ? '' : ' + audit'} after (${o.scenario}) round ${o.round}: ${o.pendingAtEnd} unpublished${o.scenario === 'd' ? '' : ' or unsealed'} at end of load, drained in ${o.drainMs} ms`);
    notes.push(`(e) item ${intake.item.code} (${intake.item.mode}); held-item table rows for it at set-up: ${intake.heldItemCacheRows}`);
    notes.push(
      `(d) relay: ${sameWorkRelay.publishedRows} outbox rows marked published, ${sameWorkRelay.streamMessages} messages in ${BENCH_STREAM}` +
        (sameWorkRelay.publishedRows === sameWorkRelay.streamMessages ? '' : '  MISMATCH'),
    );
    for (const [i, scan] of (slaScan?.scans ?? []).entries()) notes.push(`SLA scan ${i + 1} over ${scan.timers} armed timers (${settings.slaOrders} open orders): ${scan.fired} fired in ${scan.ms} ms (goal ≤ ${DISPATCH_GOALS.slaScanMs} ms)`);
    printReport(reports, ratios, notes);
    for (const run of mixed) printMixed(run);

    const file = join(settings.resultsDir, 'latest.json');
    const json = {
      runId: settings.runId,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      settings: { seconds: settings.seconds, warmupSeconds: settings.warmupSeconds, connections: settings.connections, rounds: settings.rounds, poolSize: settings.poolSize, database: dbName, natsUrl: settings.natsUrl },
      machine: { node: process.version, cpus: cpus().length },
      scenarios: reports,
      ratios,
      outbox,
      sameWorkRelay,
      intake: { townCode: INTAKE_TOWN, item: intake.item, heldItemCacheRows: intake.heldItemCacheRows },
      mixed,
      slaScan,
      valid: invalid.length === 0,
    };
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwritten ${file}`);

    for (const r of invalid) {
      console.error(
        `\nFAILED: (${r.key}) ${r.label}: ${(r.errorRate * 100).toFixed(2)} % errors (${r.non2xx} non-2xx, ${r.errors} connection errors/timeouts) — the measurement is not valid.` +
          (r.sampleError ? `\n  sample ${r.sampleError.status}: ${r.sampleError.body}` : ''),
      );
    }
    return invalid.length === 0 ? 0 : 1;
  } finally {
    await pool?.end();
    // A profiled process writes its profile as it exits: give it time.
    await children.stopAll(settings.profile ? 60_000 : 5000);
    if (owned.approvalWindowConsumers) await deleteApprovalWindowConsumers(settings.natsUrl).catch((error: unknown) => console.warn(`could not delete the approval-window's durable consumers: ${String(error)}`));
    if (benchStream) await deleteBenchStream(settings.natsUrl).catch((error: unknown) => console.warn(`could not delete the ${BENCH_STREAM} stream: ${String(error)}`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('\nbench failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
