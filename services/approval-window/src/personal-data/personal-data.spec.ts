import { PersonalDataProtector, maskIdNumber, maskPhone } from './personal-data';

const SECRET = 'a-personal-data-key-that-is-long-enough-0123';

describe('personal data protection', () => {
  const protector = new PersonalDataProtector(SECRET);

  it('encrypts so the stored text does not contain the value, and decrypts it back', () => {
    const stored = protector.encrypt('11010519491231002X');
    expect(stored).not.toContain('11010519491231002X');
    expect(stored).not.toContain('19491231');
    expect(protector.decrypt(stored)).toBe('11010519491231002X');
  });

  it('encrypts the same value differently each time (random IV)', () => {
    expect(protector.encrypt('13912345678')).not.toBe(protector.encrypt('13912345678'));
  });

  it('refuses a tampered ciphertext and one made under another key', () => {
    const stored = protector.encrypt('11010519491231002X');
    const parts = stored.split(':');
    const body = Buffer.from(parts[3] as string, 'base64');
    body[0] = (body[0] as number) ^ 1;
    expect(() => protector.decrypt([parts[0], parts[1], parts[2], body.toString('base64')].join(':'))).toThrow();
    expect(() => new PersonalDataProtector(`${SECRET}-other`).decrypt(stored)).toThrow();
    expect(() => protector.decrypt('plain text')).toThrow('not a personal data ciphertext');
  });

  it('hashes for search: stable, case-insensitive, keyed', () => {
    expect(protector.searchHash('11010519491231002x')).toBe(protector.searchHash(' 11010519491231002X '));
    expect(protector.searchHash('11010519491231002X')).not.toBe(protector.searchHash('110105194912310029'));
    expect(new PersonalDataProtector(`${SECRET}-other`).searchHash('11010519491231002X')).not.toBe(protector.searchHash('11010519491231002X'));
  });

  it('refuses a short key', () => {
    expect(() => new PersonalDataProtector('short')).toThrow(RangeError);
  });

  it('masks ID numbers, credit codes and phones', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('91320585MA1XXXXX3Y')).toBe('913205********XX3Y');
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('0512-53512345')).toBe('051******2345');
    expect(maskPhone('12345')).toBe('*****');
  });
});
