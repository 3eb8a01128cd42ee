import { DataSource, type MixedList, type EntitySchema } from 'typeorm';
import { PLATFORM_MIGRATIONS } from './platform-tables.migration';
import { grantServiceRole, serviceRoleOf, type ServiceRole } from './service-role';

/**
 * A pooled connection idle this long is closed (node-postgres's default is 10 s). Each new one forks
 * a PostgreSQL backend that loads its catalog caches on first use, so a service whose traffic
 * pauses for a few seconds between bursts paid that again and again: kept a minute.
 */
const POOL_IDLE_TIMEOUT_MS = 60_000;

export interface ServiceDataSourceOptions {
  url: string;
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: Function[];
  poolSize?: number;
  applicationName?: string;
}

/**
 * How long a request waits for a pooled connection (a new one, or a free one when all are busy).
 * Below the default RPC timeout: a PostgreSQL that does not answer (a network partition, a hung
 * server) is then 503 SERVICE_UNAVAILABLE, not a gateway timeout with work piling up behind it.
 */
export const DATABASE_CONNECT_TIMEOUT_MS = 5000;

/** One data source per service schema; schema changes only through migrations. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: [...PLATFORM_MIGRATIONS, ...options.migrations],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName ?? options.schema,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS, idleTimeoutMillis: POOL_IDLE_TIMEOUT_MS },
  });
}

/**
 * Creates the schema when missing, then applies pending migrations; then, when the service runs as a
 * role of its own, grants it what it may do (every time: new tables are covered). Returns their names.
 */
export async function migrateSchema(dataSource: DataSource, serviceRole?: ServiceRole): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema;
  if (!schema) throw new Error('data source has no schema');
  const wasInitialized = dataSource.isInitialized;
  if (!wasInitialized) await dataSource.initialize();
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (serviceRole) await grantServiceRole(dataSource, schema, serviceRole);
    return applied.map((m) => m.name);
  } finally {
    if (!wasInitialized) await dataSource.destroy();
  }
}

/**
 * Migrates a service's schema as the owner (DATABASE_OWNER_URL, else DATABASE_URL) and grants the
 * service's own role (DATABASE_URL's user, when another than the owner). The data source is a new
 * one of the service's, not initialised.
 */
export async function migrateServiceSchema(dataSource: DataSource, config: { DATABASE_URL: string; DATABASE_OWNER_URL: string }): Promise<string[]> {
  if (config.DATABASE_OWNER_URL !== '') dataSource.setOptions({ url: config.DATABASE_OWNER_URL });
  return migrateSchema(dataSource, serviceRoleOf(config.DATABASE_URL, config.DATABASE_OWNER_URL));
}

/** Creates the database named in the URL when it does not exist (connects to `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) throw new Error(`unsafe database name "${name}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString(), logging: ['error'] });
  await ds.initialize();
  try {
    const rows: unknown[] = await ds.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) {
      await ds.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently
      });
    }
  } finally {
    await ds.destroy();
  }
}
