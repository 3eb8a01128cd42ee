import { hostileInputIn, jsonNestsDeeperThan } from './hostile-input';

describe('jsonNestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(jsonNestsDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":"[[[[\\"[[[["}', 1)).toBe(false);
    expect(jsonNestsDeeperThan('[[],[],[],[]]', 2)).toBe(false);
  });
});

describe('hostileInputIn', () => {
  it('names the first field holding a NUL, an unpaired surrogate or a forbidden key, at any depth', () => {
    expect(hostileInputIn({ a: 'ok', b: [{ c: 'x\u0000' }] })).toEqual({ code: 'INVALID_CHARACTERS', field: 'b.0.c' });
    expect(hostileInputIn({ a: '\ud800x' })).toEqual({ code: 'INVALID_CHARACTERS', field: 'a' });
    expect(hostileInputIn({ a: 'x\udc00' })).toEqual({ code: 'INVALID_CHARACTERS', field: 'a' });
    expect(hostileInputIn(JSON.parse('{"a":{"__proto__":{}}}'))).toEqual({ code: 'FORBIDDEN_KEY', field: 'a.__proto__' });
    expect(hostileInputIn({ list: [{ constructor: 1 }] })).toEqual({ code: 'FORBIDDEN_KEY', field: 'list.0.constructor' });
  });

  it('lets ordinary text through, paired surrogates (emoji) and Chinese included', () => {
    expect(hostileInputIn({ name: '张三 😀', n: 1, flag: true, none: null, tags: ['甲', 'b'] })).toBeNull();
  });
});
