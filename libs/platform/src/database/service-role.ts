import type { DataSource } from 'typeorm';
import { qualified } from './sql';

/** The database role a service runs as, when it is not the owner that migrates. */
export interface ServiceRole {
  name: string;
  /** Set on the role when given (compose, Kubernetes); none with trust or certificate authentication. */
  password?: string;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const userOf = (url: string) => decodeURIComponent(new URL(url).username);

/**
 * The role to grant when the service connects (DATABASE_URL) as another user than the owner that
 * migrates (DATABASE_OWNER_URL); none when both are the same user or no owner URL is set.
 */
export function serviceRoleOf(serviceUrl: string, ownerUrl: string): ServiceRole | undefined {
  if (ownerUrl === '') return undefined;
  const name = userOf(serviceUrl);
  if (name === '' || name === userOf(ownerUrl)) return undefined;
  if (!ROLE_NAME.test(name)) throw new Error(`the service's database user "${name}" must be a lower-case role name ([a-z_][a-z0-9_]*)`);
  const password = decodeURIComponent(new URL(serviceUrl).password);
  return password === '' ? { name } : { name, password };
}

/**
 * Makes the service's role what it may do and no more, run by the owner after every migration (so
 * new tables are covered): it logs in, reads and writes its own schema's tables, only appends to the
 * audit tables (`audit_log`, `audit_seal`; it moves the sealer's cursor), locks the log for sealing
 * through the owner's function, and owns nothing (no DDL, no trigger changes). It is given nothing in
 * any other schema, so it cannot read another service's data.
 */
export async function grantServiceRole(dataSource: DataSource, schema: string, role: ServiceRole): Promise<void> {
  const r = `"${role.name}"`;
  const exists: unknown[] = await dataSource.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
  if (exists.length === 0) {
    await dataSource.query(`CREATE ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT`).catch((error: { code?: string }) => {
      if (error.code !== '42710' && error.code !== '23505') throw error; // made concurrently (roles are per server)
    });
  }
  if (role.password !== undefined) {
    const [{ statement }]: { statement: string }[] = await dataSource.query(`SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS statement`, [role.name, role.password]);
    await dataSource.query(statement);
  }
  const [{ database }]: { database: string }[] = await dataSource.query('SELECT current_database() AS database');
  await dataSource.query(`GRANT CONNECT ON DATABASE "${database.replace(/"/g, '""')}" TO ${r}`);
  await dataSource.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${r}`);
  await dataSource.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO ${r}`);
  await dataSource.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO ${r}`);
  await dataSource.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${qualified(schema, 'audit_log')}, ${qualified(schema, 'audit_seal')} FROM ${r}`);
  await dataSource.query(`REVOKE INSERT, DELETE, TRUNCATE ON ${qualified(schema, 'audit_seal_cursor')} FROM ${r}`);
  await dataSource.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${qualified(schema, 'migrations')} FROM ${r}`);
  await dataSource.query(`GRANT EXECUTE ON FUNCTION ${qualified(schema, 'audit_log_lock_for_sealing')}() TO ${r}`);
}
