import { get as httpGet, type ClientRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearer, pollUntil, startPlatform, type RunningPlatform } from '@yiti/testing';
import { dispatchCounty, hotlineTicket, type DispatchCounty } from './command-dispatch-fixtures';

interface SseEvent {
  id: string;
  event: string;
  data: { workOrderId: string; townCode: string | null; [key: string]: unknown };
}

/** An EventSource-like client: every event the stream sent so far, and a way to stop it. */
function openStream(port: number, token: string, lastEventId?: string): { events: SseEvent[]; status: Promise<number>; close: () => void } {
  const events: SseEvent[] = [];
  let request: ClientRequest | null = null;
  const status = new Promise<number>((resolve, reject) => {
    request = httpGet({ host: '127.0.0.1', port, path: '/api/v1/work-orders/stream', headers: { ...bearer(token), Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) } }, (res) => {
      resolve(res.statusCode ?? 0);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const data = field('data');
          if (data) events.push({ id: field('id') as string, event: field('event') as string, data: JSON.parse(data) });
        }
      });
      res.on('error', () => undefined);
    });
    request.on('error', (err) => (err.message.includes('aborted') || err.message.includes('socket hang up') ? undefined : reject(err)));
  });
  return { events, status, close: () => request?.destroy() };
}

/**
 * The live feed (SSE through the gateway) and the dashboard: a town's stream carries only its own
 * orders' changes; a dispatcher's carries the county's; Last-Event-ID resumes after a disconnect.
 */
describe('command dispatch live feed and dashboard (through the gateway)', () => {
  let platform: RunningPlatform;
  let d: DispatchCounty;
  let port: number;
  const post = (townCode: string) => platform.http().post('/api/v1/channels/hotline_12345/tickets').set({ Authorization: d.hotline }).send(hotlineTicket(townCode));

  beforeAll(async () => {
    platform = await startPlatform();
    d = await dispatchCounty(platform);
    const server = platform.gateway.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('sends town B\'s handler none of town A\'s changes, the dispatcher both, and resumes after Last-Event-ID', async () => {
    const townB = openStream(port, d.handlerB.token);
    const centre = openStream(port, d.dispatcher.token);
    try {
      expect(await townB.status).toBe(200);
      expect(await centre.status).toBe(200);
      // Let both streams take their starting position before anything changes.
      await new Promise((resolve) => setTimeout(resolve, 700));
      const inA = (await post(d.county.townA)).body.workOrderId as string;
      const inB = (await post(d.county.townB)).body.workOrderId as string;
      await platform.http().post(`/api/v1/work-orders/${inA}/sign`).set(bearer(d.handlerA.token)).send({});

      await pollUntil(async () => centre.events.length, () => centre.events.some((e) => e.data.workOrderId === inA && e.event === 'workorder.status-changed') && centre.events.some((e) => e.data.workOrderId === inB), { what: 'the dispatcher\'s stream to carry both towns' });
      await pollUntil(async () => townB.events.length, () => townB.events.some((e) => e.data.workOrderId === inB && e.event === 'workorder.dispatched'), { what: 'town B\'s stream to carry its order' });
      // A moment more for anything that should not come.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(townB.events.filter((e) => e.data.workOrderId === inA)).toEqual([]);
      expect(townB.events.every((e) => e.data.townCode === d.county.townB)).toBe(true);
      expect(centre.events.filter((e) => e.data.workOrderId === inA).map((e) => e.event)).toEqual(['workorder.created', 'workorder.dispatched', 'workorder.status-changed']);
      for (const e of centre.events) expect(JSON.stringify(e.data)).not.toMatch(/13912345678|王小明|幸福路/);

      // Resumed after the first event: exactly the ones after it, none again.
      const first = centre.events[0] as SseEvent;
      const resumed = openStream(port, d.dispatcher.token, first.id);
      try {
        await pollUntil(async () => resumed.events.length, (n) => n >= centre.events.length - 1, { what: 'the resumed stream to catch up' });
        expect(resumed.events.slice(0, centre.events.length - 1).map((e) => e.id)).toEqual(centre.events.slice(1).map((e) => e.id));
      } finally {
        resumed.close();
      }
    } finally {
      townB.close();
      centre.close();
    }
  });

  it('brings each change to the stream moments after its commit: woken by the workorder event, no settling delay', async () => {
    const centre = openStream(port, d.dispatcher.token);
    try {
      expect(await centre.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const id = (await post(d.county.townA)).body.workOrderId as string;
        const answered = Date.now();
        await pollUntil(async () => centre.events.some((e) => e.data.workOrderId === id && e.event === 'workorder.dispatched'), (seen) => seen, { intervalMs: 5, what: 'the change on the stream' });
        latencies.push(Date.now() - answered);
      }
      latencies.sort((a, b) => a - b);
      // The stream read every 500 ms, changes at least 1 s old: the median latency was over 1 s. Now it follows the event (tens of ms).
      expect(latencies[2]).toBeLessThan(500);
      // Positions are (transaction, change) and strictly increasing on the stream.
      const positions = centre.events.map((e) => e.id.split('.').map((n) => BigInt(n)) as [bigint, bigint]);
      for (let i = 1; i < positions.length; i++) {
        const [a, b] = [positions[i - 1] as [bigint, bigint], positions[i] as [bigint, bigint]];
        expect(b[0] > a[0] || (b[0] === a[0] && b[1] > a[1])).toBe(true);
      }
    } finally {
      centre.close();
    }
  });

  it('refuses the stream without a token', async () => {
    const anonymous = await platform.http().get('/api/v1/work-orders/stream');
    expect(anonymous.status).toBe(401);
  });

  it('sums up the jurisdiction on the dashboard: by status, category and town, the queue, today\'s intake by channel', async () => {
    await post(d.county.townA);
    const county = await platform.http().get('/api/v1/dispatch-dashboard').set(bearer(d.dispatcher.token));
    expect(county.status).toBe(200);
    const dispatched = (county.body.byStatus as { key: string; count: number }[]).find((s) => s.key === 'dispatched');
    expect(dispatched?.count).toBeGreaterThanOrEqual(1);
    expect((county.body.todayByChannel as { key: string; count: number }[]).find((c) => c.key === 'hotline_12345')?.count).toBeGreaterThanOrEqual(3);
    expect((county.body.openByTown as { key: string }[]).map((t) => t.key).sort()).toEqual([d.county.townA, d.county.townB].sort());
    expect(county.body.openByCategory).toEqual(expect.arrayContaining([expect.objectContaining({ key: '12345.street_order' })]));

    const townB = await platform.http().get('/api/v1/dispatch-dashboard').set(bearer(d.handlerB.token));
    expect((townB.body.openByTown as { key: string }[]).map((t) => t.key)).toEqual([d.county.townB]);
    expect((await platform.http().get('/api/v1/dispatch-dashboard').query({ townCode: d.county.townA }).set(bearer(d.handlerB.token))).status).toBe(403);
  });
});
