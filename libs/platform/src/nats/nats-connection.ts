import { connect, RetentionPolicy, StorageType, type ConnectionOptions, type JetStreamManager, type NatsConnection, type StreamConfig } from 'nats';
import { EVENT_STREAM, EVENT_SUBJECT_ROOT } from '@yiti/contracts';

/**
 * Options shared by every NATS connection of the platform: reconnect forever. No async traces: the
 * client would otherwise build an Error (a captured stack) for every request and its timer, about
 * 4 % of the gateway's CPU; a timeout or no-responders error keeps its code, which is all callers use.
 */
export function natsConnectionOptions(url: string, name: string): ConnectionOptions {
  return {
    servers: url.split(','),
    name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
    noAsyncTraces: true,
  };
}

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return coalesceWrites(await connect(natsConnectionOptions(url, name)));
}

/** The parts of nats.js's protocol handler (2.x, not public API) that queue and flush outgoing commands. */
interface ProtocolHandler {
  outbound: { size(): number; fill(buffer: Uint8Array, ...payloads: Uint8Array[]): void };
  pendingLimit: number;
  flushPending(): void;
  sendCommand(command: string | Uint8Array, ...payloads: Uint8Array[]): void;
}

const encoder = new TextEncoder();

/**
 * One socket write per event-loop turn instead of one per message. nats.js queues every command
 * and flushes on the next microtask, so each request or reply handled in its own I/O callback is
 * its own write syscall: the largest single cost of the gateway and the services under load. Here
 * the flush waits for setImmediate (after the turn's I/O callbacks, before any timer), so the
 * messages of one turn leave in one write; order is unchanged (one buffer), the client's size
 * threshold still flushes at once, and flush()/drain() work as before (their PING goes the same way).
 * When the client's internals do not look as expected the connection is left as it is.
 */
export function coalesceWrites<T extends object>(nc: T): T {
  const protocol = (nc as { protocol?: Partial<ProtocolHandler> }).protocol;
  if (
    !protocol ||
    typeof protocol.sendCommand !== 'function' ||
    typeof protocol.flushPending !== 'function' ||
    typeof protocol.outbound?.fill !== 'function' ||
    typeof protocol.outbound.size !== 'function' ||
    typeof protocol.pendingLimit !== 'number'
  ) {
    return nc;
  }
  const handler = protocol as ProtocolHandler;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    handler.flushPending();
  };
  handler.sendCommand = (command, ...payloads) => {
    handler.outbound.fill(typeof command === 'string' ? encoder.encode(command) : command, ...payloads);
    if (handler.outbound.size() >= handler.pendingLimit) {
      handler.flushPending();
    } else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return nc;
}

const DAY_NS = 24 * 60 * 60 * 1e9;
/** How long the event stream keeps an event: no consumer can be handed an older one. */
export const EVENT_RETENTION_DAYS = 90;

/**
 * Creates the event stream when missing, with `replicas` copies (3 on a JetStream cluster: it
 * survives a server lost); leaves an existing one as operators tuned it.
 */
export async function ensureEventStream(nc: NatsConnection, replicas = 1): Promise<void> {
  await ensureStream(await nc.jetstreamManager(), {
    name: EVENT_STREAM,
    subjects: [`${EVENT_SUBJECT_ROOT}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: EVENT_RETENTION_DAYS * DAY_NS,
    duplicate_window: 10 * 60 * 1e9,
    num_replicas: replicas,
  });
}

/** Creates a stream when missing; leaves an existing one as operators tuned it. */
export async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // Another service may have created it at the same moment.
      await jsm.streams.info(config.name).catch(() => {
        throw error;
      });
    }
  }
}
