import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ErrorCode as NatsErrorCode, headers as natsHeaders, type NatsConnection, type NatsError } from 'nats';
import { HEADER_CORRELATION_ID, type Actor, type RequestEnvelope } from '@yiti/contracts';
import { currentContext, currentCorrelationId } from '../context/request-context';
import { DomainException, isRpcErrorBody } from '../errors/domain-exception';
import { NATS_CONNECTION, SERVICE_CONFIG } from '../service/tokens';
import type { BaseServiceConfig } from '../config/config';

interface NestReply<T> {
  response?: T;
  err?: unknown;
}

/**
 * Request–reply to another service over NATS, in the packet format Nest's NATS transport serves.
 * Errors come back as the callee's DomainException; no responder is 503, silence is 504.
 */
@Injectable()
export class ServiceClient implements OnModuleInit {
  private connected = true;

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

  async request<T>(subject: string, data: unknown, options: { actor?: Actor; idempotencyKey?: string; timeoutMs?: number } = {}): Promise<T> {
    if (!this.connected || this.nc.isClosed()) throw new DomainException('SERVICE_UNAVAILABLE', `消息总线连接中断,请求未发送 Message bus disconnected; ${subject} was not sent`);
    const correlationId = currentCorrelationId();
    const context = currentContext();
    const envelope: RequestEnvelope = { actor: options.actor ?? context?.actor, correlationId, idempotencyKey: options.idempotencyKey ?? context?.idempotencyKey, data };
    const h = natsHeaders();
    h.set(HEADER_CORRELATION_ID, correlationId);
    let reply: NestReply<T>;
    try {
      const msg = await this.nc.request(`${this.config.NATS_SUBJECT_PREFIX}${subject}`, JSON.stringify({ pattern: subject, data: envelope, id: randomUUID() }), {
        timeout: options.timeoutMs ?? this.config.RPC_TIMEOUT_MS,
        headers: h,
      });
      reply = JSON.parse(msg.string()) as NestReply<T>;
    } catch (error) {
      const code = (error as NatsError).code;
      if (code === NatsErrorCode.NoResponders) throw new DomainException('SERVICE_UNAVAILABLE', `没有可用的服务实例 No instance serves ${subject}`);
      if (code === NatsErrorCode.Timeout) throw new DomainException('UPSTREAM_TIMEOUT', `服务响应超时 ${subject} did not answer in time`);
      throw new DomainException('SERVICE_UNAVAILABLE', `消息总线不可用 Message bus unavailable: ${String(error)}`);
    }
    if (reply.err !== undefined && reply.err !== null) {
      if (isRpcErrorBody(reply.err)) throw new DomainException(reply.err.code, reply.err.detail, reply.err.errors);
      throw new DomainException('INTERNAL', `unexpected error from ${subject}`);
    }
    return reply.response as T;
  }
}
