import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  const exp = 1_800_000_000;

  it('answers a remembered token until the second it expires, as jsonwebtoken does', () => {
    const tokens = new VerifiedTokens<{ exp?: number; sub: string }>();
    tokens.remember('t', { exp, sub: 'u' }, (exp - 10) * 1000);
    expect(tokens.get('t', (exp - 1) * 1000 + 999)).toEqual({ exp, sub: 'u' });
    expect(tokens.get('t', exp * 1000)).toBeUndefined();
    expect(tokens.get('t', (exp - 5) * 1000)).toBeUndefined();
  });

  it('never remembers a token without an expiry, nor an unknown one', () => {
    const tokens = new VerifiedTokens<{ exp?: number }>();
    tokens.remember('t', {}, 0);
    expect(tokens.get('t', 0)).toBeUndefined();
    expect(tokens.get('other', 0)).toBeUndefined();
  });
});
