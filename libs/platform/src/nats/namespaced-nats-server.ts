import { NatsContext, ServerNats, type NatsOptions } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { isObservable, tap } from 'rxjs';
import type { NatsConnection, Subscription } from 'nats';
import { HEADER_CORRELATION_ID, type RequestEnvelope } from '@yiti/contracts';
import { runWithContext } from '../context/request-context';
import { coalesceWrites } from './nats-connection';
import type { Metrics } from '../metrics/metrics';
import { rpcRequestContext } from '../rpc/rpc-context.interceptor';

type NatsMessage = Parameters<ServerNats['handleMessage']>[1];

/**
 * Nest's NATS server, subscribed under a subject prefix. Deployments that share one NATS (several
 * counties on the province cluster, a developer's platform next to the test suite) then never
 * answer each other's requests. Handlers still see the unprefixed subject.
 *
 * Each request runs inside its request context (correlation id, actor, Idempotency-Key) and is
 * timed here rather than by a global interceptor: with no interceptor Nest calls the handler
 * directly, without its rxjs chain and two async-scope bindings per request. Handlers are looked
 * up by their channel directly (Nest first tries JSON.parse on it, which throws for every subject).
 */
export class NamespacedNatsServer extends ServerNats {
  constructor(
    private readonly natsOptions: NatsOptions['options'],
    private readonly prefix: string,
    private readonly metrics?: Metrics,
  ) {
    super(natsOptions ?? {});
  }

  /** Its replies leave in one socket write per event-loop turn (see coalesceWrites). */
  override async createNatsClient() {
    return coalesceWrites(await super.createNatsClient());
  }

  override bindEvents(client: NatsConnection): void {
    const defaultQueue = this.natsOptions?.queue;
    for (const [channel, handlerRef] of this.messageHandlers) {
      const queue = (handlerRef.extras?.queue as string | undefined) ?? defaultQueue;
      const subscription: Subscription = client.subscribe(`${this.prefix}${channel}`, { queue, callback: this.getMessageHandler(channel).bind(this) });
      (this as unknown as { subscriptions: Subscription[] }).subscriptions.push(subscription);
    }
  }

  override getHandlerByPattern(pattern: string) {
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }

  /** As Nest's, plus the request context and timing; a plain result is answered at once. */
  override async handleMessage(channel: string, natsMsg: NatsMessage): Promise<unknown> {
    const natsCtx = new NatsContext([natsMsg.subject, natsMsg.headers]);
    const message = await this.deserializer.deserialize(natsMsg.data, { channel, replyTo: natsMsg.reply });
    const id = (message as { id?: string }).id;
    if (id === undefined) return this.handleEvent(channel, message, natsCtx);
    const publish = this.getPublisher(natsMsg, id, natsCtx);
    const handler = this.getHandlerByPattern(channel);
    if (!handler) return publish({ id, status: 'error', err: NO_MESSAGE_HANDLER });
    const envelope = message.data as Partial<RequestEnvelope> | undefined;
    const context = rpcRequestContext(channel, natsMsg.headers?.get(HEADER_CORRELATION_ID), envelope);
    const stop = this.metrics?.rpcDuration.startTimer({ subject: channel });
    return runWithContext(context, () =>
      this.onProcessingStartHook(this.transportId ?? 'nats', natsCtx, async () => {
        const result: unknown = await handler(message.data, natsCtx);
        if (!isObservable(result)) {
          stop?.({ outcome: 'ok' });
          return publish({ response: result, isDisposed: true });
        }
        // What Nest's handler proxy returns for a thrown error: the RpcErrorFilter's body, as an error.
        this.send(result.pipe(tap({ next: () => stop?.({ outcome: 'ok' }), error: (e: { code?: string }) => stop?.({ outcome: e?.code ?? 'error' }) })), publish);
      }),
    );
  }
}
