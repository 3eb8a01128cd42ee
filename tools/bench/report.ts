import type { CpuUsage } from './cpu';
import type { LoadResult } from './load';
import type { BackendStates } from './pg-activity';

export interface Measurement extends LoadResult {
  round: number;
  cpu: CpuUsage;
  dbStates: BackendStates;
}

export interface ScenarioReport {
  key: 'a' | 'b' | 'c' | 'd' | 'e' | 'g' | 'h';
  label: string;
  rounds: Measurement[];
  /** Means over the rounds. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  errorRate: number;
  /** Mean % of one core per process (group) while measuring. */
  cpu: CpuUsage;
  /** CPU ms per 2xx request, per process (group). */
  cpuMsPerRequest: Record<string, number>;
  /** Mean number of the database's connections per state (running, lock wait, idle in transaction). */
  dbStates: BackendStates;
  sampleError: LoadResult['sampleError'];
}

export interface Ratio {
  name: string;
  value: number;
  /** null: reported without a target (what it means is in `meaning`). */
  target: number | null;
  pass: boolean | null;
  meaning?: string;
  /** A goal is ours (the application intake's), a target the issue's (the organisation create path's). */
  goal?: boolean;
}

export const MAX_ERROR_RATE = 0.01;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const mean = (values: number[]) => (values.length === 0 ? NaN : sum(values) / values.length);
const round1 = (value: number) => Math.round(value * 10) / 10;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

function meanByKey(records: Record<string, number>[], rounding: (value: number) => number): Record<string, number> {
  const result: Record<string, number> = {};
  for (const key of new Set(records.flatMap((r) => Object.keys(r)))) result[key] = rounding(mean(records.map((r) => r[key] ?? 0)));
  return result;
}

export function summarise(key: ScenarioReport['key'], label: string, rounds: Measurement[]): ScenarioReport {
  const cpu = meanByKey(rounds.map((r) => r.cpu), Math.round);
  const dbStates = Object.fromEntries(Object.entries(meanByKey(rounds.map((r) => r.dbStates), round1)).filter(([, n]) => n >= 0.1));
  const rps = mean(rounds.map((r) => r.rps));
  const cpuMsPerRequest: Record<string, number> = {};
  for (const [label, percent] of Object.entries(cpu)) if (!label.startsWith('machine')) cpuMsPerRequest[label] = rps > 0 ? round3((percent * 10) / rps) : NaN;
  const ok = sum(rounds.map((r) => r.ok));
  const non2xx = sum(rounds.map((r) => r.non2xx));
  const errors = sum(rounds.map((r) => r.errors));
  const total = ok + non2xx + errors;
  return {
    key,
    label,
    rounds,
    rps: round1(rps),
    p50Ms: round1(mean(rounds.map((r) => r.p50Ms))),
    p99Ms: round1(mean(rounds.map((r) => r.p99Ms))),
    non2xx,
    errors,
    errorRate: total === 0 ? 1 : (non2xx + errors) / total,
    cpu,
    cpuMsPerRequest,
    dbStates,
    sampleError: rounds.find((r) => r.sampleError)?.sampleError ?? null,
  };
}

export function ratio(name: string, numerator: number, denominator: number, target: number | null, meaning?: string): Ratio {
  const value = denominator > 0 ? round3(numerator / denominator) : NaN;
  return { name, value, target, pass: target === null ? null : value >= target, ...(meaning ? { meaning } : {}) };
}

/** A ratio with a goal of our own rather than a target of the issue's. */
export function goalRatio(name: string, numerator: number, denominator: number, goal: number): Ratio {
  return { ...ratio(name, numerator, denominator, goal), goal: true };
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

export function printReport(scenarios: ScenarioReport[], ratios: Ratio[], notes: string[]): void {
  const lines: string[] = [''];
  lines.push(`${'scenario'.padEnd(46)}${pad('req/s 2xx', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('non-2xx', 9)}${pad('errors', 8)}   rounds (req/s)`);
  for (const s of scenarios) {
    const perRound = s.rounds.map((r) => r.rps.toFixed(0)).join(', ');
    lines.push(`${`(${s.key}) ${s.label}`.padEnd(46)}${pad(s.rps.toFixed(1), 10)}${pad(s.p50Ms, 9)}${pad(s.p99Ms, 9)}${pad(s.non2xx, 9)}${pad(s.errors, 8)}   ${perRound}`);
  }
  lines.push('', 'CPU while measuring, % of one core (CPU ms per 2xx request):');
  for (const s of scenarios) {
    const parts = Object.entries(s.cpu).map(([label, percent]) => (label.startsWith('machine') ? `${label} ${percent}%` : `${label} ${percent}% (${s.cpuMsPerRequest[label]} ms)`));
    lines.push(`  (${s.key}) ${parts.join(' | ')}`);
  }
  lines.push('', 'Bench-database connections by state while measuring (mean count; "idle in transaction" = waiting for the service):');
  for (const s of scenarios) lines.push(`  (${s.key}) ${Object.entries(s.dbStates).map(([state, n]) => `${state} ${n}`).join(' | ') || 'none'}`);
  lines.push('');
  for (const r of ratios) {
    const [word, below] = r.goal ? ['goal', 'below goal'] : ['target', 'BELOW TARGET'];
    const verdict = r.target === null ? `${r.meaning ?? ''} (no target)` : `${word} ≥ ${(r.target * 100).toFixed(0)} %   ${r.pass ? 'PASS' : below}`;
    lines.push(`${r.name.padEnd(40)} ${(r.value * 100).toFixed(1).padStart(6)} %   ${verdict}`);
  }
  for (const note of notes) lines.push(note);
  console.log(lines.join('\n'));
}
