/**
 * Scenario (f), a year of a busy town under a fixed rate of mixed traffic: the town is preloaded
 * with BENCH_MIXED_APPLICATIONS applications across states (one INSERT … SELECT), then requests
 * arrive open-loop at Poisson-distributed intervals (exponential gaps at BENCH_MIXED_RATE per
 * second, whatever the answers' speed, as users do) for BENCH_MIXED_SECONDS: one intake to about
 * two reads (list pages, single applications, deadlines, statistics), all through the gateway.
 */
import type { Pool } from 'pg';
import { preloadBusyTown } from './busy-town';
import type { IntakeTarget } from './intake';
import { INTAKE_TOWN } from './intake';
import type { ServiceFigures } from './service-metrics';
import { cpuUsage, type CpuSnapshot } from './cpu';
import { benchHttpClient, type BenchHttpClient } from './http-client';

interface Route {
  name: string;
  /** Share of the arrivals. */
  weight: number;
  request: () => { method: 'GET' | 'POST'; path: string; body?: string; expect: number };
}

export interface RouteFigures {
  route: string;
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface MixedReport {
  rate: number;
  seconds: number;
  applications: number;
  /** Requests sent per second, as measured (the schedule's, not the answers'). */
  sentPerSecond: number;
  routes: RouteFigures[];
  overall: RouteFigures;
  sampleError: string | null;
  goalMet: boolean;
  /** Percent of one core per process during the load (the bench's own process generates it). */
  cpu?: Record<string, number>;
  /** What the gateway's and the approval-window's metrics saw during the run. */
  services?: Record<string, ServiceFigures>;
  /** Each route alone before the mixed runs: CPU per request per process. */
  routeCosts?: RouteCost[];
  /** Whether slow answers come together (stalls of the whole platform) or one by one. */
  slowness: Slowness;
}

/** Every request of a run as [ms after the start it was sent, route index, latency ms or -1 for an error]. */
export type MixedSamples = [number, number, number][];

/**
 * Slow answers (over the goal's p99) by the 100 ms window they were sent in: the share of them in
 * the worst 1 % of windows says whether the platform stalls as a whole (GC, a lock, a burst that
 * queues everything) or answers some requests slowly at random.
 */
export interface Slowness {
  slow: number;
  windows: number;
  /** Share of the slow answers sent in the 1 % of windows holding the most of them. */
  inWorstPercentOfWindows: number;
  /** The worst window: when (s after the start) and how many of its requests were slow. */
  worstWindow: { atSeconds: number; slow: number; requests: number } | null;
}

const SLOW_WINDOW_MS = 100;

function slowness(samples: MixedSamples, thresholdMs: number): Slowness {
  const byWindow = new Map<number, { slow: number; requests: number }>();
  let slow = 0;
  for (const [sentAt, , latency] of samples) {
    const key = Math.floor(sentAt / SLOW_WINDOW_MS);
    const window = byWindow.get(key) ?? { slow: 0, requests: 0 };
    window.requests++;
    if (latency < 0 || latency > thresholdMs) {
      window.slow++;
      slow++;
    }
    byWindow.set(key, window);
  }
  const ranked = [...byWindow.entries()].sort((a, b) => b[1].slow - a[1].slow);
  const worstCount = Math.max(1, Math.ceil(ranked.length / 100));
  const inWorst = ranked.slice(0, worstCount).reduce((sum, [, w]) => sum + w.slow, 0);
  const worst = ranked[0];
  return {
    slow,
    windows: ranked.length,
    inWorstPercentOfWindows: slow === 0 ? 0 : Math.round((1000 * inWorst) / slow) / 10,
    worstWindow: worst && worst[1].slow > 0 ? { atSeconds: (worst[0] * SLOW_WINDOW_MS) / 1000, slow: worst[1].slow, requests: worst[1].requests } : null,
  };
}

/** The issue's goal for the mixed scenario. */
export const MIXED_GOAL = { p99Ms: 25, errors: 0 };

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number));

function figures(route: string, latencies: number[], errors: number): RouteFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { route, requests: latencies.length + errors, errors, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted.at(-1) ?? 0) };
}

/** Fills the intake town with a year of applications shaped like the one the set-up intake wrote (same item, same stored applicant). */
export async function preloadMixedTown(pool: Pool, applications: number): Promise<string[]> {
  const { rows } = await pool.query<{ county_code: string; town_name: string; item_id: string; item: object; handling_organisation_id: string | null; applicant_id_cipher: string; applicant_id_hash: string; applicant_phone_cipher: string }>(
    `SELECT county_code, town_name, item_id, item, handling_organisation_id, applicant_id_cipher, applicant_id_hash, applicant_phone_cipher
       FROM approval_window.application WHERE town_code = $1 ORDER BY created_at LIMIT 1`,
    [INTAKE_TOWN],
  );
  const template = rows[0];
  if (!template) throw new Error('(f) needs the set-up intake of (e) in the town');
  await preloadBusyTown(pool, {
    countyCode: template.county_code,
    townCode: INTAKE_TOWN,
    townName: template.town_name,
    itemId: template.item_id,
    item: template.item,
    numberPrefix: `Y${Date.now().toString(36)}-`,
    applications,
    applicant: { idCipher: template.applicant_id_cipher, idHash: template.applicant_id_hash, phoneCipher: template.applicant_phone_cipher },
    handlingOrganisationId: template.handling_organisation_id,
  });
  const ids = await pool.query<{ id: string }>(`SELECT id FROM approval_window.application WHERE town_code = $1 AND created_by = 'busy-town' ORDER BY random() LIMIT 2000`, [INTAKE_TOWN]);
  return ids.rows.map((r) => r.id);
}

