import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** v1: `v1:iv:tag:body`, no key id (written before keys could rotate). v2: `v2:kid:iv:tag:body`. */
const LEGACY_VERSION = 'v1';
const CIPHER_VERSION = 'v2';

/** The keys one operator secret derives, and the short id that names them in a ciphertext. */
interface DerivedKeys {
  kid: string;
  encryptionKey: Buffer;
  hashKey: Buffer;
}

function derive(secret: string): DerivedKeys {
  if (secret.length < 32) throw new RangeError('the personal data key must be at least 32 characters');
  const encryptionKey = Buffer.from(hkdfSync('sha256', secret, 'yiti', 'personal-data/encryption', 32));
  const hashKey = Buffer.from(hkdfSync('sha256', secret, 'yiti', 'personal-data/search-hash', 32));
  // Names the key without revealing it: a hash of the derived key, never of the secret.
  const kid = createHash('sha256').update(encryptionKey).digest('hex').slice(0, 8);
  return { kid, encryptionKey, hashKey };
}

function open(keys: DerivedKeys, iv: string, tag: string, body: string): string {
  const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

/**
 * Personal data at rest (DESIGN §3): values are stored AES-256-GCM encrypted, searched by a keyed
 * hash (HMAC-SHA256, so a leaked table cannot be matched against the 10^9-odd possible ID numbers
 * without the key) and shown masked. Both keys derive from one operator secret.
 *
 * Rotation: the current secret encrypts and hashes; previous secrets still decrypt (a ciphertext
 * names its key by id) and still find (search looks up the hash under every key) until
 * `rotate-personal-data` has re-encrypted every row under the current one.
 */
export class PersonalDataProtector {
  private readonly current: DerivedKeys;
  /** Current first, then the previous keys in the order given. */
  private readonly keys: DerivedKeys[];
  private readonly byKid = new Map<string, DerivedKeys>();

  constructor(secret: string, previousSecrets: readonly string[] = []) {
    this.current = derive(secret);
    this.keys = [];
    for (const keys of [this.current, ...previousSecrets.map(derive)]) {
      const known = this.byKid.get(keys.kid);
      if (known && !known.encryptionKey.equals(keys.encryptionKey)) throw new RangeError(`two personal data keys share the key id ${keys.kid}: choose another key`);
      if (known) continue;
      this.byKid.set(keys.kid, keys);
      this.keys.push(keys);
    }
  }

  /** The id of the current key, as it appears in the ciphertexts it makes. */
  get currentKid(): string {
    return this.current.kid;
  }

  /** Whether a stored ciphertext is already under the current key. */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`${CIPHER_VERSION}:${this.current.kid}:`);
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [CIPHER_VERSION, this.current.kid, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  decrypt(stored: string): string {
    const parts = stored.split(':');
    if (parts[0] === CIPHER_VERSION && parts.length === 5) {
      const [, kid, iv, tag, body] = parts as [string, string, string, string, string];
      const keys = this.byKid.get(kid);
      if (!keys) throw new Error(`personal data ciphertext under unknown key id ${kid}: set that key as PERSONAL_DATA_KEY or in PERSONAL_DATA_PREVIOUS_KEYS`);
      return open(keys, iv, tag, body);
    }
    if (parts[0] === LEGACY_VERSION && parts.length === 4) {
      const [, iv, tag, body] = parts as [string, string, string, string];
      for (const keys of this.keys) {
        try {
          return open(keys, iv, tag, body);
        } catch {
          // Not this key (GCM authentication failed): try the next one.
        }
      }
      throw new Error('v1 personal data ciphertext does not decrypt under the current key or any previous key');
    }
    throw new Error('not a personal data ciphertext');
  }

  /** The search key of an identifier under the current key: case and surrounding spaces do not matter. */
  searchHash(identifier: string): string {
    return this.hashUnder(this.current, identifier);
  }

  /** The search keys of an identifier under the current key and every previous key (rows not yet rotated). */
  searchHashes(identifier: string): string[] {
    return this.keys.map((keys) => this.hashUnder(keys, identifier));
  }

  private hashUnder(keys: DerivedKeys, identifier: string): string {
    return createHmac('sha256', keys.hashKey).update(identifier.trim().toUpperCase()).digest('hex');
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
