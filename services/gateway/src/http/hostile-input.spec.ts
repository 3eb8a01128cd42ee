import { DomainException } from '@yiti/platform';
import { MAX_JSON_DEPTH, assertNoHostileInput, hostileInputIn, jsonNestsDeeperThan, parseJsonBody, scanJson } from './hostile-input';

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

describe('parseJsonBody', () => {
  /** What parsing answers: the value, or the refusal's code, detail and fields. */
  const outcome = (parse: () => unknown) => {
    try {
      return { value: parse() };
    } catch (error) {
      if (!(error instanceof DomainException)) throw error;
      return { code: error.code, detail: error.message, fields: error.errors };
    }
  };
  /** As before the text scan let clean bodies skip the walk: every parsed body walked. */
  const walkedAlways = (text: string) => () => {
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) return parseJsonBody(text);
    const body: unknown = JSON.parse(text);
    assertNoHostileInput(body, 'body');
    return body;
  };
  const lone = (code: number) => String.fromCharCode(code);

  const texts = [
    '{"name":"张三 😀","materials":[{"name":"身份证","copies":1,"original":true}],"acceptNow":true}',
    '{"a":"\\\\u0000"}',
    '{"a":"x\\u0000"}',
    '{"a":"\\ud800x"}',
    '{"a":"x\\udc00"}',
    '{"a":"\\ud83d\\ude00"}',
    '{"a":"\\u0041"}',
    '{"a":{"__proto__":{"polluted":1}}}',
    '{"a":{"\\u005f_proto__":{}}}',
    '{"list":[{"constructor":1}]}',
    '{"list":[{"c\\u006fnstructor":1}]}',
    '{"prototype":true}',
    '{"note":"the constructor of a prototype, not keys"}',
    '{"note":"\\"constructor\\" in quotes, still a value"}',
    `{"a":"x${lone(0xd800)}"}`,
    `{"a":"${lone(0xdc00)}"}`,
    `{"${lone(0xd800)}":1}`,
    `{"${lone(0xd83d)}${lone(0xde00)}":1}`,
    '[{"a":1},{"b":[2,3]}]',
    '{"a":"[[[[\\\\"}',
  ];

  it.each(texts)('answers %s exactly as a walk of every parsed body would', (text) => {
    expect(outcome(() => parseJsonBody(text))).toEqual(outcome(walkedAlways(text)));
  });

  it('refuses escaped NULs, lone surrogates and forbidden keys, escaped or not', () => {
    expect(outcome(() => parseJsonBody('{"a":"x\\\\u0000"}'))).toEqual({ value: { a: 'x\\u0000' } });
    expect(outcome(() => parseJsonBody('{"a":"x\\u0000"}'))).toMatchObject({ code: 'INVALID_CHARACTERS', fields: [{ field: 'a' }] });
    expect(outcome(() => parseJsonBody('{"b":"\\udc00"}'))).toMatchObject({ code: 'INVALID_CHARACTERS', fields: [{ field: 'b' }] });
    expect(outcome(() => parseJsonBody(`{"b":"${lone(0xd800)}"}`))).toMatchObject({ code: 'INVALID_CHARACTERS', fields: [{ field: 'b' }] });
    expect(outcome(() => parseJsonBody('{"a":{"\\u005f_proto__":{}}}'))).toMatchObject({ code: 'FORBIDDEN_KEY', fields: [{ field: 'a.__proto__' }] });
    expect(outcome(() => parseJsonBody('[{"prototype":1}]'))).toMatchObject({ code: 'FORBIDDEN_KEY', fields: [{ field: '0.prototype' }] });
    expect(outcome(() => parseJsonBody(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`))).toMatchObject({ code: 'JSON_TOO_DEEP' });
  });

  it('does not walk text that cannot hold hostile input, and does walk text that may', () => {
    expect(scanJson('{"name":"张三","n":[1,{"b":"\\n\\"\\\\"}]}', MAX_JSON_DEPTH)).toEqual({ tooDeep: false, mayBeHostile: false });
    expect(scanJson('{"a":"\\u0041"}', MAX_JSON_DEPTH).mayBeHostile).toBe(true);
    expect(scanJson('{"constructor":1}', MAX_JSON_DEPTH).mayBeHostile).toBe(true);
    expect(scanJson(`{"a":"${lone(0xd83d)}${lone(0xde00)}"}`, MAX_JSON_DEPTH).mayBeHostile).toBe(true);
  });
});
