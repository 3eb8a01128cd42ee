import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createInbox, headers as natsHeaders, type Msg, type NatsConnection, type NatsError, type Subscription } from 'nats';
import { HEADER_CORRELATION_ID, type Actor, type RequestEnvelope, type SubjectDefinition } from '@yiti/contracts';
import { currentContext, currentCorrelationId } from '../context/request-context';
import { DomainException, isRpcErrorBody } from '../errors/domain-exception';
import { NATS_CONNECTION, SERVICE_CONFIG } from '../service/tokens';
import type { BaseServiceConfig } from '../config/config';
import { SpanKind, endSpan, injectTraceHeaders, startSpan } from '../tracing/tracing';

interface NestReply<T> {
  response?: T;
  err?: unknown;
}

interface RequestOptions {
  actor?: Actor;
  idempotencyKey?: string;
  timeoutMs?: number;
}

interface Pending {
  resolve(msg: Msg): void;
  reject(error: DomainException): void;
  timer: NodeJS.Timeout;
}

/**
 * A service's answer as the JSON text it sent, not parsed: what a gateway route that answers with it
 * unchanged writes as its body (the gateway's reply serializer writes `text` as it is). `T` is the
 * answer's type, for the route's signature only.
 */
export class RawJson<T> {
  declare private readonly answer?: T;

  constructor(readonly text: string) {}
}

/** Where a Nest NATS reply (`{"response":…,"isDisposed":true,"id":"<the request's id>"}`) holds the answer. */
const REPLY_HEAD = '{"response":';
const replyTail = (id: string) => `,"isDisposed":true,"id":${JSON.stringify(id)}}`;

/** The status a NATS server answers a request with when no one subscribes to its subject. */
const NO_RESPONDERS = 503;

/**
 * Request–reply to another service over NATS, in the packet format Nest's NATS transport serves.
 * Errors come back as the callee's DomainException; no responder is 503, silence is 504.
 *
 * Replies come to one inbox subscription of the client's own (`<inbox>.<token>`), as with nats.js's
 * request(), whose bookkeeping, though, builds a NatsError (a captured stack) for every request
 * it completes. A reply after the timeout is dropped; closing the connection fails what waits.
 */
