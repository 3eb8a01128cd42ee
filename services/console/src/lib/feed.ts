/**
 * 工单实时动态: the work-order feed of the command-centre screen. The gateway's stream needs the bearer
 * token, which EventSource cannot send, so the feed reads the stream with fetch, parses server-sent events
 * itself and reconnects with Last-Event-ID (no gaps, no repeats).
 */

export interface SseEvent {
  id: string | undefined;
  type: string;
  data: string;
}

/** Incremental parser of a text/event-stream: feed it chunks, it returns the complete events. */
export class SseParser {
  private buffer = '';
  /** The server's advised reconnect delay (the `retry:` field), if any. */
  retry: number | undefined;

  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    const blocks = this.buffer.split(/\r\n\r\n|\n\n|\r\r/);
    this.buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      let id: string | undefined;
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split(/\r\n|\n|\r/)) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') type = value;
        else if (field === 'data') data.push(value);
        else if (field === 'retry' && /^\d+$/.test(value)) this.retry = Number(value);
      }
      if (data.length > 0) events.push({ id, type, data: data.join('\n') });
    }
    return events;
  }
}

/** What a workorder.* event says of its order (no personal data). */
export interface WorkOrderChange {
  changeId: string;
  type: string;
  workOrderId: string;
  orderNo: string;
  townCode: string | null;
  channel: string;
  category: string;
  urgency: string;
  status: string;
  at: string;
}

/** Reads one event into a change; null when it is not a work-order change. */
export function toChange(event: SseEvent): WorkOrderChange | null {
  if (!event.type.startsWith('workorder.') || !event.id) return null;
  try {
    const d = JSON.parse(event.data) as Record<string, unknown>;
    if (typeof d['workOrderId'] !== 'string' || typeof d['orderNo'] !== 'string') return null;
    const text = (key: string) => (typeof d[key] === 'string' ? (d[key] as string) : '');
    return { changeId: event.id, type: event.type, workOrderId: text('workOrderId'), orderNo: text('orderNo'), townCode: text('townCode') || null, channel: text('channel'), category: text('category'), urgency: text('urgency'), status: text('status'), at: text('at') };
  } catch {
    return null;
  }
}

/** Adds changes to the newest-first list, without repeats, keeping at most `max`. */
export function mergeChanges(list: WorkOrderChange[], incoming: WorkOrderChange[], max = 50): WorkOrderChange[] {
  const seen = new Set(list.map((c) => c.changeId));
  const fresh = incoming.filter((c) => !seen.has(c.changeId)).reverse();
  return [...fresh, ...list].slice(0, max);
}

/** Reconnect delay after `failures` failed attempts in a row: the server's advice, doubled up to 30 s. */
export function reconnectDelay(failures: number, advised = 3000): number {
  return Math.min(30_000, advised * 2 ** Math.max(0, failures - 1));
}

export type FeedState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface FeedOptions {
  url: string;
  /** Sends the request with the bearer token (and renews it if expired). */
  fetch: (request: Request) => Promise<Response>;
  onEvent: (event: SseEvent) => void;
  onState?: (state: FeedState) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Follows the stream until stopped; reconnects by itself, resuming after the last event id seen. */
export function followFeed(options: FeedOptions): { stop: () => void; lastEventId: () => string | undefined } {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const abort = new AbortController();
  let last: string | undefined;
  let stopped = false;
  const run = async () => {
    let failures = 0;
    let advised: number | undefined;
    while (!stopped) {
      // A fresh parser per connection: half an event from a dropped connection is dropped with it.
      const parser = new SseParser();
      options.onState?.(failures === 0 && last === undefined ? 'connecting' : 'reconnecting');
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream' };
        if (last !== undefined) headers['Last-Event-ID'] = last;
        const res = await options.fetch(new Request(options.url, { headers, signal: abort.signal }));
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        options.onState?.('open');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          failures = 0;
          for (const event of parser.push(value)) {
            if (event.id !== undefined) last = event.id;
            options.onEvent(event);
          }
          advised = parser.retry ?? advised;
        }
      } catch {
        if (stopped) break;
      }
      if (stopped) break;
      failures += 1;
      await sleep(reconnectDelay(failures, advised));
    }
    options.onState?.('closed');
  };
  void run();
  return {
    stop: () => {
      stopped = true;
      abort.abort();
    },
    lastEventId: () => last,
  };
}
