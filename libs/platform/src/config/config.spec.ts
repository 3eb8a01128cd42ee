import { randomBytes } from 'node:crypto';
import { IsString, MinLength } from 'class-validator';
import { BaseServiceConfig, ConfigError, loadConfig, Secret } from './config';
import { DEMO_SECRETS } from './secrets';

class SampleConfig extends BaseServiceConfig {
  @Secret()
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

describe('loadConfig in production', () => {
  const strongKey = () => randomBytes(32).toString('base64url');
  const database = (password: string) => `postgres://yiti:${encodeURIComponent(password)}@db:5432/yiti`;
  const strong = () => ({ NODE_ENV: 'production', JWT_SECRET: strongKey(), AUDIT_MAC_KEY: strongKey(), DATABASE_URL: database(randomBytes(18).toString('hex')) });

  function refused(env: NodeJS.ProcessEnv): { variables: string[]; message: string } | null {
    try {
      loadConfig(SampleConfig, env);
      return null;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return { variables: error.variables, message: error.message };
    }
  }

  it('starts with random keys and a strong database password', () => {
    expect(refused(strong())).toBeNull();
  });

  it('refuses every key published in the repository and low-entropy keys, naming the variable but not the value', () => {
    for (const key of [...Object.values(DEMO_SECRETS).filter((value) => value.length >= 32), 'a'.repeat(32), 'ab'.repeat(20), 'CHANGE-ME-CHANGE-ME-CHANGE-ME-CHANGE-ME']) {
      const outcome = refused({ ...strong(), JWT_SECRET: key });
      expect({ key, variables: outcome?.variables }).toEqual({ key, variables: ['JWT_SECRET'] });
      expect(outcome?.message).toContain('WEAK_SECRET');
      expect(outcome?.message).not.toContain(key);
    }
  });

  it('refuses the placeholder and weak database passwords', () => {
    for (const password of ['yiti', 'postgres', 'change-me', 'CHANGE-ME', 'Passw0rd', 'aaaaaaaaaaaaaaaa']) {
      expect({ password, variables: refused({ ...strong(), DATABASE_URL: database(password) })?.variables }).toEqual({ password, variables: ['DATABASE_URL'] });
    }
    // No password in the URL: the server authenticates otherwise (certificates, a .pgpass file).
    expect(refused({ ...strong(), DATABASE_URL: 'postgres://yiti@db:5432/yiti' })).toBeNull();
  });

  it('accepts the demo and test keys outside production', () => {
    expect(refused({ JWT_SECRET: DEMO_SECRETS.testJwtSecret, AUDIT_MAC_KEY: DEMO_SECRETS.testAuditMacKey, DATABASE_URL: database('yiti') })).toBeNull();
    expect(refused({ NODE_ENV: 'development', JWT_SECRET: 'a'.repeat(32), AUDIT_MAC_KEY: 'b'.repeat(32) })).toBeNull();
  });
});
