/**
 * The open-loop load's HTTP client: node:http over a keep-alive agent. `fetch` (undici behind the
 * web API) cost the bench process about 0.8 ms of CPU per request, a quarter of a core at
 * 300 req/s on the 2 cores it shares with the platform it measures; this costs a fraction of that.
 */
import { Agent, request } from 'node:http';

export interface BenchResponse {
  status: number;
  text: string;
}

export interface BenchHttpClient {
  send(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string): Promise<BenchResponse>;
  close(): void;
}

export function benchHttpClient(baseUrl: string, timeoutMs = 10_000): BenchHttpClient {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1024, scheduling: 'lifo' });
  return {
    send: (method, path, headers, body) =>
      new Promise<BenchResponse>((resolve, reject) => {
        const outgoing = request(
          { agent, host: url.hostname, port: url.port, method, path, timeout: timeoutMs, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
            response.on('error', reject);
          },
        );
        outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${path.split('?')[0]}: no answer in ${timeoutMs} ms`)));
        outgoing.on('error', reject);
        outgoing.end(body);
      }),
    close: () => agent.destroy(),
  };
}
