import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Open an IPC channel (the baseline servers report their port over it). */
  ipc?: boolean;
  nodeArgs?: string[];
}

/** Node child processes whose output goes to bench-results/logs/<name>.log; all stopped at the end. */
export class Children {
  private readonly running = new Set<Child>();

  constructor(private readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
  }

  start(name: string, script: string, args: string[], options: SpawnOptions = {}): Child {
    const logFile = join(this.logDir, `${name}.log`);
    const fd = openSync(logFile, 'w');
    const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
      env: { ...process.env, ...options.env },
      stdio: options.ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
    });
    closeSync(fd);
    if (proc.pid === undefined) throw new Error(`could not start ${name}`);
    const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    const child: Child = { name, process: proc, pid: proc.pid, logFile, exited };
    this.running.add(child);
    void exited.then(() => this.running.delete(child));
    return child;
  }

  /** Runs a one-shot command (migrate, seed) to completion; throws with its log on failure. */
  async run(name: string, script: string, args: string[], options: SpawnOptions = {}): Promise<void> {
    const child = this.start(name, script, args, options);
    const code = await child.exited;
    if (code !== 0) throw new Error(`${name} exited with ${code}:\n${logTail(child)}`);
  }

  /** SIGTERM, then SIGKILL for whatever is still running after the grace period. */
  async stopAll(graceMs = 5000): Promise<void> {
    const children = [...this.running];
    for (const child of children) child.process.kill('SIGTERM');
    const allExited = Promise.all(children.map((c) => c.exited));
    const timedOut = await Promise.race([allExited.then(() => false), sleep(graceMs, undefined, { ref: false }).then(() => true)]);
    if (timedOut) for (const child of this.running) child.process.kill('SIGKILL');
    await allExited;
  }

  /** Last resort on process exit: no waiting possible. */
  killAllNow(): void {
    for (const child of this.running) child.process.kill('SIGKILL');
  }
}

export function logTail(child: Child, chars = 3000): string {
  try {
    return readFileSync(child.logFile, 'utf8').slice(-chars);
  } catch {
    return '(no log)';
  }
}

/** Rejects as soon as the child exits: for racing against a readiness wait. */
function exitAsError(child: Child): Promise<never> {
  return child.exited.then((code) => {
    throw new Error(`${child.name} exited with ${code} before it was ready:\n${logTail(child)}`);
  });
}

/** Waits for the child's first IPC message (a baseline server's { port }). */
export function waitForMessage<T>(child: Child, timeoutMs = 30_000): Promise<T> {
  const message = new Promise<T>((resolve) => child.process.once('message', (m) => resolve(m as T)));
  const timeout = sleep(timeoutMs, undefined, { ref: false }).then(() => {
    throw new Error(`${child.name} sent no ready message in ${timeoutMs} ms:\n${logTail(child)}`);
  });
  return Promise.race([message, exitAsError(child), timeout]);
}

/** Polls url until it answers 200, failing early if the child dies (3 minutes: five services start at once on a shared 2-core machine). */
export async function waitForHttpOk(child: Child, url: string, timeoutMs = 180_000): Promise<void> {
  let gaveUp = false;
  const poll = (async () => {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer';
    while (!gaveUp && Date.now() < deadline) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = String(error);
      }
      await sleep(200);
    }
    throw new Error(`${child.name}: ${url} not ready after ${timeoutMs} ms (${last}):\n${logTail(child)}`);
  })();
  try {
    await Promise.race([poll, exitAsError(child)]);
  } finally {
    gaveUp = true;
  }
}

/** Refuses to start against a port someone else is already serving (we would measure their process). */
export function assertPortFree(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`port ${port} is in use: set BENCH_GATEWAY_PORT / BENCH_IDENTITY_PORT / BENCH_APPROVAL_WINDOW_PORT to free ports`)));
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
