import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * 一细则: the published derivation of a 双随机 draw, "yiti-draw-v1". Anyone holding the seed and the
 * frozen snapshot gets the same picks:
 *
 * 1. The snapshot is the JSON text of {algorithm, drawDate, items, pick, inspectorsPerEntity,
 *    entities, inspectors} with exactly that key order, entities (credit codes) sorted and unique,
 *    inspectors sorted by id, each with its sorted recusals ({id, recuse}); snapshotHash is its
 *    SHA-256 in lower-case hex.
 * 2. The key is the seed's bytes (hex-decoded). Each entity ranks by
 *    HMAC-SHA256(key, "entity:" + snapshotHash + ":" + creditCode) (hex); the `pick` lowest, in that
 *    order (ties, which do not happen, by credit code), are picked.
 * 3. For each picked entity, every inspector not recused from it ranks by
 *    HMAC-SHA256(key, "inspector:" + snapshotHash + ":" + creditCode + ":" + inspectorId); the
 *    `inspectorsPerEntity` lowest inspect it, in that order. Fewer eligible than that refuses the draw.
 */
export const DRAW_ALGORITHM = 'yiti-draw-v1 HMAC-SHA256';

export interface DrawInspector {
  id: string;
  /** Credit codes the inspector is recused from (回避). */
  recuse: string[];
}

export interface DrawSnapshot {
  algorithm: string;
  drawDate: string;
  items: string[];
  pick: number;
  inspectorsPerEntity: number;
  entities: string[];
  inspectors: DrawInspector[];
}

export interface DrawPick {
  creditCode: string;
  inspectorIds: string[];
}

export type DrawOutcome = { ok: true; picks: DrawPick[] } | { ok: false; creditCode: string; eligible: number };

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The snapshot in its canonical form: sorted, deduplicated, keys in the published order. */
export function canonicalSnapshot(input: Omit<DrawSnapshot, 'algorithm'> & { algorithm?: string }): DrawSnapshot {
  return {
    algorithm: input.algorithm ?? DRAW_ALGORITHM,
    drawDate: input.drawDate,
    items: [...new Set(input.items)].sort(byText),
    pick: input.pick,
    inspectorsPerEntity: input.inspectorsPerEntity,
    entities: [...new Set(input.entities)].sort(byText),
    inspectors: [...input.inspectors].map((i) => ({ id: i.id, recuse: [...new Set(i.recuse)].sort(byText) })).sort((a, b) => byText(a.id, b.id)),
  };
}

export function snapshotHash(snapshot: DrawSnapshot): string {
  return createHash('sha256').update(JSON.stringify(canonicalSnapshot(snapshot))).digest('hex');
}

/** A fresh seed: 32 random bytes, hex. */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

function ranked<T>(values: readonly T[], key: Buffer, label: (value: T) => string, tie: (value: T) => string): T[] {
  return values
    .map((value) => ({ value, rank: createHmac('sha256', key).update(label(value)).digest('hex'), tie: tie(value) }))
    .sort((a, b) => byText(a.rank, b.rank) || byText(a.tie, b.tie))
    .map((r) => r.value);
}

/** The draw: which entities and, for each, which inspectors. Pure: same seed and snapshot, same picks. */
export function runDraw(seed: string, input: DrawSnapshot): DrawOutcome {
  if (!/^[0-9a-f]{64}$/.test(seed)) throw new RangeError('a seed is 32 bytes in lower-case hex');
  const snapshot = canonicalSnapshot(input);
  const hash = snapshotHash(snapshot);
  const key = Buffer.from(seed, 'hex');
  const entities = ranked(snapshot.entities, key, (code) => `entity:${hash}:${code}`, (code) => code).slice(0, snapshot.pick);
  const picks: DrawPick[] = [];
  for (const creditCode of entities) {
    const eligible = snapshot.inspectors.filter((i) => !i.recuse.includes(creditCode));
    if (eligible.length < snapshot.inspectorsPerEntity) return { ok: false, creditCode, eligible: eligible.length };
    const chosen = ranked(eligible, key, (i) => `inspector:${hash}:${creditCode}:${i.id}`, (i) => i.id).slice(0, snapshot.inspectorsPerEntity);
    picks.push({ creditCode, inspectorIds: chosen.map((i) => i.id) });
  }
  return { ok: true, picks };
}

/** How many entities a plan picks from a pool: a count (at most the pool) or a share rounded up. */
export function pickCount(poolSize: number, plan: { count?: number; ratioPercent?: number }): number {
  if (plan.count !== undefined) return Math.min(plan.count, poolSize);
  return Math.min(poolSize, Math.ceil((poolSize * (plan.ratioPercent ?? 0)) / 100));
}
