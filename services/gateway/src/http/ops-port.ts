import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PROBLEM_CONTENT_TYPE, problemFor } from './problem.filter';

/** The operations paths: Prometheus's scrape and the probes. */
export const OPS_PATH = /^\/(metrics|health\/(live|ready))\/?(\?.*)?$/i;

/**
 * Serves /metrics and /health/* on their own port (METRICS_PORT), with the same Fastify instance
 * and routes, and refuses them on the API port (404, as a path that does not exist); the ops port
 * answers nothing else. Docker publishes the API port to the LAN and the ops port to 127.0.0.1 only.
 */
export function useOpsPort(app: NestFastifyApplication, port: number, host: string): void {
  if (port === 0) return;
  const fastify = app.getHttpAdapter().getInstance();
  let server: Server | undefined;
  let opsPort = -1;
  fastify.addHook('onRequest', (request, reply, done) => {
    const onOpsPort = request.raw.socket.localPort === opsPort;
    if (OPS_PATH.test(request.url) === onOpsPort) return done();
    const problem = problemFor('NOT_FOUND', request.url, { requestId: request.id });
    void reply.code(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  });
  fastify.addHook('onReady', async () => {
    server = createServer((req, res) => fastify.routing(req, res));
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject);
      server?.listen(port, host, () => {
        opsPort = (server?.address() as AddressInfo).port;
        resolve();
      });
    });
  });
  fastify.addHook('onClose', async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
}
