import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { createHash } from 'node:crypto';
import { Observable, tap } from 'rxjs';
import { HEADER_CORRELATION_ID, type RequestEnvelope } from '@yiti/contracts';
import { acceptOrCreateCorrelationId, runWithContext } from '../context/request-context';
import type { Metrics } from '../metrics/metrics';
import { canonicalJson } from '../audit/canonical-json';

/** Runs each NATS handler inside its request context (correlation id, actor) and times it. */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const natsContext = rpc.getContext<NatsContext>();
    const envelope = rpc.getData<Partial<RequestEnvelope>>();
    const correlationId = acceptOrCreateCorrelationId(natsContext.getHeaders()?.get(HEADER_CORRELATION_ID) || envelope?.correlationId);
    const subject = natsContext.getSubject();
    const stop = this.metrics.rpcDuration.startTimer({ subject });
    const idempotencyKey = typeof envelope?.idempotencyKey === 'string' ? envelope.idempotencyKey : undefined;
    const idempotencyHash = idempotencyKey ? createHash('sha256').update(`${subject}\n${canonicalJson(envelope?.data ?? null)}`).digest('hex') : undefined;
    return runWithContext({ correlationId, actor: envelope?.actor, idempotencyKey, idempotencyHash }, () => next.handle()).pipe(
      tap({ next: () => stop({ outcome: 'ok' }), error: (e: { code?: string }) => stop({ outcome: e?.code ?? 'error' }) }),
    );
  }
}
