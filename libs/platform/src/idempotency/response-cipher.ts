import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'enc:v1:';
const INFO = 'yiti idempotency response v1';

/**
 * Responses kept for Idempotency-Key replays hold personal data (a created application's full ID
 * number and phone): they are stored AES-256-GCM encrypted, under a key derived (HKDF-SHA256) from
 * the deployment's secret, bound to their record (principal and key, as associated data) so one
 * record's response cannot be moved to another. Text of the form `enc:v1:<kid>:<iv>:<tag>:<data>`.
 * Earlier secrets still open responses stored under them (they expire with the records anyway).
 */
export class ResponseCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  constructor(secret: string, previousSecrets: string[] = []) {
    const derive = (s: string) => Buffer.from(hkdfSync('sha256', s, 'yiti', INFO, 32));
    const idOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);
    const current = derive(secret);
    this.currentId = idOf(current);
    this.keys.set(this.currentId, current);
    for (const s of previousSecrets) {
      const key = derive(s);
      this.keys.set(idOf(key), key);
    }
  }

  /** `record` names the record the response belongs to (principal and key). */
  seal(value: unknown, record: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId) as Buffer, iv).setAAD(Buffer.from(record));
    const data = Buffer.concat([cipher.update(JSON.stringify(value ?? null), 'utf8'), cipher.final()]);
    return `${PREFIX}${this.currentId}:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  }

  /** The stored response; a value stored before encryption (no prefix) is returned as it is. */
  open(stored: unknown, record: string): unknown {
    if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return stored;
    const [kid, iv, tag, data] = stored.slice(PREFIX.length).split(':');
    const key = this.keys.get(kid ?? '');
    if (!key || iv === undefined || tag === undefined || data === undefined) throw new Error(`stored response under an unknown key ${kid ?? ''}`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64')).setAAD(Buffer.from(record));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8'));
  }
}
