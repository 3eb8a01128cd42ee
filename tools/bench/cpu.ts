import { readFileSync, readdirSync } from 'node:fs';

/** Linux USER_HZ: /proc CPU times are in 1/100 s on every mainstream kernel. */
const TICK_MS = 10;

export interface CpuSnapshot {
  atMs: number;
  /** Label and CPU ms used so far, per process id. */
  processes: Map<number, { label: string; ms: number }>;
  machine: { busy: number; total: number } | null;
}

/** Percent of one core each labelled process (group) used between two snapshots. */
export type CpuUsage = Record<string, number>;

function procTimes(pid: string): { comm: string; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' '); // fields[0] is field 3 (state)
    return { comm, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS }; // utime + stime
  } catch {
    return null; // gone, or not Linux
  }
}

function machineTimes(): CpuSnapshot['machine'] {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/).slice(1).map(Number) ?? [];
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * CPU time of this process (autocannon), of each named child, of the PostgreSQL backends serving
 * the bench database (by pid, from pg_stat_activity), of the other postgres processes (WAL writer,
 * other users of the shared server) and of nats-server.
 */
export function cpuSnapshot(children: { name: string; pid: number }[], benchBackendPids: Set<number>): CpuSnapshot {
  const processes = new Map<number, { label: string; ms: number }>();
  const self = process.cpuUsage();
  processes.set(process.pid, { label: 'autocannon', ms: (self.user + self.system) / 1000 });
  for (const child of children) processes.set(child.pid, { label: child.name, ms: procTimes(String(child.pid))?.ms ?? 0 });
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    // not Linux: only our own process is measured
  }
  for (const pid of pids) {
    const times = procTimes(pid);
    if (!times) continue;
    if (times.comm === 'postgres') processes.set(Number(pid), { label: benchBackendPids.has(Number(pid)) ? 'postgres' : 'postgres other', ms: times.ms });
    else if (times.comm === 'nats-server') processes.set(Number(pid), { label: 'nats-server', ms: times.ms });
  }
  return { atMs: performance.now(), processes, machine: machineTimes() };
}

/** Per label; a process that started in between counts from zero, one that ended is left out. */
export function cpuUsage(before: CpuSnapshot, after: CpuSnapshot): CpuUsage {
  const wallMs = after.atMs - before.atMs;
  const usedMs = new Map<string, number>();
  for (const [pid, { label, ms }] of after.processes) usedMs.set(label, (usedMs.get(label) ?? 0) + Math.max(0, ms - (before.processes.get(pid)?.ms ?? 0)));
  const usage: CpuUsage = {};
  const last = ['postgres', 'postgres other', 'nats-server'];
  const labels = [...usedMs.keys()].sort((a, b) => last.indexOf(a) - last.indexOf(b));
  for (const label of labels) usage[label] = Math.round((100 * (usedMs.get(label) ?? 0)) / wallMs);
  if (before.machine && after.machine) {
    const total = after.machine.total - before.machine.total;
    usage['machine (all cores)'] = total > 0 ? Math.round((100 * (after.machine.busy - before.machine.busy)) / total) : 0;
  }
  return usage;
}
