import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig, Secret, withAttachmentStore } from '@yiti/platform';
import { SNIFFED_TYPES } from './attachments/content-sniffing';

export class GatewayConfig extends withAttachmentStore(BaseServiceConfig) {
  override HTTP_PORT = 3000;

  /** The identity service's HMAC key, to verify access tokens. */
  @Secret()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET = '';

  /**
   * Earlier JWT_SECRETs, comma-separated, still accepted during a rotation's overlap (access tokens
   * identity signed before it got the new key); drop them after ACCESS_TOKEN_TTL_SECONDS.
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((key) => key.trim()).filter((key) => key !== '') : value))
  @IsString({ each: true })
  @MinLength(32, { each: true, message: 'JWT_PREVIOUS_SECRETS must be comma-separated keys of at least 32 characters each' })
  JWT_PREVIOUS_SECRETS: string[] = [];

  /** Requests per minute and route per user (signed in) or per client address (not signed in), across all gateway replicas. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 1200;

  /** Login and refresh attempts per minute per client address. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_RATE_LIMIT_PER_MINUTE = 30;

  /** Login attempts per minute per username, from any address (guessing one account's password from many). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  LOGIN_USERNAME_RATE_LIMIT_PER_MINUTE = 10;

  /** How often each gateway replica shares its rate limit counts with the others (through PostgreSQL). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60_000)
  RATE_LIMIT_SYNC_MS = 1000;

  @Matches(/^\d+(kb|mb)$/, { message: 'BODY_LIMIT must look like 512kb or 1mb' })
  BODY_LIMIT = '1mb';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  IDEMPOTENCY_TTL_HOURS = 24;

  /**
   * How long an Idempotency-Key claim holds while its request runs. A claim its gateway never
   * resolved (it died, or lost PostgreSQL) is taken over by a retry after this; the service that
   * holds the key with its effect then answers the committed result, or runs the request if
   * nothing committed. Longer than RPC_TIMEOUT_MS, so that a live request is not taken over.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(600)
  IDEMPOTENCY_LEASE_SECONDS = 15;

  /** Must match identity's, so revocations are remembered as long as a token can live. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /**
   * A second port for /metrics and /health/* (Prometheus, probes, Docker's healthcheck); with it
   * set, HTTP_PORT answers those paths 404 and this port answers nothing else, so that publishing
   * HTTP_PORT to the LAN does not publish them (docker-compose.yml binds this one to 127.0.0.1).
   * 0: they are served on HTTP_PORT (Kubernetes: the Ingress publishes /api/v1 and /docs only).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT = 0;

  /**
   * Proxies whose X-Forwarded-For is believed: 'loopback' behind nothing, a comma-separated list of
   * addresses, subnets or the names loopback, linklocal, uniquelocal behind a reverse proxy
   * (Fastify's trustProxy, the syntax of Express's trust proxy; a string is never a hop count).
   */
  @IsString()
  TRUST_PROXY = 'loopback';

  /**
   * The web console's built files (index.html and assets/), served at `/`. Empty: the built console
   * beside the code (dist/console of the repository, or of the image). Where it holds no index.html,
   * `/` leads to the API documentation instead.
   */
  @IsString()
  CONSOLE_DIR = '';

  /** Largest accepted upload, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

  /** Largest CSV import file (基础信息导入), in bytes: streamed into the attachment store, never held in memory. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024 * 1024)
  CSV_IMPORT_MAX_BYTES = 512 * 1024 * 1024;

  /** Accepted content types, comma-separated; the type is read from the file's first bytes, never taken from the client. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((t) => t.trim()).filter((t) => t !== '') : value))
  @IsIn(SNIFFED_TYPES, { each: true, message: `ATTACHMENT_TYPES must be comma-separated types among ${SNIFFED_TYPES.join(', ')}` })
  ATTACHMENT_TYPES: string[] = ['image/jpeg', 'image/png', 'application/pdf'];

  /** An upload no record references within this many hours may be deleted by the sweep. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  ATTACHMENT_UNREFERENCED_HOURS = 24;

  /** How often the sweep of unreferenced uploads runs. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(24 * 3600 * 1000)
  ATTACHMENT_SWEEP_MS = 15 * 60 * 1000;
}
