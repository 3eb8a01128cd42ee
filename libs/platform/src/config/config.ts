import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly variables: string[], details: string[]) {
    super(`Invalid configuration: ${variables.join(', ')}\n  ${details.join('\n  ')}`);
    this.name = 'ConfigError';
  }
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
}

/**
 * Builds a config object from the environment, validated by the class's decorators. Fails with
 * every bad variable's name at once.
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
  return config;
}
