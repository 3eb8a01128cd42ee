import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { weakKeyReason, weakPasswordReason } from './secrets';

export class ConfigError extends Error {
  constructor(readonly variables: string[], details: string[]) {
    super(`Invalid configuration: ${variables.join(', ')}\n  ${details.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Properties marked @Secret(), by the prototype of the class that declares them. */
const SECRET_PROPERTIES = new WeakMap<object, string[]>();

/**
 * A key the service's security rests on (token signing, encryption): with NODE_ENV=production the
 * service refuses to start when it is a value published in this repository or guessable.
 */
export function Secret(): PropertyDecorator {
  return (prototype, property) => SECRET_PROPERTIES.set(prototype, [...(SECRET_PROPERTIES.get(prototype) ?? []), String(property)]);
}

function secretProperties(config: object): string[] {
  const names: string[] = [];
  for (let proto = Object.getPrototypeOf(config) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) names.push(...(SECRET_PROPERTIES.get(proto) ?? []));
  return names;
}

function databasePassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** What production refuses: weak @Secret() keys and a published or weak database password. Values are never named. */
function productionProblems(config: Record<string, unknown>): [variable: string, reason: string][] {
  const problems: [string, string][] = [];
  for (const name of secretProperties(config)) {
    const value = config[name];
    const reason = typeof value === 'string' ? weakKeyReason(value) : null;
    if (reason) problems.push([name, `${name} ${reason} (WEAK_SECRET)`]);
  }
  const password = typeof config.DATABASE_URL === 'string' ? databasePassword(config.DATABASE_URL) : '';
  const reason = weakPasswordReason(password);
  if (reason) problems.push(['DATABASE_URL', `DATABASE_URL's password ${reason} (WEAK_SECRET)`]);
  return problems;
}

const toBool = ({ value }: { value: unknown }) => (typeof value === 'string' ? ['1', 'true', 'yes'].includes(value.toLowerCase()) : value);

/** Variables every service reads. Service configs extend this class. */
export class BaseServiceConfig {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/yiti';

  @Matches(/^(nats|tls):\/\/.+(,(nats|tls):\/\/.+)*$/, { message: 'NATS_URL must be one or more nats:// URLs, comma separated' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /**
   * The database owner, for migrations only (`migrate`, MIGRATE_ON_START). When set and its user
   * differs from DATABASE_URL's, `migrate` also makes DATABASE_URL's user the service's own role:
   * read and write its schema's tables, append-only on the audit tables, no DDL, nothing else.
   */
  @ValidateIf((c: BaseServiceConfig) => c.DATABASE_OWNER_URL !== '')
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_OWNER_URL must be empty or a postgres:// URL' })
  DATABASE_OWNER_URL = '';

  /** Key of the audit chain's seals (HMAC-SM3); the database never holds it. Change it by rotation (SECURITY.md). */
  @Secret()
  @IsString()
  @MinLength(32, { message: 'AUDIT_MAC_KEY must be at least 32 characters' })
  AUDIT_MAC_KEY = '';

  /** Earlier audit MAC keys, comma-separated: seals made under them still verify. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((key) => key.trim()).filter((key) => key !== '') : value))
  @IsString({ each: true })
  @MinLength(32, { each: true, message: 'AUDIT_MAC_PREVIOUS_KEYS must be comma-separated keys of at least 32 characters each' })
  AUDIT_MAC_PREVIOUS_KEYS: string[] = [];

  /** How often every county's chain head is published to the anchor stream (YITI_AUDIT_ANCHORS). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(24 * 3600 * 1000)
  AUDIT_ANCHOR_INTERVAL_MS = 5 * 60 * 1000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 0;

  @IsString()
  HTTP_HOST = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Prefix for request–reply subjects (e.g. `c320585.`), for deployments sharing one NATS. */
  @Matches(/^([A-Za-z0-9_-]+\.)?$/, { message: 'NATS_SUBJECT_PREFIX must be empty or a token ending with a dot, like c320585.' })
  NATS_SUBJECT_PREFIX = '';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120000)
  RPC_TIMEOUT_MS = 10000;

  @IsOptional()
  @Transform(toBool)
  MIGRATE_ON_START = false;

  /** Where a newly created durable event consumer starts: 'all' catches up on the stream's history. */
  @IsIn(['all', 'new'])
  EVENT_CONSUMER_START: 'all' | 'new' = 'all';

  /**
   * Copies of the event stream JetStream keeps when a service creates it (a stream that exists is
   * left as it is): 1 on one NATS server, 3 on a three-node JetStream cluster (deploy/k8s).
   */
  @Type(() => Number)
  @IsInt()
  @IsIn([1, 3, 5], { message: 'EVENT_STREAM_REPLICAS must be 1, 3 or 5' })
  EVENT_STREAM_REPLICAS = 1;

  /**
   * OpenTelemetry: where traces are sent (an OTLP/HTTP collector, e.g. http://otel-collector:4318).
   * Empty: no tracing at all (nothing is loaded, nothing is recorded).
   */
  @IsString()
  OTEL_EXPORTER_OTLP_ENDPOINT = '';
}

/**
 * Builds a config object from the environment, validated by the class's decorators; with
 * NODE_ENV=production also refuses weak secrets. Fails with every bad variable's name at once.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? defaults[key] : value;
  }
  const config = plainToInstance(cls, raw, { enableImplicitConversion: false });
  const errors = validateSync(config as object, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => e.property),
      errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  const weak = env.NODE_ENV === 'production' ? productionProblems(config as Record<string, unknown>) : [];
  if (weak.length > 0) {
    throw new ConfigError(
      weak.map(([variable]) => variable),
      weak.map(([, reason]) => reason),
    );
  }
  return config;
}
