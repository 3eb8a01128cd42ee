const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema-qualified, quoted table name. Only plain lowercase identifiers are accepted. */
export function qualified(schema: string, table: string): string {
  if (!IDENT.test(schema) || !IDENT.test(table)) throw new Error(`unsafe identifier ${schema}.${table}`);
  return `"${schema}"."${table}"`;
}
