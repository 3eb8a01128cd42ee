import { HttpStatus, Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, type OnModuleDestroy } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { DomainException, SERVICE_CONFIG, canonicalJson, currentContext } from '@yiti/platform';
import type { GatewayConfig } from '../config';
import type { AuthenticatedRequest } from '../auth/principal';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

interface StoredRecord {
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
}

/**
 * `Idempotency-Key` on POST: the first request runs and its response is stored; the same key with
 * the same body replays that response; with another body it is 422. A request that fails leaves no
 * record, so the caller can retry it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleDestroy {
  private readonly cleanup: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.cleanup = setInterval(() => void this.expireOld().catch(() => undefined), 60 * 60 * 1000);
    this.cleanup.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanup);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { method: string; headers: Record<string, string | undefined>; originalUrl: string; body: unknown; ip?: string }>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      return throwError(() => new DomainException('VALIDATION_FAILED', 'Idempotency-Key 须为8-128位字母数字或 _ . : - Idempotency-Key must be 8-128 of [A-Za-z0-9_.:-]', [{ field: 'Idempotency-Key', messages: ['8-128 characters of A-Z a-z 0-9 _ . : -'] }]));
    }
    const principal = request.principal ? `user:${request.principal.actor.userId}` : `anon:${request.ip ?? 'unknown'}`;
    const requestHash = createHash('sha256').update(`${request.method} ${request.originalUrl}\n${canonicalJson(request.body ?? null)}`).digest('hex');
    // The services record the key with their effect too, so a retry after a gateway timeout is safe.
    const requestContext = currentContext();
    if (requestContext) requestContext.idempotencyKey = key;
    const status = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    const response = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();

    return from(this.claim(principal, key, requestHash)).pipe(
      mergeMap((existing) => {
        if (existing) {
          if (existing.request_hash !== requestHash) {
            return throwError(() => new DomainException('IDEMPOTENCY_KEY_REUSED', `幂等键 ${key} 已用于不同的请求 Key ${key} was used for a different request`));
          }
          if (existing.state === 'in_progress') return throwError(() => new DomainException('IDEMPOTENCY_IN_PROGRESS'));
          response.header('Idempotent-Replayed', 'true');
          return of(existing.response_body);
        }
        return next.handle().pipe(
          mergeMap((body) => from(this.complete(principal, key, status, body)).pipe(mergeMap(() => of(body)))),
          catchError((error: unknown) => from(this.release(principal, key)).pipe(mergeMap(() => throwError(() => error)))),
        );
      }),
    );
  }

  /** Returns the existing record, or null when this request now owns the key. */
  private async claim(principal: string, key: string, requestHash: string): Promise<StoredRecord | null> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO gateway.idempotency_record (principal, key, request_hash, state) VALUES ($1, $2, $3, 'in_progress')
       ON CONFLICT (principal, key) DO NOTHING RETURNING key`,
      [principal, key, requestHash],
    );
    if (inserted.length > 0) return null;
    const rows: StoredRecord[] = await this.dataSource.query(
      `SELECT request_hash, state, response_status, response_body FROM gateway.idempotency_record WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    return rows[0] ?? (await this.claim(principal, key, requestHash));
  }

  private async complete(principal: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE gateway.idempotency_record SET state = 'completed', response_status = $3, response_body = $4, completed_at = now() WHERE principal = $1 AND key = $2`,
      [principal, key, status, JSON.stringify(body ?? null)],
    );
  }

  private async release(principal: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM gateway.idempotency_record WHERE principal = $1 AND key = $2 AND state = 'in_progress'`, [principal, key]);
  }

  private async expireOld(): Promise<void> {
    await this.dataSource.query(`DELETE FROM gateway.idempotency_record WHERE created_at < now() - make_interval(hours => $1)`, [this.config.IDEMPOTENCY_TTL_HOURS]);
  }
}
