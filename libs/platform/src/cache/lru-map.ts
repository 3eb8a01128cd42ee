/**
 * A map bounded to `capacity` entries that forgets the least recently used one when full (a read
 * counts as a use). A JavaScript Map keeps insertion order: a use moves the key to the end, and the
 * first key is the least recently used.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`an LRU map needs a positive capacity, got ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Forgets every entry the predicate accepts. */
  deleteWhere(predicate: (key: K, value: V) => boolean): void {
    for (const [key, value] of this.entries) if (predicate(key, value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
