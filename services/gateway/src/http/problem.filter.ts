import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ThrottlerException } from '@nestjs/throttler';
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ERROR_CATALOG, type ErrorCode, type FieldError } from '@yiti/contracts';
import { DEPENDENCY_RETRY_AFTER_SECONDS, DomainException, isDatabaseUnavailable } from '@yiti/platform';
import { IdempotentReplay } from '../idempotency/replay';

/** RFC 9457 problem document, with the platform's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: ErrorCode;
  requestId?: string;
  errors?: FieldError[];
  errorId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN_ROLE',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  // Terminus's readiness check when a dependency is down.
  503: 'SERVICE_UNAVAILABLE',
};

export function problemFor(code: ErrorCode, instance: string, extra: Partial<Problem> = {}): Problem {
  const entry = ERROR_CATALOG[code];
  return { type: `urn:yiti:problem:${code.toLowerCase().replace(/_/g, '-')}`, title: entry.title, status: entry.status, instance, code, ...extra };
}

/**
 * The problem for an error nothing else mapped: 503 when PostgreSQL is unavailable, else 500 with
 * a logged id.
 */
export function unexpectedErrorProblem(exception: unknown, instance: string, logger: Logger): Problem {
  const errorId = randomUUID();
  if (isDatabaseUnavailable(exception)) {
    logger.warn({ err: exception, errorId }, `database unavailable ${errorId}`);
    return problemFor('SERVICE_UNAVAILABLE', instance, { errorId, detail: `数据库暂不可用,请稍后重试 Database unavailable, retry shortly (id ${errorId})` });
  }
  logger.error({ err: exception, errorId }, `unhandled error ${errorId}`);
  return problemFor('INTERNAL', instance, { errorId, detail: `内部错误,编号 ${errorId} Internal error, id ${errorId}` });
}

/** Terminus's readiness answer, as a detail: the dependencies that are down. */
function notReadyDetail(response: unknown): string {
  const down = Object.keys((response as { error?: Record<string, unknown> } | undefined)?.error ?? {});
  return `未就绪 Not ready${down.length > 0 ? `: ${down.join(', ')} down` : ''}`;
}

/** Headers a problem carries besides its content type: Retry-After when a dependency is down. */
export function problemHeaders(problem: Problem): Record<string, string> {
  return problem.status === 503 ? { 'Retry-After': String(DEPENDENCY_RETRY_AFTER_SECONDS) } : {};
}

/** Maps everything thrown while serving HTTP to problem+json (but an idempotent replay). Unknown errors are 500 with a logged id. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ originalUrl?: string; url: string; id?: unknown }>();
    const response = http.getResponse<object>();
    if (exception instanceof IdempotentReplay) {
      // Not an error: IdempotencyGuard found the key completed; the recorded response, as first sent.
      this.adapterHost.httpAdapter.setHeader(response, 'Idempotent-Replayed', 'true');
      this.adapterHost.httpAdapter.reply(response, exception.body, exception.status);
      return;
    }
    const instance = request.originalUrl ?? request.url;
    const problem = this.toProblem(exception, instance);
    problem.requestId = typeof request.id === 'string' ? request.id : undefined;
    const body = JSON.stringify(problem);
    if (!('status' in response)) {
      // Node's own response: what a failing middleware gets on Fastify (middie runs on req.raw/res.raw).
      const raw = response as ServerResponse;
      if (raw.headersSent) return;
      raw.statusCode = problem.status;
      raw.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
      for (const [name, value] of Object.entries(problemHeaders(problem))) raw.setHeader(name, value);
      raw.end(body);
      return;
    }
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.isHeadersSent(response)) return;
    adapter.setHeader(response, 'Content-Type', PROBLEM_CONTENT_TYPE);
    for (const [name, value] of Object.entries(problemHeaders(problem))) adapter.setHeader(response, name, value);
    adapter.reply(response, body, problem.status);
  }

  private toProblem(exception: unknown, instance: string): Problem {
    if (exception instanceof DomainException) {
      return problemFor(exception.code, instance, { detail: exception.detail, errors: exception.errors });
    }
    if (exception instanceof ThrottlerException) return problemFor('RATE_LIMITED', instance);
    // Express's body-parser; on Fastify, Nest turns the server's own errors (FST_ERR_*) into HttpExceptions.
    const bodyParserType = (exception as { type?: string }).type;
    if (bodyParserType === 'entity.too.large') return problemFor('PAYLOAD_TOO_LARGE', instance);
    if (bodyParserType === 'entity.parse.failed') return problemFor('BAD_REQUEST', instance, { detail: '请求体不是有效的JSON Body is not valid JSON' });
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_STATUS_CODES[status];
      if (code) {
        const problem = problemFor(code, instance, { detail: exception.message });
        if (status === 404) problem.detail = `没有此接口 No route ${instance}`;
        if (status === 503) problem.detail = notReadyDetail(exception.getResponse());
        return problem;
      }
    }
    return unexpectedErrorProblem(exception, instance, this.logger);
  }
}
