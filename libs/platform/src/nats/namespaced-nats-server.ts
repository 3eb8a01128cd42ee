import { Logger } from '@nestjs/common';
import { NatsContext, ServerNats, type NatsOptions } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { isObservable, tap } from 'rxjs';
import { ErrorCode, type NatsConnection, type NatsError, type Subscription } from 'nats';
import { HEADER_CORRELATION_ID, type RequestEnvelope, type RpcErrorBody } from '@yiti/contracts';
import { runWithContext } from '../context/request-context';
import { coalesceWrites } from './nats-connection';
import type { Metrics } from '../metrics/metrics';
import { rpcRequestContext } from '../rpc/rpc-context.interceptor';
import { SpanKind, endSpan, extractTraceContext, startSpan, withSpan } from '../tracing/tracing';

type NatsMessage = Parameters<ServerNats['handleMessage']>[1];
type Publish = ReturnType<ServerNats['getPublisher']>;
type OutgoingPacket = Parameters<Publish>[0];

/**
 * Nest's NATS server, subscribed under a subject prefix. Deployments that share one NATS (several
 * counties on the province cluster, a developer's platform next to the test suite) then never
 * answer each other's requests. Handlers still see the unprefixed subject.
 *
 * Each request runs inside its request context (correlation id, actor, Idempotency-Key) and is
 * timed here rather than by a global interceptor: with no interceptor Nest calls the handler
 * directly, without its rxjs chain and two async-scope bindings per request. Handlers are looked
 * up by their channel directly (Nest first tries JSON.parse on it, which throws for every subject).
 *
 * Nothing a request does escapes as an unhandled rejection (which would end the process): a reply
 * the broker refuses for its size (max_payload, 1 MB by default) is answered REPLY_TOO_LARGE naming
 * the limit, a reply that cannot be serialised INTERNAL, and a reply that cannot be sent at all
 * (connection closed) is logged.
 */
export class NamespacedNatsServer extends ServerNats {
  private readonly replyLogger = new Logger('NatsServer');
  private connection: NatsConnection | null = null;

  constructor(
    private readonly natsOptions: NatsOptions['options'],
    private readonly prefix: string,
    private readonly metrics?: Metrics,
  ) {
    super(natsOptions ?? {});
  }

  /** Its replies leave in one socket write per event-loop turn (see coalesceWrites). */
  override async createNatsClient() {
    this.connection = coalesceWrites(await super.createNatsClient());
    return this.connection;
  }

  override bindEvents(client: NatsConnection): void {
    const defaultQueue = this.natsOptions?.queue;
    for (const [channel, handlerRef] of this.messageHandlers) {
      const queue = (handlerRef.extras?.queue as string | undefined) ?? defaultQueue;
      const subscription: Subscription = client.subscribe(`${this.prefix}${channel}`, { queue, callback: this.getMessageHandler(channel).bind(this) });
      (this as unknown as { subscriptions: Subscription[] }).subscriptions.push(subscription);
    }
  }

  /** Nest's handler lets a failing handleMessage (say, a request that is not JSON) become an unhandled rejection. */
  override getMessageHandler(channel: string): (error: NatsError | null, message: NatsMessage) => Promise<unknown> {
    return async (error, message) => {
      if (error) return this.replyLogger.error({ err: error, subject: channel }, 'NATS subscription error');
      try {
        return await this.handleMessage(channel, message);
      } catch (err) {
        this.replyLogger.error({ err, subject: channel }, 'a NATS request failed outside its handler');
      }
    };
  }

  /** Nest's publisher, made never to throw: what cannot be sent becomes an error reply or, failing that, a log line. */
  override getPublisher(natsMsg: NatsMessage, id: string, ctx: NatsContext): Publish {
    const publish = super.getPublisher(natsMsg, id, ctx);
    const subject = ctx.getSubject();
    const answerError = (err: RpcErrorBody, cause: unknown) => {
      this.replyLogger.error({ err: cause, subject, code: err.code }, `reply to ${subject} not sent: ${err.detail}`);
      try {
        return publish({ id, err, isDisposed: true });
      } catch (again) {
        this.replyLogger.error({ err: again, subject }, `error reply to ${subject} not sent either`);
      }
    };
    return (packet: OutgoingPacket) => {
      try {
        return publish(packet);
      } catch (error) {
        if (packet.err !== undefined) return answerError({ code: 'INTERNAL', detail: `内部错误 Internal error: the error reply to ${subject} could not be sent` }, error);
        if ((error as NatsError).code === ErrorCode.MaxPayloadExceeded) {
          const limit = this.connection?.info?.max_payload;
          return answerError({ code: 'REPLY_TOO_LARGE', detail: `响应超过消息总线上限 ${limit} 字节 The reply to ${subject} exceeds the message bus limit (max_payload ${limit} bytes); ask for less, e.g. a smaller page` }, error);
        }
        return answerError({ code: 'INTERNAL', detail: `内部错误 Internal error: the reply to ${subject} could not be sent (${String((error as Error)?.message ?? error)})` }, error);
      }
    };
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
    const timer = this.metrics?.rpcDuration.startTimer({ subject: channel });
    const span = startSpan(`${channel} process`, SpanKind.SERVER, { 'messaging.system': 'nats', 'messaging.destination.name': channel }, extractTraceContext(natsMsg.headers));
    const stop = (labels: { outcome: string }) => {
      timer?.(labels);
      endSpan(span, labels.outcome === 'ok' ? undefined : labels.outcome);
    };
    return withSpan(span, () =>
      runWithContext(context, () =>
        this.onProcessingStartHook(this.transportId ?? 'nats', natsCtx, async () => {
          const result: unknown = await handler(message.data, natsCtx);
          if (!isObservable(result)) {
            stop({ outcome: 'ok' });
            return publish({ response: result, isDisposed: true });
          }
          // What Nest's handler proxy returns for a thrown error: the RpcErrorFilter's body, as an error.
          this.send(result.pipe(tap({ next: () => stop({ outcome: 'ok' }), error: (e: { code?: string }) => stop({ outcome: e?.code ?? 'error' }) })), publish);
        }),
      ),
    );
  }
}
