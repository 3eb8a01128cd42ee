import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditMacKeys, DEMO_SECRETS } from '@yiti/platform';

/** Settings every integration spec shares: the machine's real PostgreSQL and NATS. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/yiti_test';
export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
/** Published keys (production refuses them). */
export const TEST_JWT_SECRET = DEMO_SECRETS.testJwtSecret;
export const TEST_PERSONAL_DATA_KEY = DEMO_SECRETS.testPersonalDataKey;
export const TEST_AUDIT_MAC_KEY = DEMO_SECRETS.testAuditMacKey;
/** The audit MAC keys the services of a test run seal with. */
export const TEST_AUDIT_KEYS = new AuditMacKeys(TEST_AUDIT_MAC_KEY);
/** Cheap password hashing keeps login-heavy specs fast; production uses the default cost. */
export const TEST_PASSWORD_HASH_COST = 10;

/** One per test process: its gateway only ever reaches its own services, whatever else shares the NATS. */
export const TEST_SUBJECT_PREFIX = `t${process.pid}${Math.random().toString(36).slice(2, 8)}.`;

/** The database role a service of a test run connects as (each its own, as deployed; the owner migrates): yiti_<schema>. */
export const serviceRole = (schema: string) => `yiti_${schema}`;
export const SERVICE_ROLES = { identity: serviceRole('identity'), approvalWindow: serviceRole('approval_window'), gateway: serviceRole('gateway') } as const;

/** TEST_DATABASE_URL as another user (trust authentication on the test server: no password). */
export function databaseUrlAs(role: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.username = role;
  url.password = '';
  return url.toString();
}

/** The environment of a service running as its own role, migrated by the owner (TEST_DATABASE_URL). */
export function serviceTestEnv(role: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return testEnv({ DATABASE_URL: databaseUrlAs(role), DATABASE_OWNER_URL: TEST_DATABASE_URL, ...overrides });
}

export function testEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: TEST_DATABASE_URL,
    NATS_URL: TEST_NATS_URL,
    JWT_SECRET: TEST_JWT_SECRET,
    PERSONAL_DATA_KEY: TEST_PERSONAL_DATA_KEY,
    AUDIT_MAC_KEY: TEST_AUDIT_MAC_KEY,
    // Specs publish the anchors they need themselves (AuditAnchorPublisher.publish).
    AUDIT_ANCHOR_INTERVAL_MS: String(24 * 3600 * 1000),
    // Consumers made by a test run start at its own events, not the shared stream's history.
    EVENT_CONSUMER_START: 'new',
    PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NATS_SUBJECT_PREFIX: TEST_SUBJECT_PREFIX,
    // Uploads of every spec run in one scratch directory, never in the worktree.
    ATTACHMENT_DIR: join(tmpdir(), 'yiti-test-attachments'),
    RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    LOGIN_USERNAME_RATE_LIMIT_PER_MINUTE: '10000',
    ...overrides,
  };
}
