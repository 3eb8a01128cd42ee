import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a dependency (PostgreSQL), for fault specs: `cut()` drops every open
 * connection and refuses new ones, as when the server dies; `hang()` drops them and accepts new
 * ones that never answer, as in a network partition; `restore()` lets them through again.
 */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private hanging = false;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private port = 0,
  ) {}

  /** A proxy to the host and port of `url`, listening on a free local port. */
  static async to(url: string): Promise<TcpProxy> {
    const target = new URL(url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.restore();
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(this.port);
    return proxied.toString();
  }

  async restore(): Promise<void> {
    this.hanging = false;
    if (this.server) return;
    const server = createServer((client) => {
      if (this.hanging) {
        this.sockets.add(client);
        client.once('close', () => this.sockets.delete(client));
        client.on('error', () => undefined);
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address === 'object' && address) this.port = address.port;
    this.server = server;
  }

  async hang(): Promise<void> {
    await this.restore();
    this.hanging = true;
    for (const socket of this.sockets) socket.destroy();
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
