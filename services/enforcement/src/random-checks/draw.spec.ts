import { createHash, createHmac } from 'node:crypto';
import { DRAW_ALGORITHM, canonicalSnapshot, pickCount, runDraw, snapshotHash, type DrawSnapshot } from './draw';

const SEED_A = 'a'.repeat(64);
const SEED_B = '0123456789abcdef'.repeat(4);
const TOWN = '320585102';
const codes = Array.from({ length: 40 }, (_, i) => `ENT${String(i).padStart(3, '0')}`);
const entities = codes.map((code) => ({ code, town: TOWN }));
const inspectors = Array.from({ length: 6 }, (_, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, scope: '320585', recuse: [] as string[] }));
const snapshot = (overrides: Partial<DrawSnapshot> = {}): DrawSnapshot => ({
  algorithm: DRAW_ALGORITHM,
  drawDate: '2026-12-10',
  items: ['SC-001'],
  pick: 10,
  inspectorsPerEntity: 2,
  entities,
  inspectors,
  ...overrides,
});
const picksOf = (seed: string, s: DrawSnapshot) => {
  const outcome = runDraw(seed, s);
  if (!outcome.ok) throw new Error(`draw refused at ${outcome.creditCode}`);
  return outcome.picks;
};

describe('双随机 draw (yiti-draw-v1)', () => {
  it('gives the same picks for the same seed and pool, whatever order the pool was read in', () => {
    const first = picksOf(SEED_A, snapshot());
    const reordered = picksOf(SEED_A, snapshot({ entities: [...entities].reverse(), inspectors: [...inspectors].reverse() }));
    expect(reordered).toEqual(first);
    expect(first).toHaveLength(10);
    expect(new Set(first.map((p) => p.creditCode)).size).toBe(10);
  });

  it('gives other picks for another seed, and for another pool', () => {
    const a = picksOf(SEED_A, snapshot()).map((p) => p.creditCode);
    const b = picksOf(SEED_B, snapshot()).map((p) => p.creditCode);
    expect(b).not.toEqual(a);
    const grown = picksOf(SEED_A, snapshot({ entities: [...entities, { code: 'ENT999', town: TOWN }] })).map((p) => p.creditCode);
    expect(grown).not.toEqual(a);
  });

  it('follows the published derivation step by step (an outside re-run gets the same first pick)', () => {
    const s = canonicalSnapshot(snapshot());
    const hash = createHash('sha256').update(JSON.stringify({ algorithm: s.algorithm, drawDate: s.drawDate, items: s.items, pick: s.pick, inspectorsPerEntity: s.inspectorsPerEntity, entities: s.entities, inspectors: s.inspectors })).digest('hex');
    expect(snapshotHash(s)).toBe(hash);
    const rank = (label: string) => createHmac('sha256', Buffer.from(SEED_A, 'hex')).update(label).digest('hex');
    const first = [...codes].sort((x, y) => (rank(`entity:${hash}:${x}`) < rank(`entity:${hash}:${y}`) ? -1 : 1))[0];
    expect(picksOf(SEED_A, s)[0]?.creditCode).toBe(first);
  });

  it('picks at least two inspectors per entity, never one recused from it', () => {
    const recusedFromAll = inspectors.map((i, n) => (n < 3 ? { ...i, recuse: [...codes] } : i));
    const picks = picksOf(SEED_A, snapshot({ inspectors: recusedFromAll, inspectorsPerEntity: 2 }));
    for (const pick of picks) {
      expect(pick.inspectorIds).toHaveLength(2);
      expect(new Set(pick.inspectorIds).size).toBe(2);
      for (const id of pick.inspectorIds) expect(recusedFromAll.find((i) => i.id === id)?.recuse).not.toContain(pick.creditCode);
    }
    // The recusal of one inspector from every picked entity keeps that inspector off them all.
    const free = picksOf(SEED_A, snapshot());
    const busiest = free[0]?.inspectorIds[0] as string;
    const recused = inspectors.map((i) => (i.id === busiest ? { ...i, recuse: [...codes] } : i));
    for (const pick of picksOf(SEED_A, snapshot({ inspectors: recused }))) expect(pick.inspectorIds).not.toContain(busiest);
  });

  it('gives an entity only inspectors whose jurisdiction covers its town', () => {
    const otherTown = '320585100';
    const mixed = [...entities.slice(0, 20), ...codes.slice(20).map((code) => ({ code, town: otherTown }))];
    const scoped = inspectors.map((i, n) => ({ ...i, scope: n < 3 ? TOWN : n < 5 ? otherTown : '320585' }));
    const picks = picksOf(SEED_A, snapshot({ entities: mixed, inspectors: scoped, pick: 40 }));
    for (const pick of picks) {
      const town = (mixed.find((e) => e.code === pick.creditCode) as { town: string }).town;
      for (const id of pick.inspectorIds) expect(town.startsWith((scoped.find((i) => i.id === id) as { scope: string }).scope)).toBe(true);
    }
  });

  it('refuses the draw naming the entity when fewer inspectors than needed may check it', () => {
    const outcome = runDraw(SEED_A, snapshot({ inspectors: inspectors.slice(0, 2).map((i, n) => (n === 0 ? { ...i, recuse: [...codes] } : i)) }));
    expect(outcome).toMatchObject({ ok: false, eligible: 1 });
  });

  it('refuses a malformed seed', () => {
    expect(() => runDraw('xyz', snapshot())).toThrow(RangeError);
  });

  it('counts the picks: a count capped at the pool, a share rounded up', () => {
    expect(pickCount(40, { count: 10 })).toBe(10);
    expect(pickCount(4, { count: 10 })).toBe(4);
    expect(pickCount(40, { ratioPercent: 5 })).toBe(2);
    expect(pickCount(41, { ratioPercent: 5 })).toBe(3);
    expect(pickCount(0, { ratioPercent: 50 })).toBe(0);
  });
});
