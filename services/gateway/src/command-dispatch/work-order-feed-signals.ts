import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import { EVENT_SUBJECT_ROOT, type Actor, type EventEnvelope, type WorkOrderEventBase } from '@yiti/contracts';
import { NATS_CONNECTION, visibleTo } from '@yiti/platform';

/** Every workorder.* event of command dispatch, any version. */
export const WORK_ORDER_EVENTS_SUBJECT = `${EVENT_SUBJECT_ROOT}.command-dispatch.workorder.>`;

interface Listener {
  actor: Actor;
  wake: () => void;
}

/**
 * Tells the open live-feed streams of this gateway that something changed in their jurisdiction: a
 * plain NATS subscription to the workorder.* events as the outbox relay publishes them (moments after
 * their commit), not a durable consumer — a missed signal costs only the stream's fallback read.
 * The event says the town (or county) only; the stream then reads the feed itself, in order.
 */
@Injectable()
export class WorkOrderFeedSignals implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkOrderFeedSignals.name);
  private readonly listeners = new Set<Listener>();
  private subscription: Subscription | null = null;

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  onApplicationBootstrap(): void {
    this.subscription = this.nc.subscribe(WORK_ORDER_EVENTS_SUBJECT, {
      callback: (err, msg) => {
        if (err || this.listeners.size === 0) return;
        try {
          const data = (JSON.parse(msg.string()) as EventEnvelope<WorkOrderEventBase>).data;
          this.signal(data.townCode ?? data.countyCode);
        } catch (error) {
          this.logger.warn({ err: error }, 'unreadable workorder event');
        }
      },
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  /** Wakes the streams whose jurisdiction holds `code` (a town, or a county for an order without one). */
  signal(code: string): void {
    for (const listener of this.listeners) if (visibleTo(listener.actor, code)) listener.wake();
  }

  /** A stream listens while it is open; the returned function stops it. */
  listen(actor: Actor, wake: () => void): () => void {
    const listener = { actor, wake };
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
