import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig, Secret } from '@yiti/platform';

export class IdentityConfig extends BaseServiceConfig {
  override HTTP_PORT = 3101;

  /** HMAC key shared with the gateway, which verifies the access tokens. */
  @Secret()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET = '';

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt()
  @Min(600)
  @Max(30 * 24 * 3600)
  REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

  @Type(() => Number)
  @IsInt()
  @Min(3)
  @Max(20)
  LOCKOUT_THRESHOLD = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOCKOUT_MINUTES = 15;

  /** scrypt cost (2^n). 15 ≈ 30–60 ms per hash on a server core. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(20)
  PASSWORD_HASH_COST = 15;
}