function routes(intake: IntakeTarget, ids: string[]): Route[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)] as T;
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 10);
  return [
    { name: 'POST /applications (intake)', weight: 1 / 3, request: () => ({ method: 'POST', path: '/api/v1/applications', body: intake.nextBody(), expect: 201 }) },
    { name: 'GET /applications (list page)', weight: 0.2, request: () => ({ method: 'GET', path: `/api/v1/applications?townCode=${INTAKE_TOWN}&page=${1 + Math.floor(Math.random() * 5)}&pageSize=20`, expect: 200 }) },
    { name: 'GET /applications/:id', weight: 0.2, request: () => ({ method: 'GET', path: `/api/v1/applications/${pick(ids)}`, expect: 200 }) },
    { name: 'GET /application-deadlines', weight: 2 / 15, request: () => ({ method: 'GET', path: `/api/v1/application-deadlines?townCode=${INTAKE_TOWN}&withinWorkingDays=3&pageSize=20`, expect: 200 }) },
    { name: 'GET /application-statistics', weight: 2 / 15, request: () => ({ method: 'GET', path: `/api/v1/application-statistics?jurisdictionCode=${INTAKE_TOWN}&from=${monthAgo}&to=${today}`, expect: 200 }) },
  ];
}

/** One route's cost measured alone: its latency without competition and the CPU per request of each process. */
export interface RouteCost {
  route: string;
  requests: number;
  p50Ms: number;
  /** CPU ms per request per process (gateway, approval-window, postgres backends of the bench database, …). */
  cpuMsPerRequest: Record<string, number>;
}

/**
 * Each route of the mix alone, `requests` times, two at a time (closed loop): what one request of it
 * costs each process in CPU, which unlike latency holds still on a shared machine. The sum over the
 * mix, weighted by the shares, is the CPU a second of the mixed load needs at a given rate.
 */
export async function measureRouteCosts(intake: IntakeTarget, ids: string[], requests: number, snapshot: () => CpuSnapshot): Promise<RouteCost[]> {
  const costs: RouteCost[] = [];
  const http = benchHttpClient(intake.url);
  for (const route of routes(intake, ids)) {
    const latencies: number[] = [];
    const one = async () => {
      const { method, path, body, expect } = route.request();
      const started = performance.now();
      const response = await http.send(method, path, intake.headers, body);
      if (response.status !== expect) throw new Error(`${method} ${path.split('?')[0]}: ${response.status} ${response.text.slice(0, 300)}`);
      latencies.push(performance.now() - started);
    };
    for (let i = 0; i < 20; i++) await one(); // warm-up
    latencies.length = 0;
    const before = snapshot();
    let left = requests;
    await Promise.all([0, 1].map(async () => {
      while (left-- > 0) await one();
    }));
    const after = snapshot();
    const wallMs = after.atMs - before.atMs;
    const cpuMsPerRequest: Record<string, number> = {};
    for (const [label, percent] of Object.entries(cpuUsage(before, after))) {
      if (label.startsWith('machine')) continue;
      cpuMsPerRequest[label === 'autocannon' ? 'load generator' : label] = Math.round(((percent / 100) * wallMs * 100) / requests) / 100;
    }
    costs.push({ route: route.name, requests, p50Ms: figures(route.name, latencies, 0).p50Ms, cpuMsPerRequest });
  }
  http.close();
  return costs;
}

export function printRouteCosts(costs: RouteCost[]): void {
  const labels = [...new Set(costs.flatMap((c) => Object.keys(c.cpuMsPerRequest)))].filter((l) => !['load generator', 'postgres other', 'nats-server'].includes(l));
  console.log(`\n(f) each route alone (${costs[0]?.requests ?? 0} requests, 2 at a time): p50 and CPU ms per request`);
  console.log(`  ${'route'.padEnd(34)} ${'p50 ms'.padStart(7)} ${labels.map((l) => l.padStart(16)).join(' ')}`);
  for (const c of costs) console.log(`  ${c.route.padEnd(34)} ${c.p50Ms.toFixed(1).padStart(7)} ${labels.map((l) => (c.cpuMsPerRequest[l] ?? 0).toFixed(2).padStart(16)).join(' ')}`);
}

/**
 * Sends requests at Poisson-distributed instants for `seconds`, never waiting for answers to send the
 * next, through `http` (the caller's client, so that a warm-up's connections carry over to the run).
 */
