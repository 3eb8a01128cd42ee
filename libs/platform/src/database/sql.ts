const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema-qualified, quoted table name. Only plain lowercase identifiers are accepted. */
export function qualified(schema: string, table: string): string {
  if (!IDENT.test(schema) || !IDENT.test(table)) throw new Error(`unsafe identifier ${schema}.${table}`);
  return `"${schema}"."${table}"`;
}

/** True when a database error is the given SQLSTATE (23505 unique, 23503 foreign key) on the named constraint. */
export function isConstraintViolation(error: unknown, sqlState: string, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return (e.code ?? e.driverError?.code) === sqlState && (e.constraint ?? e.driverError?.constraint) === constraint;
}

/** An ILIKE pattern for "contains `text`": its own %, _ and \ match literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}%`;
}

/** The schema a migration runs in (a service's, or a spec's): platform migrations need one. */
export function schemaOf(queryRunner: { connection: { options: object } }): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('platform tables need a schema');
  return schema;
}

/**
 * The codes under a digit prefix (a jurisdiction, town or grid code's) as a half-open range
 * [prefix, next): `next` is the prefix without its trailing nines, its last digit plus one (`3205` →
 * `3206`, `3299` → `33`: every code from `3299` up to `33` starts with `3299`, the shorter `33` and
 * `330` do not; null when every digit is 9: no upper bound). Unlike `LIKE 'p%'`, which PostgreSQL turns
 * into an index range only under the C collation (not under C.UTF-8 or en_US.UTF-8, the
 * postgres image's default), the range is served by a plain btree index under any collation; and
 * unlike `p || '~'`, its bound sorts after every longer code under any collation too ('~' is
 * punctuation, which ICU and glibc's en_US sort before digits).
 */
export function codePrefixRange(prefix: string): { from: string; below: string | null } {
  if (!/^[0-9]*$/.test(prefix)) throw new Error(`not a digit prefix: "${prefix}"`);
  // The trailing nines go (not to zeros: '3300' would let the shorter '33' in), the last other digit goes up.
  const kept = prefix.replace(/9+$/, '');
  if (kept === '') return { from: prefix, below: null };
  return { from: prefix, below: `${kept.slice(0, -1)}${Number(kept.slice(-1)) + 1}` };
}

/**
 * `column` within the codes under a digit prefix, as an index range (codePrefixRange). The bounds are
 * written as literals (digits only, checked), so the condition drops into any statement or query
 * builder without renumbering its parameters, and the planner sees the actual range; `fromParam`
 * (e.g. `$1`) names a parameter that already holds the prefix, for the lower bound.
 */
export function withinCodePrefix(column: string, prefix: string, fromParam?: string): string {
  const { from, below } = codePrefixRange(prefix);
  const lower = `${column} >= ${fromParam ?? `'${from}'`}`;
  return below === null ? lower : `${lower} AND ${column} < '${below}'`;
}
