import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { createHash } from 'node:crypto';
import { Observable, tap } from 'rxjs';
import { HEADER_CORRELATION_ID, type RequestEnvelope } from '@yiti/contracts';
import { acceptOrCreateCorrelationId, runWithContext, type RequestContext } from '../context/request-context';
import type { Metrics } from '../metrics/metrics';
import { canonicalJson } from '../audit/canonical-json';

/**
 * The request context of one NATS request: its correlation id (header, else envelope, else new),
 * the actor, and the Idempotency-Key with the hash of the subject and data it was used with.
 */
export function rpcRequestContext(subject: string, correlationHeader: string | undefined, envelope: Partial<RequestEnvelope> | undefined): RequestContext {
  const correlationId = acceptOrCreateCorrelationId(correlationHeader || envelope?.correlationId);
  const idempotencyKey = typeof envelope?.idempotencyKey === 'string' ? envelope.idempotencyKey : undefined;
  const idempotencyHash = idempotencyKey ? createHash('sha256').update(`${subject}\n${canonicalJson(envelope?.data ?? null)}`).digest('hex') : undefined;
  return { correlationId, actor: envelope?.actor, idempotencyKey, idempotencyHash };
}

/**
 * Runs each NATS handler inside its request context and times it. The platform's NATS server
 * (NamespacedNatsServer) does this itself, without Nest's interceptor chain; this interceptor is
 * for a transport that does not.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const natsContext = rpc.getContext<NatsContext>();
    const subject = natsContext.getSubject();
    const requestContext = rpcRequestContext(subject, natsContext.getHeaders()?.get(HEADER_CORRELATION_ID), rpc.getData<Partial<RequestEnvelope>>());
    const stop = this.metrics.rpcDuration.startTimer({ subject });
    return runWithContext(requestContext, () => next.handle()).pipe(
      tap({ next: () => stop({ outcome: 'ok' }), error: (e: { code?: string }) => stop({ outcome: e?.code ?? 'error' }) }),
    );
  }
}
