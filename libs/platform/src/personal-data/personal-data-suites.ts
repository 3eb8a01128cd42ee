import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The cryptographic suites personal data at rest can be under:
 * - `sm4-sm3` (国密, the default for new deployments): SM4-CTR encryption, then an HMAC-SM3 tag over
 *   the header, IV and ciphertext (encrypt-then-MAC, separate derived keys; OpenSSL has no SM4-GCM),
 *   and HMAC-SM3 for the searchable keyed hash. Keys derive by HKDF-SM3.
 * - `aes-256-gcm`: AES-256-GCM encryption and HMAC-SHA256 for the search hash; keys by HKDF-SHA256.
 */
export const PERSONAL_DATA_SUITES = ['sm4-sm3', 'aes-256-gcm'] as const;
export type PersonalDataSuiteName = (typeof PERSONAL_DATA_SUITES)[number];
export const DEFAULT_PERSONAL_DATA_SUITE: PersonalDataSuiteName = 'sm4-sm3';

/** The sealed parts of one value, base64 in the stored text. */
export interface SealedValue {
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

/** One suite's keys, derived from one operator secret. */
export interface SuiteKeys {
  suite: PersonalDataSuite;
  encryptionKey: Buffer;
  /** Only for suites that MAC separately (sm4-sm3). */
  macKey: Buffer;
  hashKey: Buffer;
}

export interface PersonalDataSuite {
  name: PersonalDataSuiteName;
  derive(secret: string): SuiteKeys;
  /** `header` is authenticated with the value (the stored text's prefix: version, suite, key id). */
  seal(keys: SuiteKeys, plain: string, header: string): SealedValue;
  /** Throws when the value does not authenticate under these keys. */
  open(keys: SuiteKeys, sealed: SealedValue, header: string): string;
  searchHash(keys: SuiteKeys, normalised: string): string;
}

const SALT = 'yiti';

const IV_POOL_BYTES = 4096;
let ivPool = Buffer.alloc(0);
let ivPoolOffset = 0;

/**
 * Fresh random bytes for an IV, cut from a pool refilled from the CSPRNG 4 KB at a time: one call
 * into OpenSSL for every few hundred values instead of one per value (as randomUUID does). A refill
 * makes a new buffer, so an IV handed out is never overwritten.
 */
function randomIv(bytes: number): Buffer {
  if (ivPoolOffset + bytes > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivPoolOffset = 0;
  }
  ivPoolOffset += bytes;
  return ivPool.subarray(ivPoolOffset - bytes, ivPoolOffset);
}
const GCM_TAG_BYTES = 16;

const aes256Gcm: PersonalDataSuite = {
  name: 'aes-256-gcm',
  derive(secret) {
    return {
      suite: aes256Gcm,
      encryptionKey: Buffer.from(hkdfSync('sha256', secret, SALT, 'personal-data/encryption', 32)),
      macKey: Buffer.alloc(0),
      hashKey: Buffer.from(hkdfSync('sha256', secret, SALT, 'personal-data/search-hash', 32)),
    };
  },
  seal(keys, plain, header) {
    const iv = randomIv(12);
    const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv, { authTagLength: GCM_TAG_BYTES });
    if (header !== '') cipher.setAAD(Buffer.from(header, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), body };
  },
  open(keys, { iv, tag, body }, header) {
    // Without authTagLength, Node accepts a tag cut to 4 bytes: a forgery would need 2^32 tries, not 2^128.
    const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, iv, { authTagLength: GCM_TAG_BYTES });
    if (header !== '') decipher.setAAD(Buffer.from(header, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  },
  searchHash(keys, normalised) {
    return createHmac('sha256', keys.hashKey).update(normalised).digest('hex');
  },
};

const SM4_IV_BYTES = 16;

/** HMAC-SM3 over the header, the IV and the ciphertext (the IV is of fixed length, so the concatenation is unambiguous). */
function sm3Tag(keys: SuiteKeys, header: string, iv: Buffer, body: Buffer): Buffer {
  return createHmac('sm3', keys.macKey).update(header, 'utf8').update(iv).update(body).digest();
}

/** SM4 in counter mode: the IV is the first counter block. Exported for the known-answer test. */
export function sm4Ctr(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv('sm4-ctr', key, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

const sm4Sm3: PersonalDataSuite = {
  name: 'sm4-sm3',
  derive(secret) {
    return {
      suite: sm4Sm3,
      encryptionKey: Buffer.from(hkdfSync('sm3', secret, SALT, 'personal-data/sm4-encryption', 16)),
      macKey: Buffer.from(hkdfSync('sm3', secret, SALT, 'personal-data/sm3-mac', 32)),
      hashKey: Buffer.from(hkdfSync('sm3', secret, SALT, 'personal-data/sm3-search-hash', 32)),
    };
  },
  seal(keys, plain, header) {
    const iv = randomIv(SM4_IV_BYTES);
    const body = sm4Ctr(keys.encryptionKey, iv, Buffer.from(plain, 'utf8'));
    return { iv, tag: sm3Tag(keys, header, iv, body), body };
  },
  open(keys, { iv, tag, body }, header) {
    const expected = sm3Tag(keys, header, iv, body);
    // Constant time, and before decrypting: a forged or altered text is never deciphered.
    if (iv.length !== SM4_IV_BYTES || tag.length !== expected.length || !timingSafeEqual(tag, expected)) throw new Error('personal data ciphertext does not authenticate');
    return sm4Ctr(keys.encryptionKey, iv, body).toString('utf8');
  },
  searchHash(keys, normalised) {
    return createHmac('sm3', keys.hashKey).update(normalised).digest('hex');
  },
};

const SUITES: Record<PersonalDataSuiteName, PersonalDataSuite> = { 'sm4-sm3': sm4Sm3, 'aes-256-gcm': aes256Gcm };

export function personalDataSuite(name: string): PersonalDataSuite {
  const suite = SUITES[name as PersonalDataSuiteName];
  if (!suite) throw new RangeError(`unknown personal data suite ${name}: one of ${PERSONAL_DATA_SUITES.join(', ')}`);
  return suite;
}

/**
 * The id naming a secret in its ciphertexts, whatever the suite: 8 hex of SHA-256 over the
 * AES-256-GCM encryption key derived from it (so ids written before suites existed stay), never
 * over the secret itself.
 */
export function personalDataKeyId(secret: string): string {
  return createHash('sha256').update(aes256Gcm.derive(secret).encryptionKey).digest('hex').slice(0, 8);
}
