import { ensureDatabase, migrateServiceSchema, migrationStatus, type MigrationStatus } from '@yiti/platform';
import type { OpsContext } from '../context';
import { OpsError } from '../output';
import { chooseServices, type OpsService } from '../services';

export interface SchemaMigrations extends MigrationStatus {
  service: string;
}

/** Applied vs available migrations of each service schema (this release's migrations). */
export async function readMigrationStatus(ctx: OpsContext, services: OpsService[]): Promise<SchemaMigrations[]> {
  const all: SchemaMigrations[] = [];
  for (const service of services) {
    const ds = service.dataSource(ctx.databaseUrl());
    try {
      await ds.initialize();
    } catch (error) {
      throw new OpsError(`cannot reach PostgreSQL for ${service.name}: ${(error as Error).message} (set DATABASE_OWNER_URL or DATABASE_URL)`);
    }
    try {
      all.push({ service: service.name, ...(await migrationStatus(ds)) });
    } finally {
      await ds.destroy();
    }
  }
  return all;
}

export async function migrateStatus(ctx: OpsContext, options: { service?: string[] }): Promise<SchemaMigrations[]> {
  const all = await readMigrationStatus(ctx, chooseServices(options.service));
  ctx.out.result({ schemas: all });
  ctx.out.table(
    null,
    all.map((s) => ({ service: s.service, schema: s.schema, applied: s.applied.length, pending: s.pending.length, latest: s.applied[s.applied.length - 1] ?? '(none)', 'pending names': s.pending.join(', '), unknown: s.unknown.join(', ') })),
  );
  return all;
}

/**
 * Applies every pending migration, schema by schema, as the owner (DATABASE_OWNER_URL, else
 * DATABASE_URL), granting each service's role (`<SERVICE>_DATABASE_URL`'s user, as migrate-all does).
 */
export async function migrateUp(ctx: OpsContext, options: { service?: string[] }): Promise<{ service: string; applied: string[] }[]> {
  const services = chooseServices(options.service);
  const owner = ctx.databaseUrl();
  await ensureDatabase(owner).catch((error: Error) => {
    throw new OpsError(`cannot create or reach the database: ${error.message}`);
  });
  const progress = ctx.out.progress('migrate', services.length);
  const results: { service: string; applied: string[] }[] = [];
  try {
    for (const service of services) {
      const serviceUrl = ctx.env[`${service.name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`] || ctx.env.DATABASE_URL || owner;
      const applied = await migrateServiceSchema(service.dataSource(serviceUrl), { DATABASE_URL: serviceUrl, DATABASE_OWNER_URL: owner === serviceUrl ? '' : owner });
      results.push({ service: service.name, applied });
      progress.increment();
    }
  } finally {
    progress.stop();
  }
  ctx.out.result({ migrated: results });
  ctx.out.table(null, results.map((r) => ({ service: r.service, applied: r.applied.length, names: r.applied.join(', ') })));
  ctx.out.line(results.every((r) => r.applied.length === 0) ? 'nothing to migrate: every schema is up to date' : 'migrated');
  return results;
}

/**
 * What installing this release over the database would do, without doing it: the pending
 * migrations per schema; and fails when the database has migrations this release does not know
 * (it is older than what ran here: a downgrade).
 */
export async function upgradeCheck(ctx: OpsContext): Promise<SchemaMigrations[]> {
  const all = await readMigrationStatus(ctx, chooseServices(undefined));
  ctx.out.result({ schemas: all.map((s) => ({ service: s.service, schema: s.schema, pending: s.pending, unknown: s.unknown })), wouldMigrate: all.some((s) => s.pending.length > 0) });
  ctx.out.table('pending migrations (yiti-ops migrate up applies them, in this order):', all.flatMap((s) => s.pending.map((name) => ({ service: s.service, migration: name }))));
  const unknown = all.filter((s) => s.unknown.length > 0);
  if (unknown.length > 0) throw new OpsError(`the database has migrations this release does not know (${unknown.map((s) => `${s.schema}: ${s.unknown.join(', ')}`).join('; ')}): it was migrated by a newer release; do not install this one over it`);
  ctx.out.line(all.some((s) => s.pending.length > 0) ? 'the upgrade will apply the migrations above, then the services restart' : 'no migration pending: the upgrade changes no schema');
  return all;
}
