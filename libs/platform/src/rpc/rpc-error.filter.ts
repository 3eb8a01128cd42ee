import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { throwError, type Observable } from 'rxjs';
import type { RpcErrorBody } from '@yiti/contracts';
import { DomainException } from '../errors/domain-exception';
import { isDatabaseUnavailable } from '../errors/dependency-unavailable';

/** Everything a handler throws leaves as an RpcErrorBody; unknown errors are logged with an id. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    return throwError(() => toRpcErrorBody(exception, this.logger, host.switchToRpc().getContext()));
  }
}

export function toRpcErrorBody(exception: unknown, logger: Logger, context?: unknown): RpcErrorBody {
  if (exception instanceof DomainException) return exception.toRpcBody();
  const errorId = randomUUID();
  const subject = (context as { getSubject?: () => string } | undefined)?.getSubject?.();
  if (isDatabaseUnavailable(exception)) {
    logger.warn({ err: exception, errorId, subject }, `database unavailable ${errorId}`);
    return { code: 'SERVICE_UNAVAILABLE', errorId, detail: `数据库暂不可用,请稍后重试 Database unavailable, retry shortly (id ${errorId})` };
  }
  logger.error({ err: exception, errorId, subject }, `unhandled error ${errorId}`);
  return { code: 'INTERNAL', errorId, detail: `内部错误,编号 ${errorId} Internal error, id ${errorId}` };
}
