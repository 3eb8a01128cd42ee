import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DirectoryAttachmentStore } from './attachment-store';

async function read(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('the directory attachment store (a real directory)', () => {
  const root = mkdtempSync(join(tmpdir(), 'yiti-store-spec-'));
  const store = new DirectoryAttachmentStore(root);
  const stage = (bytes: Buffer) => {
    const path = join(root, `staged-${randomBytes(4).toString('hex')}`);
    writeFileSync(path, bytes);
    return path;
  };

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('keeps bytes under sha256/ab/cd/<hash>, reads them back, and consumes the staged file', async () => {
    const bytes = randomBytes(5000);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const staged = stage(bytes);
    await store.put(hash, staged);
    expect(existsSync(staged)).toBe(false);
    expect(store.pathOf(hash)).toBe(join(root, 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash));
    expect(statSync(store.pathOf(hash)).mode & 0o777).toBe(0o640);
    expect(await read(await store.open(hash))).toEqual(bytes);
    expect(store.stagingDirectory).toBe(join(root, '.incoming'));
  });

  it('stores the same bytes once, however often they are put', async () => {
    const bytes = randomBytes(100);
    const hash = createHash('sha256').update(bytes).digest('hex');
    await store.put(hash, stage(bytes));
    await store.put(hash, stage(bytes));
    expect(await read(await store.open(hash))).toEqual(bytes);
  });

  it('answers null for a hash it does not hold, deletes idempotently, and refuses what is not a hash', async () => {
    const bytes = randomBytes(10);
    const hash = createHash('sha256').update(bytes).digest('hex');
    expect(await store.open(hash)).toBeNull();
    await store.put(hash, stage(bytes));
    await store.delete(hash);
    await store.delete(hash);
    expect(await store.open(hash)).toBeNull();
    expect(() => store.pathOf('../../etc/passwd')).toThrow('not an attachment hash');
    await expect(store.open('A'.repeat(64))).rejects.toThrow('not an attachment hash');
  });
});
