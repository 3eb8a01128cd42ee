import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Slots per window: a minute's window counts hits per second. */
const SLOTS = 60;
/** One slot more than the window, so that a hit leaves it no sooner than ttl after it was made. */
const RING = SLOTS + 1;
const SWEEP_MS = 60_000;

interface Window {
  slotMs: number;
  /** Hits per slot, indexed by slot number (time / slotMs) modulo RING. */
  slots: number[];
  /** Slot number of the newest slot. */
  newest: number;
  /** Hits in the window: the sum of the slots. */
  hits: number;
  /** End of the fixed window reported as X-RateLimit-Reset, as the library's storage reports it. */
  expiresAt: number;
  /** While blocked, when the block ends; 0 when not blocked. */
  blockedUntil: number;
}

/**
 * The rate limiter's sliding window, in constant time per request. The library's in-memory
 * storage keeps one expiry time per hit and, on every request, filters all of them and spreads
 * them into Math.min: linear in the limit (1,200 a minute by default), about 4 % of the gateway's
 * CPU under load. Here hits are counted in 60 slots of ttl/60 (a second for a minute); a hit
 * leaves the window between ttl and ttl + one slot after it was made, never sooner than with the
 * library's storage, so the limit is as strict or stricter. Blocking (blockDuration, Retry-After)
 * behaves as in the library.
 */
@Injectable()
export class SlottedThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private readonly sweep: NodeJS.Timeout;

  constructor() {
    this.sweep = setInterval(() => this.evictIdle(Date.now()), SWEEP_MS);
    this.sweep.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
    this.windows.clear();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    return this.hit(key, ttl, limit, blockDuration, throttlerName, Date.now());
  }

  /** increment at a given time (tests). */
  hit(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string, now: number): ThrottlerStorageRecord {
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window) {
      const slotMs = Math.max(1, ttl / SLOTS);
      window = { slotMs, slots: new Array<number>(RING).fill(0), newest: Math.floor(now / slotMs), hits: 0, expiresAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    advance(window, now);
    if (window.expiresAt <= now) window.expiresAt = now + ttl;
    const timeToExpire = Math.ceil((window.expiresAt - now) / 1000);

    if (blockDuration <= 0) {
      const isBlocked = window.hits >= limit;
      if (!isBlocked) count(window);
      return { totalHits: window.hits + (isBlocked ? 1 : 0), timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? Math.ceil((oldestExpiry(window, ttl) - now) / 1000) : 0 };
    }
    if (window.blockedUntil !== 0 && window.blockedUntil <= now) {
      // The block is over: the window starts afresh with this request.
      window.blockedUntil = 0;
      window.slots.fill(0);
      window.hits = 0;
      count(window);
    } else if (window.blockedUntil === 0) {
      count(window);
      if (window.hits > limit) window.blockedUntil = now + blockDuration;
    }
    const isBlocked = window.blockedUntil !== 0;
    return { totalHits: window.hits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0 };
  }

  private evictIdle(now: number): void {
    for (const [id, window] of this.windows) {
      advance(window, now);
      if (window.hits === 0 && (window.blockedUntil === 0 || window.blockedUntil <= now)) this.windows.delete(id);
    }
  }
}

/** Empties the slots that fell out of the window since the newest one. */
function advance(window: Window, now: number): void {
  const slot = Math.floor(now / window.slotMs);
  if (slot <= window.newest) return;
  if (slot - window.newest >= RING) {
    window.slots.fill(0);
    window.hits = 0;
  } else {
    for (let s = window.newest + 1; s <= slot; s++) {
      const i = s % RING;
      window.hits -= window.slots[i] ?? 0;
      window.slots[i] = 0;
    }
  }
  window.newest = slot;
}

function count(window: Window): void {
  const i = window.newest % RING;
  window.slots[i] = (window.slots[i] ?? 0) + 1;
  window.hits++;
}

/** When the oldest hit in the window leaves it. */
function oldestExpiry(window: Window, ttl: number): number {
  for (let s = window.newest - RING + 1; s <= window.newest; s++) {
    if ((window.slots[((s % RING) + RING) % RING] ?? 0) > 0) return (s + RING) * window.slotMs;
  }
  return window.newest * window.slotMs + ttl;
}
