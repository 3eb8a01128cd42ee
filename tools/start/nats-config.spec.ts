import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINIMUM_FOR_SYNC_ALWAYS, natsServerConfig, natsServerVersion, supportsSyncAlways } from './infrastructure';

/** The nats-server configuration `npm start` writes, and the version that decides `sync_interval: always`. */
describe('npm start: the NATS it starts', () => {
  it('fsyncs every JetStream write when the server supports it, as compose and Kubernetes do', () => {
    const conf = natsServerConfig({ host: '127.0.0.1', port: 14222, storeDir: '/tmp/store', syncAlways: true });
    expect(conf.split('\n')).toEqual(['host: "127.0.0.1"', 'port: 14222', 'jetstream {', '  store_dir: "/tmp/store"', '  sync_interval: always', '}', '']);
    expect(natsServerConfig({ host: '127.0.0.1', port: 14222, storeDir: '/tmp/store', syncAlways: false })).not.toContain('sync_interval');
  });

  it('knows sync_interval from 2.10 on, the version deploy/versions.json names', () => {
    const versions = JSON.parse(readFileSync(join(__dirname, '../../deploy/versions.json'), 'utf8')) as { nats: { minimumForSyncAlways: string } };
    expect(MINIMUM_FOR_SYNC_ALWAYS).toBe(versions.nats.minimumForSyncAlways);
    expect(['2.9.10', '2.9.25', '2.10.0', 'v2.10.24', '2.12.1', '3.0.0'].map(supportsSyncAlways)).toEqual([false, false, true, true, true, true]);
  });

  it('matches what this machine’s nats-server accepts: it refuses sync_interval exactly when its version is older', async () => {
    const version = natsServerVersion('nats-server');
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const dir = mkdtempSync(join(tmpdir(), 'yiti-nats-'));
    try {
      const file = join(dir, 'nats-server.conf');
      writeFileSync(file, natsServerConfig({ host: '127.0.0.1', port: -1, storeDir: join(dir, 'js'), syncAlways: true }));
      const child = spawn('nats-server', ['-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), 1500);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      if (exited === null) child.kill('SIGTERM');
      expect({ version, accepted: exited === null, refusal: exited === null ? '' : stderr.trim() }).toEqual({
        version,
        accepted: supportsSyncAlways(version as string),
        refusal: supportsSyncAlways(version as string) ? '' : expect.stringContaining('unknown field "sync_interval"'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
