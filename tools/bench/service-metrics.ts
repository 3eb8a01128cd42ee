/**
 * What the services' own Prometheus metrics say about a load: the event-loop delay (prom-client's
 * default metrics, from `monitorEventLoopDelay`, reset at every scrape, so one scrape before and
 * one after a run bound it to the run) and, per NATS subject, how many requests were handled and
 * their mean handling time inside the service (from the `yiti_rpc_duration_seconds` histogram).
 * The difference between a route's latency at the gateway and its subject's handling time is the
 * gateway, the broker and the queues in between.
 */

export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SubjectTime {
  subject: string;
  requests: number;
  meanMs: number;
  /** Share of the requests that took more than 25 ms inside the service (histogram bucket). */
  over25Ms: number;
}

interface Scrape {
  lines: string[];
}

async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}/metrics: ${response.status}`);
  return { lines: (await response.text()).split('\n') };
}

const value = (s: Scrape, name: string) => {
  const line = s.lines.find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : NaN;
};

/** Sums of an rpc histogram's series per subject (all outcomes): count, sum, and count at or below 25 ms. */
function rpcTotals(s: Scrape): Map<string, { count: number; sum: number; le25: number }> {
  const totals = new Map<string, { count: number; sum: number; le25: number }>();
  for (const line of s.lines) {
    const match = /^yiti_rpc_duration_seconds_(count|sum|bucket)\{(.*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const [, kind, labels, raw] = match as unknown as [string, string, string, string];
    const subject = /subject="([^"]*)"/.exec(labels)?.[1] ?? '?';
    const entry = totals.get(subject) ?? { count: 0, sum: 0, le25: 0 };
    if (kind === 'count') entry.count += Number(raw);
    else if (kind === 'sum') entry.sum += Number(raw);
    else if (/le="0\.025"/.test(labels)) entry.le25 += Number(raw);
    totals.set(subject, entry);
  }
  return totals;
}

export interface ServiceFigures {
  eventLoopDelay: EventLoopDelay;
  subjects: SubjectTime[];
}

/** Starts a window: the scrape resets the event-loop histogram; call `end` after the load. */
export async function serviceMetricsWindow(url: string): Promise<{ end(): Promise<ServiceFigures> }> {
  const before = await scrape(url);
  const rpcBefore = rpcTotals(before);
  return {
    async end() {
      const after = await scrape(url);
      const ms = (name: string) => Math.round(value(after, name) * 10_000) / 10;
      const subjects: SubjectTime[] = [];
      for (const [subject, total] of rpcTotals(after)) {
        const was = rpcBefore.get(subject) ?? { count: 0, sum: 0, le25: 0 };
        const requests = total.count - was.count;
        if (requests <= 0) continue;
        subjects.push({
          subject: subject.replace(/^yiti\.v1\./, ''),
          requests,
          meanMs: Math.round(((total.sum - was.sum) / requests) * 10_000) / 10,
          over25Ms: Math.round((1 - (total.le25 - was.le25) / requests) * 1000) / 1000,
        });
      }
      return {
        eventLoopDelay: { p50Ms: ms('yiti_nodejs_eventloop_lag_p50_seconds'), p99Ms: ms('yiti_nodejs_eventloop_lag_p99_seconds'), maxMs: ms('yiti_nodejs_eventloop_lag_max_seconds') },
        subjects: subjects.sort((a, b) => b.requests - a.requests),
      };
    },
  };
}
