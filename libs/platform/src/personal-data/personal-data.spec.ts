import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { PersonalDataProtector, maskIdNumber, maskPhone } from './personal-data';
import { PERSONAL_DATA_SUITES, type PersonalDataSuiteName } from './personal-data-suites';

const SECRET = 'a-personal-data-key-that-is-long-enough-0123';
const OLD = 'an-old-personal-data-key-that-is-long-enough-0123';
const OLDER = 'an-older-personal-data-key-that-is-long-enough-0123';

/** Flips one bit of the base64 part at `index` of a stored text. */
function flipBit(stored: string, index: number): string {
  const parts = stored.split(':');
  const bytes = Buffer.from(parts[index] as string, 'base64');
  bytes[0] = (bytes[0] as number) ^ 1;
  parts[index] = bytes.toString('base64');
  return parts.join(':');
}

describe('personal data protection', () => {
  it('defaults to the national suite (sm4-sm3): v3, the suite, then the key id', () => {
    const stored = new PersonalDataProtector(SECRET).encrypt('13912345678');
    expect(stored.split(':').slice(0, 3)).toEqual(['v3', 'sm4-sm3', new PersonalDataProtector(SECRET).currentKid]);
    expect(stored.split(':')).toHaveLength(6);
  });

  it('refuses an unknown suite, a short key, current or previous', () => {
    expect(() => new PersonalDataProtector(SECRET, [], { suite: 'des' as PersonalDataSuiteName })).toThrow('unknown personal data suite des');
    expect(() => new PersonalDataProtector('short')).toThrow(RangeError);
    expect(() => new PersonalDataProtector(SECRET, ['short'])).toThrow(RangeError);
  });

  describe.each(PERSONAL_DATA_SUITES)('under %s', (suite) => {
    const protector = new PersonalDataProtector(SECRET, [], { suite });
    const tagIndex = suite === 'aes-256-gcm' ? 3 : 4;

    it('encrypts so the stored text does not contain the value, and decrypts it back', () => {
      for (const value of ['11010519491231002X', '13912345678', '', '王小明 · 太仓市浏河镇']) {
        const stored = protector.encrypt(value);
        if (value !== '') expect(stored).not.toContain(value);
        expect(stored).not.toContain('19491231');
        expect(protector.decrypt(stored)).toBe(value);
        expect(protector.isCurrent(stored)).toBe(true);
      }
    });

    it('encrypts the same value differently each time (random IV)', () => {
      expect(protector.encrypt('13912345678')).not.toBe(protector.encrypt('13912345678'));
    });

    it('refuses a text altered in its IV, tag or body, one moved to another suite, and one made under another key', () => {
      const stored = protector.encrypt('11010519491231002X');
      const parts = stored.split(':');
      for (const index of [tagIndex - 1, tagIndex, tagIndex + 1]) expect(() => protector.decrypt(flipBit(stored, index))).toThrow();
      // A truncated tag is refused too, not compared on its prefix.
      expect(() => protector.decrypt([...parts.slice(0, tagIndex), Buffer.from(parts[tagIndex] as string, 'base64').subarray(0, 4).toString('base64'), ...parts.slice(tagIndex + 1)].join(':'))).toThrow();
      expect(() => new PersonalDataProtector(`${SECRET}-other`).decrypt(stored)).toThrow('unknown key id');
      expect(() => protector.decrypt('plain text')).toThrow('not a personal data ciphertext');
    });

    it('hashes for search: stable, case-insensitive, keyed', () => {
      expect(protector.searchHash('11010519491231002x')).toBe(protector.searchHash(' 11010519491231002X '));
      expect(protector.searchHash('11010519491231002X')).not.toBe(protector.searchHash('110105194912310029'));
      expect(new PersonalDataProtector(`${SECRET}-other`, [], { suite }).searchHash('11010519491231002X')).not.toBe(protector.searchHash('11010519491231002X'));
    });
  });

  describe('across suites', () => {
    const sm = new PersonalDataProtector(SECRET, [], { suite: 'sm4-sm3' });
    const aes = new PersonalDataProtector(SECRET, [], { suite: 'aes-256-gcm' });

    it('names the key the same under both suites, so one key id means one operator secret', () => {
      expect(sm.currentKid).toBe(aes.currentKid);
      expect(aes.currentPrefix).toBe(`v2:${aes.currentKid}:`);
      expect(sm.currentPrefix).toBe(`v3:sm4-sm3:${sm.currentKid}:`);
    });

    it('reads what the other suite wrote, and calls it due for rotation', () => {
      const underAes = aes.encrypt('11010519491231002X');
      const underSm = sm.encrypt('13912345678');
      expect(sm.decrypt(underAes)).toBe('11010519491231002X');
      expect(aes.decrypt(underSm)).toBe('13912345678');
      expect(sm.isCurrent(underAes)).toBe(false);
      expect(aes.isCurrent(underSm)).toBe(false);
    });

    it('authenticates the suite and key id named in a v3 text: renaming them is refused', () => {
      const underSm = sm.encrypt('11010519491231002X');
      const renamed = underSm.replace('v3:sm4-sm3:', 'v3:aes-256-gcm:');
      expect(() => sm.decrypt(renamed)).toThrow();
      expect(() => sm.decrypt(underSm.replace('v3:sm4-sm3:', 'v3:des:'))).toThrow('unknown suite des');
      const both = new PersonalDataProtector(SECRET, [OLD]);
      const oldKid = new PersonalDataProtector(OLD).currentKid;
      expect(() => both.decrypt(underSm.replace(`:${sm.currentKid}:`, `:${oldKid}:`))).toThrow('does not authenticate');
    });

    it('hashes differently per suite, and searches under both (configured suite first)', () => {
      const id = '11010519491231002X';
      expect(sm.searchHash(id)).not.toBe(aes.searchHash(id));
      expect(sm.searchHashes(id)).toEqual([sm.searchHash(id), aes.searchHash(id)]);
      expect(aes.searchHashes(id)).toEqual([aes.searchHash(id), sm.searchHash(id)]);
    });
  });

  describe('texts written before suites (AES-256-GCM v1 and v2), byte for byte as before', () => {
    const aesKey = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'yiti', 'personal-data/encryption', 32));
    const aesSeal = (secret: string, plain: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', aesKey(secret), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')];
    };
    const v1 = (secret: string, plain: string) => ['v1', ...aesSeal(secret, plain)].join(':');
    const v2 = (secret: string, plain: string) => ['v2', createHash('sha256').update(aesKey(secret)).digest('hex').slice(0, 8), ...aesSeal(secret, plain)].join(':');
    const protector = new PersonalDataProtector(SECRET);
    const rotated = new PersonalDataProtector(SECRET, [OLD, OLDER]);

    it('keeps the key id: 8 hex of SHA-256 over the derived AES key, never over the secret', () => {
      const derived = aesKey(SECRET);
      expect(protector.currentKid).toBe(createHash('sha256').update(derived).digest('hex').slice(0, 8));
      expect(protector.currentKid).not.toBe(createHash('sha256').update(SECRET).digest('hex').slice(0, 8));
      expect(new PersonalDataProtector(OLD).currentKid).not.toBe(protector.currentKid);
    });

    it('reads v2 texts by their key id, and v1 texts under the current key, then the previous keys in order', () => {
      expect(protector.decrypt(v2(SECRET, '11010519491231002X'))).toBe('11010519491231002X');
      expect(rotated.decrypt(v2(OLDER, '13912345678'))).toBe('13912345678');
      expect(protector.decrypt(v1(SECRET, '11010519491231002X'))).toBe('11010519491231002X');
      expect(rotated.decrypt(v1(OLD, '13912345678'))).toBe('13912345678');
      expect(rotated.decrypt(v1(OLDER, '0512-53512345'))).toBe('0512-53512345');
      expect(() => protector.decrypt(v1(OLD, '13912345678'))).toThrow('does not decrypt under the current key or any previous key');
    });

    it('writes exactly the v2 form under aes-256-gcm, so an instance of the earlier release reads it', () => {
      const stored = new PersonalDataProtector(SECRET, [], { suite: 'aes-256-gcm' }).encrypt('13912345678');
      const [version, kid, iv] = stored.split(':');
      expect([version, kid]).toEqual(['v2', protector.currentKid]);
      expect(Buffer.from(iv as string, 'base64')).toHaveLength(12);
      expect(stored.split(':')).toHaveLength(5);
    });
  });

  describe('key rotation', () => {
    const old = new PersonalDataProtector(OLD);
    const rotated = new PersonalDataProtector(SECRET, [OLD, OLDER]);

    it('reads texts under a previous key by their key id, and always encrypts under the current key', () => {
      expect(rotated.decrypt(old.encrypt('11010519491231002X'))).toBe('11010519491231002X');
      expect(rotated.decrypt(new PersonalDataProtector(OLDER, [], { suite: 'aes-256-gcm' }).encrypt('13912345678'))).toBe('13912345678');
      const fresh = rotated.encrypt('11010519491231002X');
      expect(fresh.split(':')[2]).toBe(rotated.currentKid);
      expect(new PersonalDataProtector(SECRET).decrypt(fresh)).toBe('11010519491231002X');
      expect(() => old.decrypt(fresh)).toThrow(`unknown key id ${rotated.currentKid}`);
      expect(rotated.isCurrent(old.encrypt('13912345678'))).toBe(false);
    });

    it('hashes for search under the current key, and finds under every key and suite', () => {
      const id = '11010519491231002X';
      const hashes = (secret: string) => [new PersonalDataProtector(secret).searchHash(id), new PersonalDataProtector(secret, [], { suite: 'aes-256-gcm' }).searchHash(id)];
      expect(rotated.searchHash(id)).toBe(new PersonalDataProtector(SECRET).searchHash(id));
      expect(rotated.searchHashes(id)).toEqual([...hashes(SECRET), ...hashes(OLD), ...hashes(OLDER)]);
      expect(rotated.searchHashes(' 11010519491231002x ')).toEqual(rotated.searchHashes(id));
      // The same key given twice (or again as a previous key) is one key.
      expect(new PersonalDataProtector(SECRET, [SECRET, OLD, OLD]).searchHashes(id)).toHaveLength(4);
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
