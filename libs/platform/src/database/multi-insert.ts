import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
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
  const { table, columns, readers } = entityColumns(('connection' in source ? source.connection : source).getMetadata(target));
  return { table, columns, rows: entities.map((entity) => readers.map((read) => read(entity))) };
}

interface EntityColumns {
  table: string;
  columns: string[];
  readers: ((entity: ObjectLiteral) => unknown)[];
}

const columnsByEntity = new WeakMap<EntityMetadata, EntityColumns>();

/**
 * How an entity's columns are read, worked out once per entity: a column outside embeddeds and
 * relations is its property (what `getEntityValue` answers for it, without its checks on every call).
 */
function entityColumns(metadata: EntityMetadata): EntityColumns {
  let known = columnsByEntity.get(metadata);
  if (known) return known;
  const readers = metadata.columns.map((column) => {
    const property = column.propertyName;
    const read = column.embeddedMetadata || column.referencedColumn ? (entity: ObjectLiteral) => column.getEntityValue(entity) : (entity: ObjectLiteral) => entity[property];
    return column.type === 'jsonb' ? (entity: ObjectLiteral) => JSON.stringify(read(entity)) : read;
  });
  columnsByEntity.set(metadata, (known = { table: metadata.tablePath, columns: metadata.columns.map((c) => c.databaseName), readers }));
  return known;
}

/** One data-modifying statement (`UPDATE … WHERE … RETURNING …`) a conditional write hangs on. */
export interface WriteGuard {
  sql: string;
  params: unknown[];
}

/**
 * The guard and the rows in one statement: the guard as the first data-modifying CTE, then each
 * row as an `INSERT … SELECT $n, … WHERE EXISTS (SELECT FROM guard)` of its own (a row of its own
 * so that PostgreSQL types each parameter from its column, as in `INSERT … VALUES`), answering the
 * guard's rows. The rows are written only when the guard changed a row; all of it commits together
 * or not at all. The guard's parameters are $1…$n; the rows' follow.
 */
export function guardedInsertStatement(guard: WriteGuard, batches: TableRows[]): { text: string; params: unknown[] } {
  const params: unknown[] = [...guard.params];
  const inserts: string[] = [];
  for (const batch of batches) {
    for (const row of batch.rows) {
      inserts.push(`INSERT INTO ${batch.table} (${batch.columns.join(', ')}) SELECT ${row.map((value) => `$${params.push(value)}`).join(', ')} WHERE EXISTS (SELECT FROM guard)`);
    }
  }
  const ctes = [`guard AS (${guard.sql})`, ...inserts.map((s, i) => `w${i} AS (${s})`)];
  return { text: `WITH ${ctes.join(', ')} SELECT * FROM guard`, params };
}

/** Runs `guardedInsertStatement` (named: its text depends only on the guard and how many rows of each table). */
export async function guardedInsertAll<R>(em: EntityManager, guard: WriteGuard, batches: TableRows[]): Promise<R[]> {
  const { text, params } = guardedInsertStatement(guard, batches);
  return preparedQuery<R[]>(em, text, params);
}
