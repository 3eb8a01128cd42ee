import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
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
    const body = Buffer.from(parts[4] as string, 'base64');
    body[0] = (body[0] as number) ^ 1;
    expect(() => protector.decrypt([...parts.slice(0, 4), body.toString('base64')].join(':'))).toThrow();
    expect(() => new PersonalDataProtector(`${SECRET}-other`).decrypt(stored)).toThrow();
    expect(() => protector.decrypt('plain text')).toThrow('not a personal data ciphertext');
  });

  it('hashes for search: stable, case-insensitive, keyed', () => {
    expect(protector.searchHash('11010519491231002x')).toBe(protector.searchHash(' 11010519491231002X '));
    expect(protector.searchHash('11010519491231002X')).not.toBe(protector.searchHash('110105194912310029'));
    expect(new PersonalDataProtector(`${SECRET}-other`).searchHash('11010519491231002X')).not.toBe(protector.searchHash('11010519491231002X'));
  });

  it('refuses a short key, current or previous', () => {
    expect(() => new PersonalDataProtector('short')).toThrow(RangeError);
    expect(() => new PersonalDataProtector(SECRET, ['short'])).toThrow(RangeError);
  });

  describe('key rotation', () => {
    const OLD = 'an-old-personal-data-key-that-is-long-enough-0123';
    const OLDER = 'an-older-personal-data-key-that-is-long-enough-0123';
    const old = new PersonalDataProtector(OLD);
    const rotated = new PersonalDataProtector(SECRET, [OLD, OLDER]);
    /** A ciphertext as the service wrote it before key ids: `v1:iv:tag:body`. */
    const v1 = (secret: string, plain: string) => {
      const key = Buffer.from(hkdfSync('sha256', secret, 'yiti', 'personal-data/encryption', 32));
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
    };

    it('names the key in the ciphertext: v2, then 8 hex of SHA-256 over the derived key, never the secret', () => {
      const stored = protector.encrypt('13912345678');
      const [version, kid] = stored.split(':');
      expect(version).toBe('v2');
      expect(kid).toMatch(/^[0-9a-f]{8}$/);
      expect(kid).toBe(protector.currentKid);
      const derived = Buffer.from(hkdfSync('sha256', SECRET, 'yiti', 'personal-data/encryption', 32));
      expect(kid).toBe(createHash('sha256').update(derived).digest('hex').slice(0, 8));
      expect(kid).not.toBe(createHash('sha256').update(SECRET).digest('hex').slice(0, 8));
      expect(stored.split(':')).toHaveLength(5);
      expect(protector.isCurrent(stored)).toBe(true);
      expect(rotated.isCurrent(old.encrypt('13912345678'))).toBe(false);
      expect(new PersonalDataProtector(OLD).currentKid).not.toBe(protector.currentKid);
    });

    it('still reads v1 texts: under the current key, then the previous keys in order', () => {
      expect(protector.decrypt(v1(SECRET, '11010519491231002X'))).toBe('11010519491231002X');
      expect(rotated.decrypt(v1(SECRET, '11010519491231002X'))).toBe('11010519491231002X');
      expect(rotated.decrypt(v1(OLD, '13912345678'))).toBe('13912345678');
      expect(rotated.decrypt(v1(OLDER, '0512-53512345'))).toBe('0512-53512345');
      expect(() => protector.decrypt(v1(OLD, '13912345678'))).toThrow('does not decrypt under the current key or any previous key');
    });

    it('reads texts under a previous key by their key id, and always encrypts under the current key', () => {
      const underOld = old.encrypt('11010519491231002X');
      expect(rotated.decrypt(underOld)).toBe('11010519491231002X');
      expect(rotated.decrypt(new PersonalDataProtector(OLDER).encrypt('13912345678'))).toBe('13912345678');
      const fresh = rotated.encrypt('11010519491231002X');
      expect(fresh.split(':')[1]).toBe(protector.currentKid);
      expect(protector.decrypt(fresh)).toBe('11010519491231002X');
      expect(() => old.decrypt(fresh)).toThrow(`unknown key id ${protector.currentKid}`);
    });

    it('refuses a text under a key it does not have, naming the key id', () => {
      const stored = old.encrypt('11010519491231002X');
      const kid = old.currentKid;
      expect(() => protector.decrypt(stored)).toThrow(`personal data ciphertext under unknown key id ${kid}`);
      expect(() => protector.decrypt(stored.replace(`:${kid}:`, ':00000000:'))).toThrow('unknown key id 00000000');
    });

    it('hashes for search under the current key, and finds under every key', () => {
      const id = '11010519491231002X';
      expect(rotated.searchHash(id)).toBe(protector.searchHash(id));
      expect(rotated.searchHashes(id)).toEqual([protector.searchHash(id), old.searchHash(id), new PersonalDataProtector(OLDER).searchHash(id)]);
      expect(rotated.searchHashes(' 11010519491231002x ')).toEqual(rotated.searchHashes(id));
      expect(protector.searchHashes(id)).toEqual([protector.searchHash(id)]);
      // The same key given twice (or again as a previous key) is one key.
      expect(new PersonalDataProtector(SECRET, [SECRET, OLD, OLD]).searchHashes(id)).toHaveLength(2);
    });
  });

  it('masks ID numbers, credit codes and phones', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('91320585MA1XXXXX3Y')).toBe('913205********XX3Y');
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('0512-53512345')).toBe('051******2345');
    expect(maskPhone('12345')).toBe('*****');
  });
});
