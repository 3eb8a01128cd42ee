import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { DomainException } from '@yiti/platform';

const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, cost: number): Promise<Buffer> {
  const N = 2 ** cost;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r: 8, p: 1, maxmem: 256 * N * 8 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$<cost>$<salt>$<hash>`, base64url parts. */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, cost);
  return `scrypt$${cost}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, costText, saltText, hashText] = stored.split('$');
  if (scheme !== 'scrypt' || !costText || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(saltText, 'base64url'), Number(costText));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** At least 10 characters with a letter and a digit, and not the username. */
export function passwordPolicyProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('至少10个字符 at least 10 characters');
  if (!/[A-Za-z]/.test(password)) problems.push('须包含字母 must contain a letter');
  if (!/[0-9]/.test(password)) problems.push('须包含数字 must contain a digit');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('不能包含用户名 must not contain the username');
  return problems;
}

export function assertPasswordPolicy(password: string, username: string, field = 'password'): void {
  const problems = passwordPolicyProblems(password, username);
  if (problems.length > 0) {
    throw new DomainException('PASSWORD_POLICY_VIOLATION', problems.join('; '), [{ field, messages: problems }]);
  }
}
