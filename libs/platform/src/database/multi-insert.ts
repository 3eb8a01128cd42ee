import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { preparedQuery } from './prepared';

/** Rows for one table, written by `insertAll` together with other tables' rows. */
export interface TableRows {
  table: string;
  columns: string[];
  rows: unknown[][];
}

/**
 * Inserts rows into several tables in one statement (data-modifying CTEs): one round trip to the
 * database however many tables the transaction appends to.
 */
export async function insertAll(em: EntityManager, batches: TableRows[], options: { named?: boolean } = {}): Promise<void> {
  const nonEmpty = batches.filter((b) => b.rows.length > 0);
  if (nonEmpty.length === 0) return;
  const params: unknown[] = [];
  const statements = nonEmpty.map((batch) => {
    const values = batch.rows.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
    return `INSERT INTO ${batch.table} (${batch.columns.join(', ')}) VALUES ${values.join(', ')}`;
  });
  const last = statements.pop() as string;
  const sql = statements.length === 0 ? last : `WITH ${statements.map((s, i) => `w${i} AS (${s})`).join(', ')} ${last}`;
  await (options.named === false ? em.query(sql, params) : preparedQuery(em, sql, params));
}

/**
 * Rows of TypeORM entities for `insertAll` (or a unit of work's `stage`), columns as the entity maps
 * them; jsonb as JSON. Only the mapping is read (no query), so a DataSource does as well as a
 * transaction's EntityManager.
 */
export function entityRows<T extends ObjectLiteral>(source: DataSource | EntityManager, target: EntityTarget<T>, entities: T[]): TableRows {
  const metadata = ('connection' in source ? source.connection : source).getMetadata(target);
  return {
    table: metadata.tablePath,
    columns: metadata.columns.map((c) => c.databaseName),
    rows: entities.map((entity) => metadata.columns.map((c) => (c.type === 'jsonb' ? JSON.stringify(c.getEntityValue(entity)) : c.getEntityValue(entity)))),
  };
}
