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
