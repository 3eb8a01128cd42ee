import { resolve } from 'node:path';

/** Everything a run can be tuned with, from the environment. */
export interface BenchSettings {
  /** Measured seconds per scenario and round. */
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Each round runs a, b, c, d, e once; the report averages the rounds. */
  rounds: number;
  /** The dedicated bench database (never the development one). */
  databaseUrl: string;
  natsUrl: string;
  gatewayPort: number;
  identityPort: number;
  /** HTTP port (health and metrics only) of the approval-window service of scenario (e). */
  approvalWindowPort: number;
  /** HTTP port (health and metrics only) of the enforcement service of scenario (g). */
  enforcementPort: number;
  /** HTTP port (health and metrics only) of the command-dispatch service of scenario (g). */
  commandDispatchPort: number;
  /** Open work orders the SLA timer scan runs over. */
  slaOrders: number;
  /** Run-unique prefix for organisation codes and NATS subjects. */
  runId: string;
  /** Pool size of the baselines: the same as identity's DB_POOL_SIZE default. */
  poolSize: number;
  /** Write V8 CPU profiles of gateway, identity and approval-window to bench-results/profiles. */
  profile: boolean;
  repoRoot: string;
  resultsDir: string;
  /**
   * 'all' (a–e, g and i, then the SLA scan, then f), or one part alone: 'mixed' (the platform and the
   * set-up of e, then f: no baseline, no other scenario's set-up), 'supervision' (the approval.granted backlog drain), 'grid' (the grid service's in-process
   * figures, grid.ts), 'dispatch' (b and i, then the SLA scan), 'readings' (the 100,000 electricity
   * readings of early warning), 'sync' (the create path against a NATS without and with
   * sync_interval: always, broker-sync.ts), 'filing' (the rounds of (b) and (g) alone: case filing
   * against its baseline, with CPU per process), 'intake' (the rounds of (a), (b) and (e) alone: the
   * application intake against both baselines, with CPU per process).
   */
  only: BenchOnly;
  /** Scenario (f): requests per second (one run per rate, in turn, after one preload), seconds per run, and applications preloaded in the town. */
  mixedRates: number[];
  mixedSeconds: number;
  /** (f): seconds of the same load before each measured run, not counted (connections opened, pools grown, code warmed). */
  mixedWarmupSeconds: number;
  mixedApplications: number;
}

/** The parts of the bench that BENCH_ONLY can run alone. */
export const BENCH_ONLY_PARTS = ['mixed', 'intake', 'supervision', 'grid', 'dispatch', 'readings', 'sync', 'filing'] as const;
export type BenchOnly = 'all' | (typeof BENCH_ONLY_PARTS)[number];

function benchOnly(raw: string | undefined): BenchOnly {
  if (raw === undefined || raw === '' || raw === 'all') return 'all';
  if ((BENCH_ONLY_PARTS as readonly string[]).includes(raw)) return raw as BenchOnly;
  throw new Error(`BENCH_ONLY must be one of all, ${BENCH_ONLY_PARTS.join(', ')}; got "${raw}"`);
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** A comma-separated list of positive integers, e.g. BENCH_MIXED_RATE=150,200,300. */
function positiveInts(env: NodeJS.ProcessEnv, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw.split(',').map((part) => positiveInt({ [name]: part.trim() }, name, 0));
}

/** The server from DATABASE_URL (or the local default), with the database swapped for the bench one. */
function benchDatabaseUrl(env: NodeJS.ProcessEnv): string {
  const url = new URL(env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = env['BENCH_DATABASE'] || 'yiti_bench';
  if (!/^[A-Za-z0-9_]{1,63}$/.test(name)) throw new Error(`BENCH_DATABASE "${name}" is not a plain identifier`);
  url.pathname = `/${name}`;
  return url.toString();
}

export function benchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  // Compiled to dist/tools/bench/*.js: the repository is three levels up.
  const repoRoot = resolve(__dirname, '../../..');
  return {
    seconds: positiveInt(env, 'BENCH_SECONDS', 10),
    warmupSeconds: positiveInt(env, 'BENCH_WARMUP_SECONDS', 2),
    connections: positiveInt(env, 'BENCH_CONNECTIONS', 32),
    rounds: positiveInt(env, 'BENCH_ROUNDS', 2),
    databaseUrl: benchDatabaseUrl(env),
    natsUrl: env['NATS_URL'] || 'nats://127.0.0.1:4222',
    gatewayPort: positiveInt(env, 'BENCH_GATEWAY_PORT', 3190),
    identityPort: positiveInt(env, 'BENCH_IDENTITY_PORT', 3191),
    approvalWindowPort: positiveInt(env, 'BENCH_APPROVAL_WINDOW_PORT', 3192),
    enforcementPort: positiveInt(env, 'BENCH_ENFORCEMENT_PORT', 3193),
    commandDispatchPort: positiveInt(env, 'BENCH_COMMAND_DISPATCH_PORT', 3195),
    slaOrders: positiveInt(env, 'BENCH_SLA_ORDERS', 100_000),
    runId: Date.now().toString(36),
    poolSize: 10,
    profile: env['BENCH_PROFILE'] === '1',
    repoRoot,
    resultsDir: resolve(repoRoot, 'bench-results'),
    only: benchOnly(env['BENCH_ONLY']),
    mixedRates: positiveInts(env, 'BENCH_MIXED_RATE', [300]),
    mixedSeconds: positiveInt(env, 'BENCH_MIXED_SECONDS', 180),
    mixedWarmupSeconds: positiveInt(env, 'BENCH_MIXED_WARMUP_SECONDS', 15),
    mixedApplications: positiveInt(env, 'BENCH_MIXED_APPLICATIONS', 50_000),
  };
}
