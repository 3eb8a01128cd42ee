import type { ChildProcess } from 'node:child_process';
import type { Infrastructure } from './infrastructure';
import { describeExit, say, stopChild } from './processes';

export interface RestartBackoff {
  /** Wait before the first restart; doubled for every further one. */
  initialMs: number;
  maxMs: number;
  /** A run at least this long counts as healthy: the next restart waits initialMs again. */
  stableMs: number;
}

/** 1 s, 2 s, 4 s … up to 30 s; back to 1 s after a minute of running. */
export const DEFAULT_BACKOFF: RestartBackoff = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

/** The wait before restart number `restarts` (1 for the first) of a process that keeps failing. */
export function restartDelayMs(restarts: number, backoff: RestartBackoff): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, restarts - 1));
}

interface SupervisedService {
  name: string;
  spawn: () => ChildProcess;
  child: ChildProcess;
  startedAt: number;
  /** Restarts in a row without a stable run. */
  restarts: number;
  timer: NodeJS.Timeout | null;
}

/**
 * Everything `npm start` started. Once the platform is up, a service that exits is restarted with
 * backoff and the restart is logged; until then (a service that cannot even start) and when
 * PostgreSQL or NATS that it started itself stop, everything stops. Ctrl-C and SIGTERM stop
 * everything, services first, in reverse order.
 */
export class Supervisor {
  private readonly services: SupervisedService[] = [];
  private readonly infrastructure: Infrastructure[] = [];
  private supervising = false;
  stopping = false;

  constructor(
    private readonly backoff: RestartBackoff = DEFAULT_BACKOFF,
    private readonly log: (message: string) => void = say,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  addInfrastructure(item: Infrastructure): void {
    this.infrastructure.push(item);
    item.child?.once('exit', () => this.failed(item.name, item.child as ChildProcess));
  }

  /** Spawns a service (again whenever it exits, once superviseFromNowOn was called). */
  addService(name: string, spawn: () => ChildProcess): ChildProcess {
    const service: SupervisedService = { name, spawn, child: spawn(), startedAt: Date.now(), restarts: 0, timer: null };
    this.services.push(service);
    this.watch(service);
    return service.child;
  }

  /** From now on a service that exits is restarted rather than ending the platform. */
  superviseFromNowOn(): void {
    this.supervising = true;
  }

  /** The running process of a service. */
  current(name: string): ChildProcess | undefined {
    return this.services.find((s) => s.name === name)?.child;
  }

  private watch(service: SupervisedService): void {
    const child = service.child;
    child.once('exit', () => {
      if (this.stopping) return;
      if (!this.supervising) return this.failed(service.name, child);
      service.restarts = Date.now() - service.startedAt >= this.backoff.stableMs ? 1 : service.restarts + 1;
      const delay = restartDelayMs(service.restarts, this.backoff);
      this.log(`${service.name} exited (${describeExit(child)}): restart ${service.restarts} in ${delay / 1000} s`);
      service.timer = setTimeout(() => {
        service.timer = null;
        if (this.stopping) return;
        service.child = service.spawn();
        service.startedAt = Date.now();
        this.log(`${service.name} restarted (pid ${service.child.pid})`);
        this.watch(service);
      }, delay);
    });
  }

  private failed(name: string, child: ChildProcess): void {
    if (this.stopping) return;
    this.log(`${name} exited unexpectedly (${describeExit(child)}): stopping everything`);
    void this.shutdown(1);
  }

  async shutdown(exitCode: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.log('stopping…');
    for (const service of this.services) if (service.timer) clearTimeout(service.timer);
    await Promise.all(this.services.map(({ child }) => stopChild(child)));
    for (const item of [...this.infrastructure].reverse()) {
      if (item.stop) {
        this.log(`stopping ${item.name}`);
        await item.stop();
      }
    }
    this.log(exitCode === 0 ? 'stopped' : 'stopped after an error');
    this.exit(exitCode);
  }
}
