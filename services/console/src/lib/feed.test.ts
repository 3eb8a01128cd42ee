import { describe, expect, it } from 'vitest';
import { SseParser, followFeed, mergeChanges, reconnectDelay, toChange, type FeedState, type SseEvent, type WorkOrderChange } from './feed';

const event = (id: string, type: string, orderNo: string) => `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify({ workOrderId: `wo-${orderNo}`, orderNo, townCode: '320585102', channel: 'hotline_12345', category: 'c', urgency: 'normal', status: 'dispatched', at: '2026-12-03T10:00:00Z' })}\n\n`;

/** A response whose body streams the given chunks, then ends (the connection drops). */
const streamOf = (chunks: string[]) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
        controller.close();
      },
    }),
    { status: 200, headers: { 'Content-Type': 'text/event-stream' } },
  );

describe('the work-order feed', () => {
  it('parses events split anywhere across chunks, skipping comments and keeping the retry advice', () => {
    const parser = new SseParser();
    const text = `retry: 3000\n\n: keep-alive\n\n${event('7', 'workorder.created', 'A1')}${event('8', 'workorder.dispatched', 'A1')}`;
    const events: SseEvent[] = [];
    for (let i = 0; i < text.length; i += 13) events.push(...parser.push(text.slice(i, i + 13)));
    expect(events.map((e) => [e.id, e.type])).toEqual([
      ['7', 'workorder.created'],
      ['8', 'workorder.dispatched'],
    ]);
    expect(parser.retry).toBe(3000);
    expect(toChange(events[0])).toMatchObject({ changeId: '7', orderNo: 'A1', channel: 'hotline_12345', townCode: '320585102' });
  });

  it('ignores what is not a work-order change', () => {
    expect(toChange({ id: '1', type: 'message', data: '{}' })).toBeNull();
    expect(toChange({ id: '1', type: 'workorder.created', data: 'not json' })).toBeNull();
    expect(toChange({ id: undefined, type: 'workorder.created', data: '{"workOrderId":"x","orderNo":"y"}' })).toBeNull();
  });

  it('keeps the newest first, without repeats, bounded', () => {
    const c = (id: string): WorkOrderChange => ({ changeId: id, type: 'workorder.created', workOrderId: id, orderNo: id, townCode: null, channel: 'manual', category: 'c', urgency: 'normal', status: 'dispatched', at: '' });
    const list = mergeChanges([c('2'), c('1')], [c('2'), c('3'), c('4')], 3);
    expect(list.map((x) => x.changeId)).toEqual(['4', '3', '2']);
  });

  it('backs off from the advised delay up to 30 seconds', () => {
    expect([1, 2, 3, 10].map((n) => reconnectDelay(n, 3000))).toEqual([3000, 6000, 12000, 30000]);
  });

  it('reconnects by itself with Last-Event-ID and the bearer-token fetch, losing nothing half-received', async () => {
    const requests: Request[] = [];
    const answers = [
      () => streamOf([event('7', 'workorder.created', 'A1'), 'id: 8\nevent: workorder.crea']), // drops mid-event
      () => Promise.reject(new TypeError('network down')),
      () => streamOf([event('8', 'workorder.created', 'A2')]),
    ];
    const seen: string[] = [];
    const states: FeedState[] = [];
    const sleeps: number[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const feed = followFeed({
      url: 'http://console.test/api/v1/work-orders/stream',
      fetch: async (request) => {
        requests.push(request);
        const answer = answers[requests.length - 1];
        if (!answer) {
          done();
          return new Promise<Response>(() => undefined);
        }
        return answer();
      },
      onEvent: (e) => seen.push(`${e.id}:${toChange(e)?.orderNo}`),
      onState: (s) => states.push(s),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await finished;
    feed.stop();
    expect(seen).toEqual(['7:A1', '8:A2']);
    expect(requests.map((r) => r.headers.get('Last-Event-ID'))).toEqual([null, '7', '7', '8']);
    expect(sleeps).toEqual([3000, 6000, 3000]);
    expect(states.slice(0, 3)).toEqual(['connecting', 'open', 'reconnecting']);
    expect(feed.lastEventId()).toBe('8');
  });
});
