import { connect, RetentionPolicy, StorageType, type ConnectionOptions, type NatsConnection } from 'nats';
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

export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect(natsConnectionOptions(url, name));
}

const DAY_NS = 24 * 60 * 60 * 1e9;

/** Creates the event stream when missing; leaves an existing one as operators tuned it. */
export async function ensureEventStream(nc: NatsConnection): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(EVENT_STREAM);
  } catch {
    try {
      await jsm.streams.add({
        name: EVENT_STREAM,
        subjects: [`${EVENT_SUBJECT_ROOT}.>`],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: 90 * DAY_NS,
        duplicate_window: 10 * 60 * 1e9,
      });
    } catch (error) {
      // Another service may have created it at the same moment.
      await jsm.streams.info(EVENT_STREAM).catch(() => {
        throw error;
      });
    }
  }
}
