/**
 * Secrets a production deployment must not run with: those published in this repository (demo,
 * test and example values: anyone can read them) and guessable ones. Demo and test code takes its
 * keys from DEMO_SECRETS, so every key published here is also refused.
 */
export const DEMO_SECRETS = {
  /** libs/testing: the specs' token key and personal data key. */
  testJwtSecret: 'test-secret-that-is-long-enough-0123456789',
  testPersonalDataKey: 'test-personal-data-key-long-enough-0123456789',
  testAuditMacKey: 'test-audit-mac-key-long-enough-0123456789',
  /** tools/start (`npm start`): the demo database's personal data key. */
  demoPersonalDataKey: 'yiti-demo-personal-data-key-not-for-production',
  demoAuditMacKey: 'yiti-demo-audit-mac-key-not-for-production',
  /** tools/bench: the bench database's personal data key. */
  benchPersonalDataKey: 'yiti-bench-personal-data-key-not-a-secret',
  benchAuditMacKey: 'yiti-bench-audit-mac-key-not-a-secret-either',
  /** deploy specs: what they give for the operator's secrets. */
  deployJwtSecret: 'a-test-secret-that-is-long-enough-0123456789',
  deployPersonalDataKey: 'a-test-personal-data-key-long-enough-0123456789',
  deployAuditMacKey: 'a-test-audit-mac-key-long-enough-0123456789',
  /** deploy/.env.example and the Kubernetes example's placeholders. */
  exampleDatabasePassword: 'change-me',
} as const;

/** Database passwords of examples, images and habit. */
const PLACEHOLDER_PASSWORDS = ['yiti', 'postgres', 'password', 'passw0rd', 'secret', 'changeme', 'change-me', 'admin', 'root', '123456', '12345678', 'test'];

const PUBLISHED = new Set<string>([...Object.values(DEMO_SECRETS), ...PLACEHOLDER_PASSWORDS].map((s) => s.toLowerCase()));

/** Shannon entropy of the characters, times the length: what a guesser faces at best, in bits. */
export function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const c of secret) counts.set(c, (counts.get(c) ?? 0) + 1);
  const length = [...secret].length;
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / length) * Math.log2(n / length);
  return perChar * length;
}

/** Bits below which a key is refused: 32 random base64 characters carry about 190, 32 × `a` none. */
export const MIN_KEY_BITS = 96;
/** A database password, typed by people: at least 12 characters and some variety. */
export const MIN_PASSWORD_LENGTH = 12;
export const MIN_PASSWORD_BITS = 36;

/** Why a key (JWT secret, personal data key…) must not be used in production, or null. */
export function weakKeyReason(secret: string): string | null {
  if (PUBLISHED.has(secret.toLowerCase()) || /change-?me/i.test(secret)) return 'is a published demo, test or example value';
  if (estimatedBits(secret) < MIN_KEY_BITS) return `is too predictable (under ${MIN_KEY_BITS} bits; use e.g. openssl rand -base64 48)`;
  return null;
}

/** Why a database password must not be used in production, or null (no password: the server decides, e.g. certificates). */
export function weakPasswordReason(password: string): string | null {
  if (password === '') return null;
  if (PUBLISHED.has(password.toLowerCase()) || /change-?me/i.test(password)) return 'is a published default or example password';
  if (password.length < MIN_PASSWORD_LENGTH || estimatedBits(password) < MIN_PASSWORD_BITS) return `is too weak (at least ${MIN_PASSWORD_LENGTH} varied characters)`;
  return null;
}
