import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from 'nats';

/**
 * Nest's NATS server, subscribed under a subject prefix. Deployments that share one NATS (several
 * counties on the province cluster, a developer's platform next to the test suite) then never
 * answer each other's requests. Handlers still see the unprefixed subject.
 */
export class NamespacedNatsServer extends ServerNats {
  constructor(
    private readonly natsOptions: NatsOptions['options'],
    private readonly prefix: string,
  ) {
    super(natsOptions ?? {});
  }

  override bindEvents(client: NatsConnection): void {
    const defaultQueue = this.natsOptions?.queue;
    for (const [channel, handlerRef] of this.messageHandlers) {
      const queue = (handlerRef.extras?.queue as string | undefined) ?? defaultQueue;
      const subscription: Subscription = client.subscribe(`${this.prefix}${channel}`, { queue, callback: this.getMessageHandler(channel).bind(this) });
      (this as unknown as { subscriptions: Subscription[] }).subscriptions.push(subscription);
    }
  }
}