export async function runMixed(http: BenchHttpClient, intake: IntakeTarget, ids: string[], rate: number, seconds: number, applications: number): Promise<{ report: MixedReport; samples: MixedSamples }> {
  const table = routes(intake, ids);
  const latencies = new Map(table.map((r) => [r.name, [] as number[]]));
  const samples: MixedSamples = [];
  const errors = new Map(table.map((r) => [r.name, 0]));
  let sampleError: string | null = null;
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  const chooseRoute = () => {
    let u = Math.random();
    for (const route of table) if ((u -= route.weight) <= 0) return route;
    return table[table.length - 1] as Route;
  };
  const send = (route: Route) => {
    const { method, path, body, expect } = route.request();
    const started = performance.now();
    const sample: [number, number, number] = [Math.round(started - start), table.indexOf(route), -1];
    samples.push(sample);
    const done = http
      .send(method, path, intake.headers, body)
      .then((response) => {
        if (response.status !== expect) throw new Error(`${method} ${path.split('?')[0]}: ${response.status} ${response.text.slice(0, 300)}`);
        sample[2] = Math.round((performance.now() - started) * 10) / 10;
        latencies.get(route.name)?.push(sample[2]);
      })
      .catch((error: unknown) => {
        errors.set(route.name, (errors.get(route.name) ?? 0) + 1);
        sampleError ??= error instanceof Error ? error.message : String(error);
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  const end = start + seconds * 1000;
  let next = start;
  let sent = 0;
  while (next < end) {
    const now = performance.now();
    while (next <= now && next < end) {
      send(chooseRoute());
      sent++;
      next += (-Math.log(1 - Math.random()) / rate) * 1000;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(next - performance.now(), 5))));
  }
  const sentPerSecond = sent / ((performance.now() - start) / 1000);
  await Promise.all([...inFlight]);
  const perRoute = table.map((r) => figures(r.name, latencies.get(r.name) ?? [], errors.get(r.name) ?? 0));
  const overall = figures('overall', [...latencies.values()].flat(), [...errors.values()].reduce((a, b) => a + b, 0));
  const report = {
    rate,
    seconds,
    applications,
    sentPerSecond,
    routes: perRoute,
    overall,
    sampleError,
    goalMet: overall.p99Ms <= MIXED_GOAL.p99Ms && overall.errors <= MIXED_GOAL.errors,
    slowness: slowness(samples, MIXED_GOAL.p99Ms),
  };
  return { report, samples };
}

export function printMixed(report: MixedReport): void {
  console.log(`\n(f) mixed traffic at ${report.rate} req/s (Poisson arrivals, open loop; sent ${report.sentPerSecond.toFixed(1)}/s) for ${report.seconds} s, town preloaded with ${report.applications} applications`);
  const rows = [...report.routes, report.overall];
  console.log(`  ${'route'.padEnd(34)} ${'requests'.padStart(8)} ${'errors'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  for (const r of rows) console.log(`  ${r.route.padEnd(34)} ${String(r.requests).padStart(8)} ${String(r.errors).padStart(6)} ${r.p50Ms.toFixed(1).padStart(8)} ${r.p99Ms.toFixed(1).padStart(8)} ${r.maxMs.toFixed(1).padStart(8)}`);
  if (report.sampleError) console.log(`  sample error: ${report.sampleError}`);
  const { slow, windows, inWorstPercentOfWindows, worstWindow } = report.slowness;
  console.log(
    `  over ${MIXED_GOAL.p99Ms} ms: ${slow} answers, ${inWorstPercentOfWindows} % of them sent in the worst 1 % of ${windows} windows of ${SLOW_WINDOW_MS} ms` +
      (worstWindow ? ` (worst at ${worstWindow.atSeconds} s: ${worstWindow.slow} of ${worstWindow.requests})` : ''),
  );
  if (report.cpu) console.log(`  CPU (% of one core): ${Object.entries(report.cpu).map(([label, pct]) => `${label === 'autocannon' ? 'load generator' : label} ${pct}`).join(', ')}`);
  for (const [service, figures] of Object.entries(report.services ?? {})) {
    const loop = figures.eventLoopDelay;
    console.log(`  ${service}: event-loop delay p50 ${loop.p50Ms} ms, p99 ${loop.p99Ms} ms, max ${loop.maxMs} ms`);
    for (const s of figures.subjects) console.log(`    ${s.subject.padEnd(48)} ${String(s.requests).padStart(7)} handled, mean ${s.meanMs.toFixed(1)} ms in the service, ${(s.over25Ms * 100).toFixed(1)} % over 25 ms`);
  }
  console.log(`  goal: p99 ≤ ${MIXED_GOAL.p99Ms} ms overall with ${MIXED_GOAL.errors} errors (on 2 cores): ${report.goalMet ? 'MET' : 'NOT MET'} (p99 ${report.overall.p99Ms} ms, ${report.overall.errors} errors)`);
}
