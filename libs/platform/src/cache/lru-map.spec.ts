import { LruMap } from './lru-map';

describe('LruMap', () => {
  it('forgets the least recently used entry beyond its capacity, a read counting as a use', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).toBe(1);
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([1, undefined, 3, 2]);
  });

  it('overwrites without growing, and forgets what a predicate picks', () => {
    const map = new LruMap<string, number>(3);
    map.set('a', 1).set('a', 10).set('b', 2).set('c', 3);
    expect(map.size).toBe(3);
    map.deleteWhere((key, value) => key === 'b' || value === 10);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([undefined, undefined, 3, 1]);
    map.clear();
    expect(map.size).toBe(0);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LruMap(0)).toThrow(/positive capacity/);
  });
});
