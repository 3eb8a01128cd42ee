import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const CIPHER_VERSION = 'v1';

/**
 * Personal data at rest (DESIGN §3): values are stored AES-256-GCM encrypted, searched by a keyed
 * hash (HMAC-SHA256, so a leaked table cannot be matched against the 10^9-odd possible ID numbers
 * without the key) and shown masked. Both keys derive from one operator secret.
 */
export class PersonalDataProtector {
  private readonly encryptionKey: Buffer;
  private readonly hashKey: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new RangeError('the personal data key must be at least 32 characters');
    this.encryptionKey = Buffer.from(hkdfSync('sha256', secret, 'yiti', 'personal-data/encryption', 32));
    this.hashKey = Buffer.from(hkdfSync('sha256', secret, 'yiti', 'personal-data/search-hash', 32));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [CIPHER_VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, body] = stored.split(':');
    if (version !== CIPHER_VERSION || !iv || !tag || body === undefined) throw new Error('not a personal data ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** The search key of an identifier: case and surrounding spaces do not matter. */
  searchHash(identifier: string): string {
    return createHmac('sha256', this.hashKey).update(identifier.trim().toUpperCase()).digest('hex');
  }
}

/** 110105********002X: the region and the last four stay, the birth date goes. */
export function maskIdNumber(value: string): string {
  if (value.length <= 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** 139****5678; a landline keeps its area code and last four. */
export function maskPhone(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}
