import { Injectable, type NestMiddleware } from '@nestjs/common';
import { acceptOrCreateCorrelationId, runWithContext } from '@yiti/platform';

/** Opens the request context (correlation id = X-Request-Id) that logs and NATS calls carry. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: { id?: unknown; headers: Record<string, unknown> }, res: { setHeader(n: string, v: string): void }, next: () => void): void {
    const correlationId = acceptOrCreateCorrelationId(req.id ?? req.headers['x-request-id']);
    req.id = correlationId;
    res.setHeader('X-Request-Id', correlationId);
    runWithContext({ correlationId }, next);
  }
}
