import { ResponseCipher } from './response-cipher';

describe('ResponseCipher', () => {
  const secret = 's'.repeat(40);
  const response = { id: 'a1', applicant: { idNumber: '110101199003074514', phone: '13800138000' } };

  it('keeps no personal data in clear, and opens what it sealed for the same record only', () => {
    const cipher = new ResponseCipher(secret);
    const sealed = cipher.seal(response, 'user:u1\nkey-1');
    expect(sealed).not.toContain('110101199003074514');
    expect(sealed).not.toContain('13800138000');
    expect(cipher.open(sealed, 'user:u1\nkey-1')).toEqual(response);
    expect(() => cipher.open(sealed, 'user:u2\nkey-1')).toThrow();
  });

  it('opens responses sealed under an earlier secret, and passes through those stored before encryption', () => {
    const sealed = new ResponseCipher('old'.repeat(12)).seal(response, 'r');
    expect(new ResponseCipher(secret, ['old'.repeat(12)]).open(sealed, 'r')).toEqual(response);
    expect(() => new ResponseCipher(secret).open(sealed, 'r')).toThrow(/unknown key/);
    expect(new ResponseCipher(secret).open(response, 'r')).toEqual(response);
  });
});
