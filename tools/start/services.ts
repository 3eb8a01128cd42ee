import 'reflect-metadata'; // the services' config classes, loaded for their HTTP_PORT defaults, carry decorators
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeExit, hasExited, isPortFree, runToCompletion, sleep, spawnPrefixed } from './processes';

export interface Service {
  name: string;
  main: string;
  port: number;
}

export const GATEWAY = 'gateway';

/** The HTTP_PORT default of a built service's config class (`src/config.js` exports exactly one class with it). */
function defaultPortOf(serviceDir: string): number | undefined {
  const exported = Object.values(require(join(serviceDir, 'src', 'config.js')) as Record<string, unknown>);
  const classes = exported.filter((value): value is new () => { HTTP_PORT?: unknown } => typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)));
  const ports = classes.map((cls) => new cls().HTTP_PORT).filter((port) => typeof port === 'number' && port > 0);
  return ports.length === 1 ? (ports[0] as number) : undefined;
}

/**
 * Every built service (`dist/services/<name>/src/main.js`), each with its HTTP port: the gateway on
 * GATEWAY_PORT or PORT, the others on `<NAME>_PORT`, else the HTTP_PORT default of its config class
 * (docker-compose.yml and the Kubernetes manifests use the same ports).
 */
export function discoverServices(repoRoot: string, env: NodeJS.ProcessEnv): Service[] {
  const dir = join(repoRoot, 'dist', 'services');
  const names = existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, 'src', 'main.js'))).sort() : [];
  if (!names.includes(GATEWAY)) throw new Error(`no ${join(dir, GATEWAY, 'src', 'main.js')}: run npm run build first`);
  return names.map((name) => {
    const override = name === GATEWAY ? env.GATEWAY_PORT || env.PORT : env[`${name.toUpperCase().replace(/-/g, '_')}_PORT`];
    const port = override ? Number(override) : defaultPortOf(join(dir, name));
    if (port === undefined) throw new Error(`services/${name}/src/config.ts has no config class with an HTTP_PORT default (set ${name.toUpperCase().replace(/-/g, '_')}_PORT)`);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`bad port "${override}" for ${name}`);
    return { name, main: join(dir, name, 'src', 'main.js'), port };
  });
}

/** Fails, naming the variable to set, when another process already holds a service's port. */
export async function checkPortsFree(services: Service[]): Promise<void> {
  for (const service of services) {
    if (!(await isPortFree(service.port))) {
      const variable = service.name === GATEWAY ? 'GATEWAY_PORT' : `${service.name.toUpperCase().replace(/-/g, '_')}_PORT`;
      throw new Error(`port ${service.port} for ${service.name} is taken by another process (stop it, or set ${variable})`);
    }
  }
}

/** Runs `node <main> <command>` and returns its stdout. */
export function runServiceCommand(service: Service, command: string, env: NodeJS.ProcessEnv): Promise<string> {
  return runToCompletion(process.execPath, [service.main, command], env);
}

export function spawnService(service: Service, env: NodeJS.ProcessEnv, width: number): ChildProcess {
  const name = service.name.padEnd(width);
  return spawnPrefixed(name, process.execPath, [service.main], { env: { ...env, HTTP_PORT: String(service.port) } });
}

/** Polls /health/ready until it answers 200; fails naming the service when it exits or the time runs out. */
export async function waitUntilReady(service: Service, child: ChildProcess, timeoutMs: number): Promise<void> {
  const url = `http://127.0.0.1:${service.port}/health/ready`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    if (hasExited(child)) throw new Error(`${service.name} exited before it was ready (${describeExit(child)})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${service.name} did not become ready at ${url} within ${timeoutMs / 1000} s (last: ${last})`);
    await sleep(500);
  }
}

export interface DemoSeed {
  added: unknown;
  password: string;
  users: string[];
}

/** The JSON line `seed-demo` prints: `{ service, seeded, password, users }`. */
export function parseSeedOutput(stdout: string): DemoSeed | undefined {
  for (const line of stdout.split('\n').reverse()) {
    try {
      const parsed = JSON.parse(line) as Partial<DemoSeed>;
      if (typeof parsed.password === 'string' && Array.isArray(parsed.users)) return { added: (parsed as { seeded?: unknown }).seeded, password: parsed.password, users: parsed.users };
    } catch {
      // a log line, not the summary
    }
  }
  return undefined;
}
