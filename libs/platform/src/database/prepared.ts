// node-postgres's own value conversion (pg/lib/utils) is not in its typings: declared here so that
// every project compiling this file sees it (an ambient .d.ts not imported is left out of a service's
// own typecheck). pg is pinned to the version whose module this is.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./pg-utils.d.ts" />
import { createHash } from 'node:crypto';
import { prepareValue } from 'pg/lib/utils';
import { QueryFailedError, type EntityManager } from 'typeorm';

/** Distinct statement texts given a name per process; others run unnamed (parsed every time). */
const MAX_NAMED_STATEMENTS = 500;
const names = new Map<string, string>();

/** The statement's name (from its text), or undefined once the process has named as many as it may. */
export function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED_STATEMENTS) {
    name = `yiti_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * `em.query` for statements run on every request: named, so PostgreSQL parses and plans each once
 * per pooled connection instead of on every call (for a three-table insert that is most of its
 * cost). It still goes through TypeORM, so it joins the manager's transaction and fails with
 * QueryFailedError as `em.query` does: TypeORM hands the query to node-postgres untouched, and
 * node-postgres takes a `{ name, text }` query config there.
 *
 * The values are converted as node-postgres converts them (the same text goes on the wire) before
 * the query is handed over: when node-postgres meets a value it cannot send (a circular object) while
 * binding a named statement, it closes the statement on the server but keeps it as parsed on that
 * pooled connection, and every later use of the statement there fails ("prepared statement does not
 * exist"). Converted first, such a value fails the one query, as QueryFailedError, before anything
 * is sent.
 */
export function preparedQuery<T = unknown>(em: EntityManager, text: string, values: unknown[]): Promise<T> {
  const name = statementName(text);
  if (name === undefined) return em.query(text, values);
  let sent: unknown[];
  try {
    sent = values.map(prepareValue);
  } catch (error) {
    return Promise.reject(new QueryFailedError(text, values, error as Error));
  }
  return em.query({ name, text } as unknown as string, sent);
}
