import { DEFAULT_PERSONAL_DATA_SUITE, PERSONAL_DATA_SUITES, personalDataKeyId, personalDataSuite, type PersonalDataSuite, type PersonalDataSuiteName, type SealedValue, type SuiteKeys } from './personal-data-suites';

/**
 * Stored forms, all read whatever the configured suite:
 * - `v1:iv:tag:body`: AES-256-GCM, no key id (written before keys could rotate), tried under every key;
 * - `v2:kid:iv:tag:body`: AES-256-GCM under the key `kid` (what `aes-256-gcm` still writes, so that an
 *   instance of an earlier release reads it during a rolling upgrade);
 * - `v3:suite:kid:iv:tag:body`: the suite named, its prefix `v3:suite:kid` authenticated with the value
 *   (what `sm4-sm3` writes).
 */
const V1 = 'v1';
const V2 = 'v2';
const V3 = 'v3';

/** One operator secret: the id naming it, and the keys it derives under each suite. */
interface SecretKeys {
  kid: string;
  bySuite: Map<PersonalDataSuiteName, SuiteKeys>;
}

function deriveAll(secret: string): SecretKeys {
  if (secret.length < 32) throw new RangeError('the personal data key must be at least 32 characters');
  return { kid: personalDataKeyId(secret), bySuite: new Map(PERSONAL_DATA_SUITES.map((name) => [name, personalDataSuite(name).derive(secret)])) };
}

function under(keys: SecretKeys, suite: PersonalDataSuite): SuiteKeys {
  return keys.bySuite.get(suite.name) as SuiteKeys;
}

const b64 = (value: Buffer) => value.toString('base64');
const sealedFrom = (iv: string, tag: string, body: string): SealedValue => ({ iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), body: Buffer.from(body, 'base64') });

export interface PersonalDataProtectorOptions {
  /** The suite new ciphertexts and search hashes are made under; every suite is read. Default `sm4-sm3`. */
  suite?: PersonalDataSuiteName;
}

/**
 * Personal data at rest (DESIGN §3): values are stored encrypted, searched by a keyed hash (so a
 * leaked table cannot be matched against the 10^9-odd possible ID numbers without the key) and shown
 * masked. All keys derive from one operator secret, under the configured suite (国密 SM4 + SM3 by
 * default, or AES-256-GCM + HMAC-SHA256).
 *
 * Rotation (of the secret, of the suite, or both): the current secret and suite encrypt and hash;
 * previous secrets and the other suite still decrypt (a ciphertext names its suite and key) and
 * still find (search looks up the hash under every key and suite) until a rotation
 * (`rotatePersonalDataTable`) has rewritten every row under the current ones.
 */
export class PersonalDataProtector {
  readonly suite: PersonalDataSuite;
  private readonly current: SecretKeys;
  /** Current first, then the previous keys in the order given. */
  private readonly keys: SecretKeys[] = [];
  private readonly byKid = new Map<string, SecretKeys>();
  /** Configured suite first: the order searchHashes lists hashes in. */
  private readonly suites: PersonalDataSuite[];

  constructor(secret: string, previousSecrets: readonly string[] = [], options: PersonalDataProtectorOptions = {}) {
    this.suite = personalDataSuite(options.suite ?? DEFAULT_PERSONAL_DATA_SUITE);
    this.suites = [this.suite, ...PERSONAL_DATA_SUITES.filter((name) => name !== this.suite.name).map(personalDataSuite)];
    this.current = deriveAll(secret);
    for (const keys of [this.current, ...previousSecrets.map(deriveAll)]) {
      const known = this.byKid.get(keys.kid);
      if (known && !under(known, this.suite).encryptionKey.equals(under(keys, this.suite).encryptionKey)) throw new RangeError(`two personal data keys share the key id ${keys.kid}: choose another key`);
      if (known) continue;
      this.byKid.set(keys.kid, keys);
      this.keys.push(keys);
    }
  }

  /** The id of the current key, as it appears in the ciphertexts it makes. */
  get currentKid(): string {
    return this.current.kid;
  }

  /** How every ciphertext made now begins: rows not starting so are due for rotation. */
  get currentPrefix(): string {
    return this.suite.name === 'aes-256-gcm' ? `${V2}:${this.current.kid}:` : `${V3}:${this.suite.name}:${this.current.kid}:`;
  }

  /** Whether a stored ciphertext is already under the current key and suite. */
  isCurrent(stored: string): boolean {
    return stored.startsWith(this.currentPrefix);
  }

  encrypt(plain: string): string {
    const keys = under(this.current, this.suite);
    if (this.suite.name === 'aes-256-gcm') {
      const { iv, tag, body } = this.suite.seal(keys, plain, '');
      return [V2, this.current.kid, b64(iv), b64(tag), b64(body)].join(':');
    }
    const header = `${V3}:${this.suite.name}:${this.current.kid}`;
    const { iv, tag, body } = this.suite.seal(keys, plain, header);
    return [header, b64(iv), b64(tag), b64(body)].join(':');
  }

  decrypt(stored: string): string {
    const parts = stored.split(':');
    if (parts[0] === V3 && parts.length === 6) {
      const [, suiteName, kid, iv, tag, body] = parts as [string, string, string, string, string, string];
      return this.suiteNamed(suiteName).open(under(this.secretNamed(kid), this.suiteNamed(suiteName)), sealedFrom(iv, tag, body), `${V3}:${suiteName}:${kid}`);
    }
    const aes = personalDataSuite('aes-256-gcm');
    if (parts[0] === V2 && parts.length === 5) {
      const [, kid, iv, tag, body] = parts as [string, string, string, string, string];
      return aes.open(under(this.secretNamed(kid), aes), sealedFrom(iv, tag, body), '');
    }
    if (parts[0] === V1 && parts.length === 4) {
      const [, iv, tag, body] = parts as [string, string, string, string];
      for (const keys of this.keys) {
        try {
          return aes.open(under(keys, aes), sealedFrom(iv, tag, body), '');
        } catch {
          // Not this key (GCM authentication failed): try the next one.
        }
      }
      throw new Error('v1 personal data ciphertext does not decrypt under the current key or any previous key');
    }
    throw new Error('not a personal data ciphertext');
  }

  /** The search key of an identifier under the current key and suite: case and surrounding spaces do not matter. */
  searchHash(identifier: string): string {
    return this.suite.searchHash(under(this.current, this.suite), normalise(identifier));
  }

  /**
   * The search keys of an identifier under every key (current first) and, for each, every suite
   * (the configured one first): rows not yet rotated are still found.
   */
  searchHashes(identifier: string): string[] {
    const normalised = normalise(identifier);
    return this.keys.flatMap((keys) => this.suites.map((suite) => suite.searchHash(under(keys, suite), normalised)));
  }

  private secretNamed(kid: string): SecretKeys {
    const keys = this.byKid.get(kid);
    if (!keys) throw new Error(`personal data ciphertext under unknown key id ${kid}: set that key as PERSONAL_DATA_KEY or in PERSONAL_DATA_PREVIOUS_KEYS`);
    return keys;
  }

  private suiteNamed(name: string): PersonalDataSuite {
    if (!(PERSONAL_DATA_SUITES as readonly string[]).includes(name)) throw new Error(`personal data ciphertext under unknown suite ${name}`);
    return personalDataSuite(name);
  }
}

const normalise = (identifier: string) => identifier.trim().toUpperCase();

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
