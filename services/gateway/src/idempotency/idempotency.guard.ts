import { HttpStatus, Inject, Injectable, Logger, type CanActivate, type ExecutionContext, type OnModuleDestroy } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainException, ResponseCipher, SERVICE_CONFIG, canonicalJson, currentContext } from '@yiti/platform';
import type { GatewayConfig } from '../config';
import type { AuthenticatedRequest } from '../auth/principal';
import { PROBLEM_CONTENT_TYPE, problemHeaders, unexpectedErrorProblem } from '../http/problem.filter';
import { IdempotentReplay } from './replay';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

interface StoredRecord {
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
  /** Seconds until an in-progress claim's lease ends (≤ 0: ended). */
  lease_left: number;
}

/** A key this request owns: its response is recorded (success) or the key released (failure) as it is sent. */
interface Claim {
  principal: string;
  key: string;
  token: string;
}

const kClaim = Symbol('yiti.idempotencyClaim');
type ClaimingRequest = { [kClaim]?: Claim };

/**
 * `Idempotency-Key` on POST: the first request runs and its response is stored; the same key with
 * the same body replays that response; with another body it is 422. A request that fails leaves no
 * record, so the caller can retry it.
 *
 * A claim is a lease (IDEMPOTENCY_LEASE_SECONDS): while it runs, a retry is 409 with Retry-After.
 * A claim nobody resolved (its gateway died, or lost PostgreSQL before it could record or release
 * it) is taken over by the first retry after the lease; the request goes to the service again, which
 * holds the key with its effect: it answers the committed result when the first attempt committed,
 * and runs the request when it did not. A late answer of the first attempt no longer owns the key.
 *
 * A guard (after authentication, before validation) claims the key; the gateway's onSend hook
 * records the response or releases the key before the answer leaves. Not an interceptor: with
 * none, Nest runs a route without its rxjs chain, and a request without a key costs two checks.
 */
@Injectable()
export class IdempotencyGuard implements CanActivate, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private readonly cleanup: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
    private readonly cipher: ResponseCipher,
  ) {
    this.cleanup = setInterval(() => void this.expireOld().catch(() => undefined), 60 * 60 * 1000);
    this.cleanup.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanup);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & ClaimingRequest & { method: string; headers: Record<string, string | undefined>; originalUrl: string; body: unknown; ip?: string }>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return true;
    if (!KEY_PATTERN.test(key)) {
      throw new DomainException('VALIDATION_FAILED', 'Idempotency-Key 须为8-128位字母数字或 _ . : - Idempotency-Key must be 8-128 of [A-Za-z0-9_.:-]', [{ field: 'Idempotency-Key', messages: ['8-128 characters of A-Z a-z 0-9 _ . : -'] }]);
    }
    const principal = request.principal ? `user:${request.principal.actor.userId}` : `anon:${request.ip ?? 'unknown'}`;
    const requestHash = createHash('sha256').update(`${request.method} ${request.originalUrl}\n${canonicalJson(request.body ?? null)}`).digest('hex');
    // The services record the key with their effect too, so a retry after a gateway timeout is safe.
    const requestContext = currentContext();
    if (requestContext) requestContext.idempotencyKey = key;

    const claim: Claim = { principal, key, token: randomUUID() };
    const existing = await this.claim(claim, requestHash);
    if (existing) {
      if (existing.request_hash !== requestHash) {
        throw new DomainException('IDEMPOTENCY_KEY_REUSED', `幂等键 ${key} 已用于不同的请求 Key ${key} was used for a different request`);
      }
      if (existing.state === 'in_progress') {
        // Until the claim is resolved or its lease ends, when a retry may take it over.
        const retryAfter = Math.max(1, Math.ceil(existing.lease_left));
        context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>().header('Retry-After', String(retryAfter));
        throw new DomainException('IDEMPOTENCY_IN_PROGRESS', `相同幂等键的请求正在处理,请 ${retryAfter} 秒后重试 A request with this key is in progress; retry in ${retryAfter} s`);
      }
      const status = existing.response_status ?? Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
      throw new IdempotentReplay(status, this.cipher.open(existing.response_body, `${principal}\n${key}`));
    }
    request[kClaim] = claim;
    return true;
  }

  /**
   * onSend: a claimed key gets the response when it succeeded (2xx/3xx) or is released when it did
   * not, before the answer is sent. If recording fails the key is released and the answer is a 500.
   */
  useOnSendHook(app: NestFastifyApplication): void {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onSend', async (request, reply, payload) => {
        const claim = (request as unknown as ClaimingRequest)[kClaim];
        if (!claim) return payload;
        (request as unknown as ClaimingRequest)[kClaim] = undefined;
        if (reply.statusCode >= 400) {
          await this.release(claim).catch((err: unknown) => this.logger.error({ err }, 'releasing an idempotency key failed'));
          return payload;
        }
        try {
          await this.complete(claim, reply.statusCode, typeof payload === 'string' && payload !== '' ? payload : 'null');
          return payload;
        } catch (err) {
          await this.release(claim).catch(() => undefined);
          const problem = { ...unexpectedErrorProblem(err, request.originalUrl ?? request.url, this.logger), requestId: request.id };
          void reply.code(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).headers(problemHeaders(problem));
          return JSON.stringify(problem);
        }
      });
  }

  /**
   * Returns the existing record, or null when this request now owns the key: a new one, or one whose
   * claim's lease ended unresolved (taken over, for the same request only).
   */
  private async claim({ principal, key, token }: Claim, requestHash: string): Promise<StoredRecord | null> {
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO gateway.idempotency_record AS r (principal, key, request_hash, state, claim_token, lease_until)
       VALUES ($1, $2, $3, 'in_progress', $4, now() + make_interval(secs => $5))
       ON CONFLICT (principal, key) DO UPDATE SET claim_token = EXCLUDED.claim_token, lease_until = EXCLUDED.lease_until
         WHERE r.state = 'in_progress' AND r.lease_until <= now() AND r.request_hash = EXCLUDED.request_hash
       RETURNING key`,
      [principal, key, requestHash, token, this.config.IDEMPOTENCY_LEASE_SECONDS],
    );
    if (claimed.length > 0) return null;
    const rows: StoredRecord[] = await this.dataSource.query(
      `SELECT request_hash, state, response_status, response_body, extract(epoch FROM lease_until - now())::float8 AS lease_left
       FROM gateway.idempotency_record WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    return rows[0] ?? (await this.claim({ principal, key, token }, requestHash));
  }

  /** `body` is the response as sent: JSON text. Kept encrypted (it may carry personal data), and only while this request still owns the claim. */
  private async complete({ principal, key, token }: Claim, status: number, body: string): Promise<void> {
    const sealed = this.cipher.seal(JSON.parse(body) as unknown, `${principal}\n${key}`);
    await this.dataSource.query(
      `UPDATE gateway.idempotency_record SET state = 'completed', response_status = $4, response_body = $5, completed_at = now()
       WHERE principal = $1 AND key = $2 AND state = 'in_progress' AND claim_token = $3`,
      [principal, key, token, status, JSON.stringify(sealed)],
    );
  }

  private async release({ principal, key, token }: Claim): Promise<void> {
    await this.dataSource.query(`DELETE FROM gateway.idempotency_record WHERE principal = $1 AND key = $2 AND state = 'in_progress' AND claim_token = $3`, [principal, key, token]);
  }

  private async expireOld(): Promise<void> {
    await this.dataSource.query(`DELETE FROM gateway.idempotency_record WHERE created_at < now() - make_interval(hours => $1)`, [this.config.IDEMPOTENCY_TTL_HOURS]);
  }
}
