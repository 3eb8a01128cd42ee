/**
 * The password policy as the identity service applies it (services/identity/src/users/password.ts,
 * which checks again): at least 10 characters, a letter and a digit, not containing the username.
 * One sentence in Chinese for the form, or undefined when the password is acceptable.
 */
export function passwordProblem(password: string, username: string): string | undefined {
  const problems: string[] = [];
  if (password.length < 10) problems.push('至少10个字符');
  if (!/[A-Za-z]/.test(password)) problems.push('须包含字母');
  if (!/[0-9]/.test(password)) problems.push('须包含数字');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('不能包含用户名');
  return problems.length ? `新密码${problems.join('、')}` : undefined;
}
