import { IsString, MinLength } from 'class-validator';
import { BaseServiceConfig, ConfigError, loadConfig } from './config';

class SampleConfig extends BaseServiceConfig {
  @IsString()
  @MinLength(32)
  JWT_SECRET = '';
}

describe('loadConfig', () => {
  it('takes defaults and converts numbers and booleans from the environment', () => {
    const config = loadConfig(SampleConfig, { JWT_SECRET: 'x'.repeat(32), AUDIT_MAC_KEY: 'k'.repeat(32), HTTP_PORT: '8080', MIGRATE_ON_START: 'true' });
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.MIGRATE_ON_START).toBe(true);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(SampleConfig, { JWT_SECRET: 'short', AUDIT_MAC_KEY: 'k'.repeat(32), HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables.sort()).toEqual(['DATABASE_URL', 'HTTP_PORT', 'JWT_SECRET']);
    expect((error as Error).message).toContain('JWT_SECRET');
  });
});
