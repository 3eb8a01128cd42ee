import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * 一细则: the published derivation of a 双随机 draw, "yiti-draw-v1". Anyone holding the seed and the
 * frozen snapshot gets the same picks:
 *
 * 1. The snapshot is the JSON text of {algorithm, drawDate, items, pick, inspectorsPerEntity,
 *    entities, inspectors} with exactly that key order: entities {code, town} (credit code and town
 *    code) sorted by code and unique, inspectors {id, scope, recuse} sorted by id (scope: the prefix
 *    of the town codes the inspector may check, recuse: sorted credit codes of declared conflicts);
 *    snapshotHash is its SHA-256 in lower-case hex.
 * 2. The key is the seed's bytes (hex-decoded). Each entity ranks by
 *    HMAC-SHA256(key, "entity:" + snapshotHash + ":" + code) (hex); the `pick` lowest, in that
 *    order (ties, which do not happen, by code), are picked.
 * 3. For each picked entity, every inspector whose scope covers its town and who is not recused
 *    from it ranks by HMAC-SHA256(key, "inspector:" + snapshotHash + ":" + code + ":" + inspectorId);
 *    the `inspectorsPerEntity` lowest inspect it, in that order. Fewer eligible refuses the draw.
 */
export const DRAW_ALGORITHM = 'yiti-draw-v1 HMAC-SHA256';

export interface DrawEntity {
  /** Unified social credit code. */
  code: string;
  town: string;
}

export interface DrawInspector {
  id: string;
  /** The inspector checks entities whose town code starts with this (their jurisdiction). */
  scope: string;
  /** Credit codes the inspector is recused from (回避). */
  recuse: string[];
}

export interface DrawSnapshot {
  algorithm: string;
  drawDate: string;
  items: string[];
  pick: number;
  inspectorsPerEntity: number;
  entities: DrawEntity[];
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
    entities: [...new Map(input.entities.map((e) => [e.code, { code: e.code, town: e.town }])).values()].sort((a, b) => byText(a.code, b.code)),
    inspectors: [...input.inspectors].map((i) => ({ id: i.id, scope: i.scope, recuse: [...new Set(i.recuse)].sort(byText) })).sort((a, b) => byText(a.id, b.id)),
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
  const entities = ranked(snapshot.entities, key, (e) => `entity:${hash}:${e.code}`, (e) => e.code).slice(0, snapshot.pick);
  const picks: DrawPick[] = [];
  for (const { code: creditCode, town } of entities) {
    const eligible = snapshot.inspectors.filter((i) => town.startsWith(i.scope) && !i.recuse.includes(creditCode));
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