@Injectable()
export class ServiceClient implements OnModuleInit {
  private connected = true;
  private inbox: { prefix: string; subscription: Subscription } | null = null;
  private readonly pending = new Map<string, Pending>();
  private nextToken = 0;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
  ) {}

  /**
   * While disconnected the client would buffer a request and send it on reconnect, after the caller
   * was already told it failed: the service would then act on a request nobody waits for. So a
   * request made while disconnected fails at once and is never sent.
   */
  onModuleInit(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (status.type === 'disconnect') this.connected = false;
        if (status.type === 'reconnect') this.connected = true;
      }
    })();
  }

  async request<Req, Res>(definition: SubjectDefinition<Req, Res>, data: Req, options: RequestOptions = {}): Promise<Res> {
    const { text } = await this.exchange(definition.subject, data, options);
    return this.answerOf<Res>(definition.subject, text);
  }

  /**
   * As request(), but the answer stays the JSON text the service sent (for an HTTP answer that is
   * the service's unchanged: neither parsed here nor serialised again). The same errors: a reply
   * carrying one is parsed and raised as before.
   */
  async requestRaw<Req, Res extends object | null>(definition: SubjectDefinition<Req, Res>, data: Req, options: RequestOptions = {}): Promise<RawJson<Res>> {
    const { text, id } = await this.exchange(definition.subject, data, options);
    // The answer's JSON is exactly what lies between the head and the tail: the reply is the JSON
    // text of an object with those keys in that order, and the tail's id is this request's own.
    const tail = replyTail(id);
    if (text.startsWith(REPLY_HEAD) && text.endsWith(tail)) return new RawJson<Res>(text.slice(REPLY_HEAD.length, text.length - tail.length));
    // Any other reply (an error, no answer, another layout) is read as request() reads it.
    return new RawJson<Res>(JSON.stringify(this.answerOf<Res>(definition.subject, text)) ?? 'null');
  }

  /** Sends the request; the reply's text and the request's id. */
  private async exchange(subject: string, data: unknown, options: RequestOptions): Promise<{ text: string; id: string }> {
    if (!this.connected || this.nc.isClosed()) throw new DomainException('SERVICE_UNAVAILABLE', `消息总线连接中断,请求未发送 Message bus disconnected; ${subject} was not sent`);
    const correlationId = currentCorrelationId();
    const context = currentContext();
    const envelope: RequestEnvelope = { actor: options.actor ?? context?.actor, correlationId, idempotencyKey: options.idempotencyKey ?? context?.idempotencyKey, data };
    const h = natsHeaders();
    h.set(HEADER_CORRELATION_ID, correlationId);
    const span = startSpan(`${subject} request`, SpanKind.CLIENT, { 'messaging.system': 'nats', 'messaging.destination.name': subject });
    injectTraceHeaders(h, span);
    const id = randomUUID();
    let msg: Msg;
    try {
      msg = await this.send(subject, JSON.stringify({ pattern: subject, data: envelope, id }), h, options.timeoutMs ?? this.config.RPC_TIMEOUT_MS);
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
    return { text: msg.string(), id };
  }

  /** The answer in a reply's text, or the callee's error raised as a DomainException. */
  private answerOf<Res>(subject: string, text: string): Res {
    let reply: NestReply<Res>;
    try {
      reply = JSON.parse(text) as NestReply<Res>;
    } catch (error) {
      throw new DomainException('SERVICE_UNAVAILABLE', `消息总线不可用 Message bus unavailable: ${String(error)}`);
    }
    if (reply.err !== undefined && reply.err !== null) {
      if (isRpcErrorBody(reply.err)) throw new DomainException(reply.err.code, reply.err.detail, reply.err.errors);
      throw new DomainException('INTERNAL', `unexpected error from ${subject}`);
    }
    return reply.response as Res;
  }

  private send(subject: string, payload: string, headers: ReturnType<typeof natsHeaders>, timeoutMs: number): Promise<Msg> {
    return new Promise<Msg>((resolve, reject) => {
      const token = String(this.nextToken++);
      try {
        const inbox = this.replyInbox();
        const timer = setTimeout(() => {
          this.pending.delete(token);
          reject(new DomainException('UPSTREAM_TIMEOUT', `服务响应超时 ${subject} did not answer in time`));
        }, timeoutMs);
        this.pending.set(token, { resolve, reject, timer });
        this.nc.publish(`${this.config.NATS_SUBJECT_PREFIX}${subject}`, payload, { reply: `${inbox}${token}`, headers });
      } catch (error) {
        this.settle(token);
        reject(new DomainException('SERVICE_UNAVAILABLE', `消息总线不可用 Message bus unavailable: ${String(error)}`));
      }
    }).then((msg) => {
      if (msg.headers?.hasError && msg.data.length === 0) {
        if (msg.headers.code === NO_RESPONDERS) throw new DomainException('SERVICE_UNAVAILABLE', `没有可用的服务实例 No instance serves ${subject}`);
        throw new DomainException('SERVICE_UNAVAILABLE', `消息总线不可用 Message bus unavailable: ${msg.headers.code} ${msg.headers.description}`);
      }
      return msg;
    });
  }

  /** Removes a waiting request and stops its timer; undefined when it is no longer waiting. */
  private settle(token: string): Pending | undefined {
    const pending = this.pending.get(token);
    if (!pending) return undefined;
    this.pending.delete(token);
    clearTimeout(pending.timer);
    return pending;
  }

  /** The prefix replies come to, subscribing on first use. */
  private replyInbox(): string {
    if (this.inbox) return this.inbox.prefix;
    const prefix = `${createInbox()}.`;
    const subscription = this.nc.subscribe(`${prefix}*`, {
      callback: (error: NatsError | null, msg: Msg) => {
        if (error) {
          for (const token of [...this.pending.keys()]) this.settle(token)?.reject(new DomainException('SERVICE_UNAVAILABLE', `消息总线不可用 Message bus unavailable: ${String(error)}`));
          return;
        }
        this.settle(msg.subject.slice(prefix.length))?.resolve(msg);
      },
    });
    this.inbox = { prefix, subscription };
    void this.nc.closed().then(() => {
      for (const token of [...this.pending.keys()]) this.settle(token)?.reject(new DomainException('SERVICE_UNAVAILABLE', '消息总线连接已关闭 Message bus connection closed'));
    });
    return prefix;
  }
}
