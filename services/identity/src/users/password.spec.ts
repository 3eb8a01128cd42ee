import { hashPassword, passwordPolicyProblems, verifyPassword } from './password';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one, with a fresh salt each time', async () => {
    const a = await hashPassword('Correct-horse-1', 10);
    const b = await hashPassword('Correct-horse-1', 10);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$10\$/);
    expect(await verifyPassword('Correct-horse-1', a)).toBe(true);
    expect(await verifyPassword('correct-horse-1', a)).toBe(false);
    expect(await verifyPassword('Correct-horse-1', 'md5$abc')).toBe(false);
  });

  it('asks for length, a letter, a digit, and no username inside', () => {
    expect(passwordPolicyProblems('Yiti@2026demo', 'liuhe.clerk')).toEqual([]);
    expect(passwordPolicyProblems('short1', 'x')).toHaveLength(1);
    expect(passwordPolicyProblems('onlyletterspassword', 'x')).toHaveLength(1);
    expect(passwordPolicyProblems('12345678901', 'x')).toHaveLength(1);
    expect(passwordPolicyProblems('liuhe.clerk2026', 'liuhe.clerk')).toHaveLength(1);
  });
});
