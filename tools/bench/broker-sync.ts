import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import { natsAnswers, natsServerConfig, natsServerVersion, supportsSyncAlways, MINIMUM_FOR_SYNC_ALWAYS } from '../start/infrastructure';
import { pickPort } from '../start/processes';
import type { Children } from './children';
import type { BenchSettings } from './config';
import { pendingBackgroundWork, startPlatform } from './platform';

/** One NATS of the broker-sync scenario: its throughput of the create path, and how fast the outbox drained after it. */
export interface BrokerSyncRun {
  variant: 'default' | 'sync-always';
  rps: number;
  p99Ms: number;
  pendingAtEnd: number;
  drainMs: number;
}

export type BrokerSyncReport = { measured: false; natsServer: string; reason: string } | { measured: true; natsServer: string; runs: BrokerSyncRun[]; ratio: number; drainRatio: number };

/**
 * BENCH_ONLY=sync: the platform's create path (gateway → NATS → identity → PostgreSQL, the outbox
 * relayed to JetStream) against a nats-server started here twice, without and with `sync_interval:
 * always`, each on a fresh store; reports the throughput ratio (always / default) and the outbox's
 * drain time after the load (where the relay waits for each fsynced acknowledgement).
 * NATS_SERVER_BIN picks the binary (2.10 or later: older ones refuse the setting).
 */
export async function runBrokerSync(
  children: Children,
  settings: BenchSettings,
  pool: Pool,
  measure: (platform: Awaited<ReturnType<typeof startPlatform>>) => Promise<{ rps: number; p99Ms: number }>,
): Promise<BrokerSyncReport> {
  const binary = process.env['NATS_SERVER_BIN'] || 'nats-server';
  const version = natsServerVersion(binary);
  const natsServer = `${binary} ${version ?? '(version unknown)'}`;
  if (!version || !supportsSyncAlways(version)) return { measured: false, natsServer, reason: `sync_interval needs nats-server ${MINIMUM_FOR_SYNC_ALWAYS} or later (set NATS_SERVER_BIN)` };
  const runs: BrokerSyncRun[] = [];
  for (const variant of ['default', 'sync-always'] as const) {
    const store = mkdtempSync(join(tmpdir(), `yiti-bench-nats-${variant}-`));
    const port = await pickPort(14322, 14422);
    writeFileSync(join(store, 'nats-server.conf'), natsServerConfig({ host: '127.0.0.1', port, storeDir: join(store, 'js'), syncAlways: variant === 'sync-always' }));
    const nats: ChildProcess = spawn(binary, ['-c', join(store, 'nats-server.conf')], { stdio: 'ignore' });
    const natsUrl = `nats://127.0.0.1:${port}`;
    try {
      for (let waited = 0; !(await natsAnswers([natsUrl], 500)); waited += 200) {
        if (waited > 15_000 || nats.exitCode !== null) throw new Error(`${natsServer} did not start with ${variant}`);
        await sleep(200);
      }
      const platform = await startPlatform(children, { ...settings, natsUrl }, { approvalWindowConsumers: false });
      const result = await measure(platform);
      const pendingAtEnd = await pendingBackgroundWork(pool, 'identity');
      const started = Date.now();
      while ((await pendingBackgroundWork(pool, 'identity')) > 0 && Date.now() - started < 60_000) await sleep(100);
      runs.push({ variant, rps: result.rps, p99Ms: result.p99Ms, pendingAtEnd, drainMs: Date.now() - started });
      console.log(`  (sync) ${variant}: ${result.rps.toFixed(1)} req/s, p99 ${result.p99Ms} ms; outbox ${pendingAtEnd} pending at end, drained in ${Date.now() - started} ms`);
      await children.stopAll();
    } finally {
      nats.kill('SIGTERM');
      rmSync(store, { recursive: true, force: true });
    }
  }
  const [plain, always] = runs as [BrokerSyncRun, BrokerSyncRun];
  return { measured: true, natsServer, runs, ratio: always.rps / plain.rps, drainRatio: plain.drainMs === 0 ? Number.NaN : always.drainMs / plain.drainMs };
}
