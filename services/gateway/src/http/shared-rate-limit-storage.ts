import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LruMap } from '@yiti/platform';
import { SlottedThrottlerStorage } from './rate-limit-storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Rows older than this are deleted (every window is a minute; kept a little longer). */
const KEEP_MS = 2 * 60_000;
/** Stored ids remembered (keys hashed lately: a county's users and addresses). */
const STORED_IDS_REMEMBERED = 10_000;

/**
 * Rate limits shared by every gateway replica of a deployment. Each replica counts in memory (the
 * slotted window, constant time per request) and, every RATE_LIMIT_SYNC_MS, adds what it counted
 * to `gateway.rate_limit_hit` (unlogged: counts need not survive a crash) and reads what the other
 * replicas counted in the window; their hits come off this replica's budget. One statement pair a
 * second per replica, none per request; a client spread over replicas gets at most one sync
 * interval's worth of hits more than the limit. Keys are stored hashed (they hold user ids,
 * addresses and usernames), under the deployment's NATS subject prefix.
 */
export class SharedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new SlottedThrottlerStorage();
  private readonly replica = randomUUID();
  private readonly storedIds = new LruMap<string, string>(STORED_IDS_REMEMBERED);
  /** Hits counted here since the last sync, by stored id, with the window length. */
  private pending = new Map<string, { hits: number; ttlMs: number }>();
  /** Hits the other replicas counted in the window, by stored id, as of the last sync. */
  private elsewhere = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private lastCleanup = 0;
  private syncing = false;
  /** Completed syncs (for specs that wait for one). */
  syncs = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deployment: string,
    syncMs: number,
  ) {
    this.timer = setInterval(() => void this.sync(), syncMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.local.onApplicationShutdown();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const id = this.storedId(throttlerName, key);
    const others = this.elsewhere.get(id) ?? 0;
    const record = this.local.hit(key, ttl, Math.max(0, limit - others), blockDuration, throttlerName, Date.now());
    if (!record.isBlocked) {
      const pending = this.pending.get(id);
      if (pending) pending.hits++;
      else this.pending.set(id, { hits: 1, ttlMs: ttl });
    }
    return { ...record, totalHits: record.totalHits + others };
  }

  /** A key's stored id, remembered for the callers seen lately (a SHA-256 per request was ~2 % of the gateway's CPU). */
  private storedId(throttlerName: string, key: string): string {
    const name = `${throttlerName}\u0000${key}`;
    let id = this.storedIds.get(name);
    if (id === undefined) {
      id = createHash('sha256').update(name).digest('base64url');
      this.storedIds.set(name, id);
    }
    return id;
  }

  /** Writes this replica's new hits, reads the others'; a failure (PostgreSQL down) keeps the local counts and is retried. */
  async sync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    const batch = this.pending;
    this.pending = new Map();
    try {
      if (batch.size > 0) {
        const ids = [...batch.keys()];
        await this.dataSource.query(
          `INSERT INTO gateway.rate_limit_hit (deployment, replica, id, hits, expires_at)
           SELECT $1, $2, id, hits, now() + make_interval(secs => ttl_ms / 1000.0)
           FROM unnest($3::text[], $4::int[], $5::int[]) AS t(id, hits, ttl_ms)`,
          [this.deployment, this.replica, ids, ids.map((id) => batch.get(id)?.hits ?? 0), ids.map((id) => batch.get(id)?.ttlMs ?? 60_000)],
        );
      }
      const rows: { id: string; hits: string }[] = await this.dataSource.query(
        `SELECT id, sum(hits) AS hits FROM gateway.rate_limit_hit WHERE deployment = $1 AND replica <> $2 AND expires_at > now() GROUP BY id`,
        [this.deployment, this.replica],
      );
      this.elsewhere = new Map(rows.map((r) => [r.id, Number(r.hits)]));
      if (Date.now() - this.lastCleanup > KEEP_MS) {
        this.lastCleanup = Date.now();
        await this.dataSource.query(`DELETE FROM gateway.rate_limit_hit WHERE expires_at < now() - make_interval(secs => $1)`, [KEEP_MS / 1000]);
      }
      this.syncs++;
    } catch (err) {
      for (const [id, { hits, ttlMs }] of batch) {
        const pending = this.pending.get(id);
        if (pending) pending.hits += hits;
        else this.pending.set(id, { hits, ttlMs });
      }
      this.logger.warn({ err }, 'rate limit counts not shared this time');
    } finally {
      this.syncing = false;
    }
  }
}
