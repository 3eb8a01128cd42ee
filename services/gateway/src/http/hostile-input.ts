import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ErrorCode } from '@yiti/contracts';
import { DomainException } from '@yiti/platform';

/**
 * Input no handler should ever see, refused with a 400 before any work is done for it: text
 * PostgreSQL cannot store (NUL, lone UTF-16 surrogates, which answered 500), JSON nested deeper
 * than any request of the API (5,000 levels overflowed the stack), and the keys `__proto__`,
 * `constructor` and `prototype` (prototype pollution; refused rather than silently dropped).
 */

/** Deeper than any request body of the API (a few levels), far below what recursion can take. */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const invalidText = (text: string) => text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Whether JSON text nests objects and arrays deeper than `max`: one pass over the characters, before parsing. */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  return scanJson(text, max).tooDeep;
}

const LETTER_U = 0x75;
/** The keys refused, as they appear in JSON text written without `\u` escapes. */
const FORBIDDEN_KEY_TOKENS = [...FORBIDDEN_KEYS].map((key) => `"${key}"`);

/**
 * One pass over JSON text: whether it nests deeper than `max`, and whether it may hold hostile input
 * at all. A parsed value can only hold a NUL or a lone surrogate that the text wrote as a `\u`
 * escape or held as a surrogate code unit itself (JSON refuses raw control characters in strings),
 * and a forbidden key only as that escape or as the key's literal token (`"constructor"`). Text with
 * none of these cannot hold hostile input, so its parsed value need not be walked: `mayBeHostile`
 * false is certain, true only means the value must be checked.
 */
export function scanJson(text: string, max: number): { tooDeep: boolean; mayBeHostile: boolean } {
  let depth = 0;
  let inString = false;
  let escapesOrSurrogates = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c & 0xf800) === 0xd800) escapesOrSurrogates = true;
    if (inString) {
      if (c === BACKSLASH) {
        if (text.charCodeAt(i + 1) === LETTER_U) escapesOrSurrogates = true;
        i++;
      } else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return { tooDeep: true, mayBeHostile: true };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return { tooDeep: false, mayBeHostile: escapesOrSurrogates || FORBIDDEN_KEY_TOKENS.some((token) => text.includes(token)) };
}

/** The first thing wrong with a parsed body, query or path parameters (keys and strings, at any depth), and where; or null. */
export function hostileInputIn(value: unknown, path = ''): { code: ErrorCode; field: string } | null {
  if (typeof value === 'string') return invalidText(value) ? { code: 'INVALID_CHARACTERS', field: path } : null;
  if (value === null || typeof value !== 'object') return null;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, i) => [String(i), item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const field = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return { code: 'FORBIDDEN_KEY', field };
    if (invalidText(key)) return { code: 'INVALID_CHARACTERS', field: path || '(key)' };
    const found = hostileInputIn(item, field);
    if (found) return found;
  }
  return null;
}

const DETAILS: Partial<Record<ErrorCode, string>> = {
  INVALID_CHARACTERS: '含有空字符或不成对的代理项 contains a NUL character or an unpaired surrogate',
  FORBIDDEN_KEY: '字段名不允许使用 __proto__、constructor、prototype the keys __proto__, constructor and prototype are not allowed',
};

export function assertNoHostileInput(value: unknown, part: 'body' | 'query' | 'path'): void {
  const found = hostileInputIn(value);
  if (!found) return;
  const detail = `${part} ${found.field}: ${DETAILS[found.code] ?? ''}`;
  throw new DomainException(found.code, detail, [{ field: found.field, messages: [DETAILS[found.code] ?? found.code] }]);
}

/** JSON text to a value, refusing what is too deep before parsing and what is hostile after. */
export function parseJsonBody(text: string): unknown {
  const scan = scanJson(text, MAX_JSON_DEPTH);
  if (scan.tooDeep) throw new DomainException('JSON_TOO_DEEP', `JSON 嵌套不得超过 ${MAX_JSON_DEPTH} 层 JSON may nest at most ${MAX_JSON_DEPTH} levels`);
  const body: unknown = JSON.parse(text);
  if (scan.mayBeHostile) assertNoHostileInput(body, 'body');
  return body;
}

/** Query string and path parameters (bodies are checked as they are parsed). */
export function useHostileInputChecks(app: NestFastifyApplication): void {
  app.getHttpAdapter().getInstance().addHook('preValidation', (request, _reply, done) => {
    try {
      assertNoHostileInput(request.query, 'query');
      assertNoHostileInput(request.params, 'path');
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}
