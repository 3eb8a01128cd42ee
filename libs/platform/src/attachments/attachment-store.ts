import { createReadStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** An attachment's address: the SHA-256 of its bytes, 64 lowercase hex. */
export const ATTACHMENT_HASH = /^[0-9a-f]{64}$/;

/**
 * Where attachment bytes live, addressed by their SHA-256. The same bytes uploaded twice are stored
 * once. `put` takes a staged file (written under `stagingDirectory`) and consumes it.
 */
export interface AttachmentStore {
  /** A directory for files being received, from which `put` can take them (the same volume, for the directory store). */
  readonly stagingDirectory: string;
  put(hash: string, stagedFile: string, size: number, contentType: string): Promise<void>;
  /** The bytes, or null when nothing is stored under the hash. */
  open(hash: string): Promise<Readable | null>;
  delete(hash: string): Promise<void>;
}

function assertHash(hash: string): void {
  if (!ATTACHMENT_HASH.test(hash)) throw new Error(`not an attachment hash: ${hash}`);
}

/** A directory (a mounted volume): `<root>/sha256/ab/cd/<hash>`, written by an atomic rename from `<root>/.incoming`. */
export class DirectoryAttachmentStore implements AttachmentStore {
  readonly stagingDirectory: string;

  constructor(private readonly root: string) {
    this.stagingDirectory = join(root, '.incoming');
  }

  pathOf(hash: string): string {
    assertHash(hash);
    return join(this.root, 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  async put(hash: string, stagedFile: string): Promise<void> {
    const target = this.pathOf(hash);
    await mkdir(join(target, '..'), { recursive: true });
    await chmod(stagedFile, 0o640);
    // Same bytes, same name: replacing an existing copy changes nothing, and a rename is atomic.
    await rename(stagedFile, target);
  }

  async open(hash: string): Promise<Readable | null> {
    const path = this.pathOf(hash);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path);
  }

  async delete(hash: string): Promise<void> {
    await rm(this.pathOf(hash), { force: true });
  }
}
