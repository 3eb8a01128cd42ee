import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@yiti/contracts';
import { DomainException, KickableLoop, SERVICE_CONFIG } from '@yiti/platform';
import type { GatewayConfig } from '../config';
import { ATTACHMENT_HASH, type AttachmentStore } from '@yiti/platform';
import { SNIFF_BYTES, sniffContentType } from './content-sniffing';

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/** What an upload answers, and what a download needs. */
export interface StoredAttachment {
  hash: string;
  size: number;
  contentType: string;
}

/** Uploads are kept by county: the first six digits of the uploader's jurisdiction (the whole code above county level). */
export const countyOf = (actor: Pick<Actor, 'jurisdictionCode'>) => actor.jurisdictionCode.slice(0, 6);

/** Serialises, per hash, recording an upload against the sweep deleting the stored bytes. */
const lockHash = `SELECT pg_advisory_xact_lock(hashtextextended('gateway.attachment:' || $1, 0))`;

/**
 * The gateway's attachment machinery: receives an upload (hashing, sizing and sniffing it as it is
 * written), records who uploaded what in which county, lets a record claim the uploads it
 * references, and sweeps uploads no record claimed within ATTACHMENT_UNREFERENCED_HOURS.
 */
@Injectable()
export class Attachments implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Attachments');
  private readonly sweeper: KickableLoop;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.sweeper = new KickableLoop(() => this.sweepUnreferenced().catch((error: unknown) => this.logger.warn(`attachment sweep failed: ${String(error)}`)), config.ATTACHMENT_SWEEP_MS);
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.store.stagingDirectory, { recursive: true });
    this.sweeper.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweeper.stop();
  }

  /**
   * Streams one file to the staging directory, then records and stores it under its hash. Refused,
   * with nothing kept: more than ATTACHMENT_MAX_BYTES (`truncated()` says the parser stopped at the
   * limit), or bytes that are not one of ATTACHMENT_TYPES.
   */
  async receive(actor: Actor, file: Readable, truncated: () => boolean): Promise<StoredAttachment> {
    return this.stage(file, this.config.ATTACHMENT_MAX_BYTES, async ({ staged, hash, size, head }) => {
      if (truncated() || size > this.config.ATTACHMENT_MAX_BYTES) {
        throw new DomainException('ATTACHMENT_TOO_LARGE', `附件不得超过 ${this.config.ATTACHMENT_MAX_BYTES} 字节 An attachment may have at most ${this.config.ATTACHMENT_MAX_BYTES} bytes`);
      }
      const contentType = sniffContentType(head);
      if (contentType === null || !this.config.ATTACHMENT_TYPES.includes(contentType)) {
        throw new DomainException('ATTACHMENT_TYPE_NOT_ALLOWED', `仅接受 ${this.config.ATTACHMENT_TYPES.join('、')}(按文件内容判断) Only ${this.config.ATTACHMENT_TYPES.join(', ')} are accepted, judged by the file's content`);
      }
      return this.record(actor, { hash, size, contentType }, staged);
    });
  }

  /**
   * An import file (CSV) streamed into the store, at most CSV_IMPORT_MAX_BYTES: the body is never
   * held in memory. It is left unclaimed: the sweep deletes it ATTACHMENT_UNREFERENCED_HOURS after
   * the upload, long after its import has read it.
   */
  async receiveImportFile(actor: Actor, file: Readable): Promise<StoredAttachment> {
    const limit = this.config.CSV_IMPORT_MAX_BYTES;
    return this.stage(file, limit, async ({ staged, hash, size }) => {
      if (size > limit) throw new DomainException('CSV_IMPORT_TOO_LARGE', `导入文件不得超过 ${limit} 字节 An import file may have at most ${limit} bytes`);
      return this.record(actor, { hash, size, contentType: 'text/csv' }, staged);
    });
  }

  /** Streams a file to the staging directory, hashing and sizing it (stopping past `limit`), hands it to `keep`, and removes what is left staged. */
  private async stage<T>(file: Readable, limit: number, keep: (staged: { staged: string; hash: string; size: number; head: Buffer }) => Promise<T>): Promise<T> {
    const staged = join(this.store.stagingDirectory, randomUUID());
    const sha256 = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sha256.update(chunk);
        size += chunk.length;
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        // Past the limit nothing more is written: the caller refuses the file.
        done(null, size > limit ? undefined : chunk);
      },
    });
    try {
      await pipeline(file, measure, createWriteStream(staged, { mode: 0o640 })).catch((error: unknown) => {
        // The upload broke off or was malformed (the client's doing); a failing disk is ours.
        if ((error as NodeJS.ErrnoException).syscall !== undefined) throw error;
        throw new DomainException('BAD_REQUEST', `上传中断或格式错误 The upload broke off or is malformed: ${(error as Error).message}`);
      });
      return await keep({ staged, hash: sha256.digest('hex'), size, head });
    } finally {
      await rm(staged, { force: true });
    }
  }

  /** Records the upload (under the hash's lock: from then on the sweep keeps the bytes), then moves the staged file into the store. */
  private async record(actor: Actor, stored: StoredAttachment, staged: string): Promise<StoredAttachment> {
    await this.dataSource.transaction(async (em) => {
      await em.query(lockHash, [stored.hash]);
      await em.query(
        `INSERT INTO gateway.attachment_upload (hash, uploader_id, county_code, jurisdiction_code, size, content_type) VALUES ($1, $2, $3, $4, $5, $6)`,
        [stored.hash, actor.userId, countyOf(actor), actor.jurisdictionCode, stored.size, stored.contentType],
      );
    });
    await this.store.put(stored.hash, staged, stored.size, stored.contentType);
    return stored;
  }

  /**
   * A record of the caller's references these hashes: each must have been uploaded in the caller's
   * county (a hash learnt elsewhere grants nothing), and from now on is kept. Refused with
   * ATTACHMENT_UNKNOWN, naming the others, when one was not.
   */
  async claim(actor: Actor, hashes: string[]): Promise<void> {
    const wanted = [...new Set(hashes)];
    if (wanted.length === 0) return;
    const rows: { hash: string }[] = await this.dataSource.query(
      // A SELECT around the UPDATE: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
      `WITH claimed AS (UPDATE gateway.attachment_upload SET referenced_at = coalesce(referenced_at, now()) WHERE hash = ANY($1::text[]) AND county_code = $2 RETURNING hash)
       SELECT DISTINCT hash FROM claimed`,
      [wanted, countyOf(actor)],
    );
    const found = new Set(rows.map((r) => r.hash));
    const unknown = wanted.filter((h) => !found.has(h));
    if (unknown.length > 0) {
      throw new DomainException('ATTACHMENT_UNKNOWN', `附件未在本县上传 Not uploaded in your county: ${unknown.join(', ')}`, [{ field: 'attachments', messages: unknown.map((h) => `${h} was not uploaded in your county`) }]);
    }
  }

  /** The stored bytes and their type; ATTACHMENT_NOT_FOUND when there are none. The caller has already checked the record that references them. */
  async open(hash: string): Promise<StoredAttachment & { content: Readable }> {
    if (!ATTACHMENT_HASH.test(hash)) throw new DomainException('ATTACHMENT_NOT_FOUND', '附件不存在 No such attachment');
    const rows: { size: string; content_type: string }[] = await this.dataSource.query(`SELECT size, content_type FROM gateway.attachment_upload WHERE hash = $1 LIMIT 1`, [hash]);
    const content = rows[0] ? await this.store.open(hash) : null;
    if (!rows[0] || !content) throw new DomainException('ATTACHMENT_NOT_FOUND', '附件不存在 No such attachment');
    return { hash, size: Number(rows[0].size), contentType: rows[0].content_type, content };
  }

  /**
   * Deletes uploads no record claimed within ATTACHMENT_UNREFERENCED_HOURS, and the stored bytes of
   * each hash no upload row is left for, one hash per transaction under its lock. At most `limit`
   * hashes a pass; returns how many were deleted from the store.
   */
  async sweepUnreferenced(limit = 100, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.ATTACHMENT_UNREFERENCED_HOURS * 3600 * 1000);
    const due: { hash: string }[] = await this.dataSource.query(
      `SELECT DISTINCT hash FROM gateway.attachment_upload WHERE referenced_at IS NULL AND uploaded_at < $1 LIMIT $2`,
      [cutoff, limit],
    );
    let deleted = 0;
    for (const { hash } of due) {
      await this.dataSource.transaction(async (em) => {
        await em.query(lockHash, [hash]);
        await em.query(`DELETE FROM gateway.attachment_upload WHERE hash = $1 AND referenced_at IS NULL AND uploaded_at < $2`, [hash, cutoff]);
        const [left] = (await em.query(`SELECT count(*)::int AS n FROM gateway.attachment_upload WHERE hash = $1`, [hash])) as { n: number }[];
        if (left?.n === 0) {
          await this.store.delete(hash);
          deleted++;
        }
      });
    }
    return deleted;
  }
}
