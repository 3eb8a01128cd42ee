import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

function findNatsServer(): string {
  const onPath = (process.env.PATH ?? '').split(':').map((dir) => join(dir, 'nats-server'));
  const found = [...onPath, ...CANDIDATES].find((candidate) => existsSync(candidate));
  if (!found) throw new Error('nats-server not found: install it (apt-get install nats-server) to run the broker fault specs');
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A private nats-server with JetStream, for specs that stop and restart the broker. Its store
 * survives restarts, like a real one's.
 */
export class PrivateNatsServer {
  private process: ChildProcess | null = null;
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'yiti-nats-'));

  private constructor(
    readonly port: number,
    private readonly configFile: string | null,
  ) {}

  /** `maxPayload`: the largest message the broker takes, in bytes (NATS's max_payload; 1 MB by default). */
  static async start(options: { maxPayload?: number } = {}): Promise<PrivateNatsServer> {
    let configFile: string | null = null;
    if (options.maxPayload !== undefined) {
      configFile = join(mkdtempSync(join(tmpdir(), 'yiti-nats-conf-')), 'nats.conf');
      writeFileSync(configFile, `max_payload: ${options.maxPayload}\n`);
    }
    const server = new PrivateNatsServer(await freePort(), configFile);
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const config = this.configFile ? ['-c', this.configFile] : [];
    const child = spawn(findNatsServer(), [...config, '-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`nats-server did not start: ${output}`)), 10_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited with ${code}: ${output}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    this.process = null;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
