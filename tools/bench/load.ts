import autocannon from 'autocannon';

export interface LoadTarget {
  url: string;
  path: string;
  headers?: Record<string, string>;
  /** The JSON body of the next request; called once per request. */
  nextBody: () => string;
  /** The path of the next request, when each goes to a record of its own (else `path`). */
  nextPath?: () => string;
}

export interface LoadResult {
  seconds: number;
  /** 2xx responses. */
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** 2xx per second. */
  rps: number;
  /** Latency of 2xx responses, ms. */
  p50Ms: number;
  p99Ms: number;
  statusCounts: Record<string, number>;
  sampleError: { status: number; body: string } | null;
}

/** POSTs unique JSON bodies at the target for a fixed duration with a fixed number of connections. */
export function runLoad(target: LoadTarget, seconds: number, connections: number): Promise<LoadResult> {
  let sampleError: LoadResult['sampleError'] = null;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.url,
        connections,
        duration: seconds,
        timeout: 10,
        excludeErrorStats: true,
        requests: [
          {
            method: 'POST',
            path: target.path,
            headers: { 'content-type': 'application/json', ...target.headers },
            setupRequest: (request) => ({ ...request, ...(target.nextPath ? { path: target.nextPath() } : {}), body: target.nextBody() }),
            onResponse: (status, body) => {
              if ((status < 200 || status > 299) && sampleError === null) sampleError = { status, body: body.slice(0, 1000) };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count]));
        const ok = Object.entries(statusCounts).reduce((sum, [status, count]) => (status.startsWith('2') ? sum + count : sum), 0);
        resolve({
          seconds: result.duration,
          ok,
          non2xx: result.non2xx,
          errors: result.errors,
          rps: ok / result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          statusCounts,
          sampleError,
        });
      },
    );
  });
}

export function errorRate(result: LoadResult): number {
  const total = result.ok + result.non2xx + result.errors;
  return total === 0 ? 1 : (result.non2xx + result.errors) / total;
}
