import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { personalDataSuite, sm4Ctr } from './personal-data-suites';

/** Known answers from the standards, so the national suite is provably SM3 and SM4 and not something else. */
describe('national cryptographic suite primitives (known answers)', () => {
  const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');

  it('SM4 (GB/T 32907-2016 example 1): 0123456789abcdeffedcba9876543210 under itself → 681edf34d206965e86b3e94f536e4246', () => {
    const ecb = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([ecb.update(key), ecb.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('SM4-CTR as the suite uses it: the first keystream block is SM4 of the IV, the next of the IV + 1', () => {
    // Zero plaintext shows the keystream: block 1 = SM4(key, IV), the standard's answer when IV = the example's plaintext.
    const keystream = sm4Ctr(key, key, Buffer.alloc(32));
    expect(keystream.subarray(0, 16).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    const next = Buffer.from(key);
    next[15] = (next[15] as number) + 1;
    const ecb = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(keystream.subarray(16)).toEqual(Buffer.concat([ecb.update(next), ecb.final()]));
    // And it is its own inverse.
    const plain = Buffer.from('11010519491231002X');
    expect(sm4Ctr(key, key, sm4Ctr(key, key, plain))).toEqual(plain);
  });

  it('SM3 (GB/T 32905-2016 example 1): SM3("abc")', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('SM3 (GB/T 32905-2016 example 2): SM3 of "abcd" 16 times', () => {
    expect(createHash('sm3').update('abcd'.repeat(16)).digest('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('HMAC-SM3 is HMAC (RFC 2104) over SM3: H(K ⊕ opad ‖ H(K ⊕ ipad ‖ m)) with 64-byte blocks', () => {
    const macKey = Buffer.from('yiti-hmac-sm3-known-answer-key');
    const padded = Buffer.concat([macKey, Buffer.alloc(64 - macKey.length)]);
    const xor = (pad: number) => Buffer.from(padded.map((b) => b ^ pad));
    const inner = createHash('sm3').update(xor(0x36)).update('abc').digest();
    const outer = createHash('sm3').update(xor(0x5c)).update(inner).digest('hex');
    expect(createHmac('sm3', macKey).update('abc').digest('hex')).toBe(outer);
  });

  it('the sm4-sm3 suite derives 16-byte SM4 keys and 32-byte SM3 MAC and hash keys, all different', () => {
    const keys = personalDataSuite('sm4-sm3').derive('a-personal-data-key-that-is-long-enough-0123');
    expect(keys.encryptionKey).toHaveLength(16);
    expect(keys.macKey).toHaveLength(32);
    expect(keys.hashKey).toHaveLength(32);
    expect(keys.macKey.equals(keys.hashKey)).toBe(false);
    expect(personalDataSuite('sm4-sm3').searchHash(keys, 'X')).toHaveLength(64);
  });
});

describe('IVs of sealed values', () => {
  it.each(['sm4-sm3', 'aes-256-gcm'])('%s: each seal has an IV of its own, of the suite’s length, kept as it was after the pool refills', (name) => {
    const suite = personalDataSuite(name);
    const keys = suite.derive('a personal data key of at least 32 characters');
    // More values than one pool of 4 KB holds, so the pool refills while earlier IVs are still held.
    const sealed = Array.from({ length: 600 }, (_, i) => {
      const plain = `3205851990010${String(i).padStart(5, '0')}`;
      const value = suite.seal(keys, plain, 'v3:test:kid');
      return { plain, value, ivWhenSealed: value.iv.toString('hex') };
    });
    expect(new Set(sealed.map((s) => s.ivWhenSealed)).size).toBe(sealed.length);
    expect(new Set(sealed.map((s) => s.value.iv.length))).toEqual(new Set([name === 'sm4-sm3' ? 16 : 12]));
    for (const s of sealed) {
      expect(s.value.iv.toString('hex')).toBe(s.ivWhenSealed);
      expect(suite.open(keys, s.value, 'v3:test:kid')).toBe(s.plain);
    }
  });
});
