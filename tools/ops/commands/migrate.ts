import * as contracts from '@yiti/contracts';
import { EventDefinition } from '@yiti/contracts';
import { ensureDatabase, migrateServiceSchema, migrationStatus, qualified, type MigrationStatus } from '@yiti/platform';
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

export interface EventVersionChange {
  event: string;
  /** Versions this release defines. */
  release: number[];
  /** Versions seen in the outboxes (events of the last days the outboxes retain). */
  seen: number[];
  change: 'new version';
}

/** Every event this release defines (the *_EVENTS maps of @yiti/contracts). */
function releaseEvents(): EventDefinition<unknown>[] {
  const all: EventDefinition<unknown>[] = [];
  for (const value of Object.values(contracts)) {
    if (!value || typeof value !== 'object') continue;
    for (const member of Object.values(value as Record<string, unknown>)) if (member instanceof EventDefinition) all.push(member as EventDefinition<unknown>);
  }
  return all;
}

/**
 * Event types or versions this release emits that the retained outboxes never held: consumers
 * outside the platform must know them before the upgrade. Only as far as the outboxes go back.
 */
async function eventVersionChanges(ctx: OpsContext): Promise<EventVersionChange[]> {
  const seen = new Map<string, Set<number>>();
  await ctx.withDatabase(async (ds) => {
    for (const service of chooseServices(undefined)) {
      const [{ exists }]: { exists: boolean }[] = await ds.query('SELECT to_regclass($1) IS NOT NULL AS exists', [`"${service.schema}"."outbox"`]);
      if (!exists) continue;
      const rows: { subject: string }[] = await ds.query(`SELECT DISTINCT subject FROM ${qualified(service.schema, 'outbox')}`);
      for (const { subject } of rows) {
        const match = /^(.*)\.v(\d+)$/.exec(subject);
        if (!match) continue;
        const key = (match[1] as string).replace(/^.*?yiti\.v1\.events\./, '');
        seen.set(key, (seen.get(key) ?? new Set()).add(Number(match[2])));
      }
    }
  });
  const defined = new Map<string, number[]>();
  for (const e of releaseEvents()) defined.set(`${e.service}.${e.name}`, [...(defined.get(`${e.service}.${e.name}`) ?? []), e.version].sort((a, b) => a - b));
  if (seen.size === 0) return []; // nothing retained: nothing to compare with
  const changes: EventVersionChange[] = [];
  for (const [event, versions] of [...defined].sort(([a], [b]) => a.localeCompare(b))) {
    const before = [...(seen.get(event) ?? [])].sort((a, b) => a - b);
    const newest = Math.max(...versions);
    if (before.length > 0 && newest > Math.max(...before)) changes.push({ event, release: versions, seen: before, change: 'new version' });
  }
  return changes;
}

/**
 * What installing this release over the database would do, without doing it: the pending
 * migrations per schema; and fails when the database has migrations this release does not know
 * (it is older than what ran here: a downgrade).
 */
export async function upgradeCheck(ctx: OpsContext): Promise<SchemaMigrations[]> {
  const all = await readMigrationStatus(ctx, chooseServices(undefined));
  const events = await eventVersionChanges(ctx);
  ctx.out.result({ schemas: all.map((s) => ({ service: s.service, schema: s.schema, pending: s.pending, unknown: s.unknown })), wouldMigrate: all.some((s) => s.pending.length > 0), eventVersions: events });
  ctx.out.table('pending migrations (yiti-ops migrate up applies them, in this order):', all.flatMap((s) => s.pending.map((name) => ({ service: s.service, migration: name }))));
  ctx.out.table('event versions this release emits that the retained outboxes never held (consumers outside the platform must know them):', events.map((e) => ({ event: e.event, seen: e.seen.map((v) => `v${v}`).join(' '), release: e.release.map((v) => `v${v}`).join(' ') })));
  const unknown = all.filter((s) => s.unknown.length > 0);
  if (unknown.length > 0) throw new OpsError(`the database has migrations this release does not know (${unknown.map((s) => `${s.schema}: ${s.unknown.join(', ')}`).join('; ')}): it was migrated by a newer release; do not install this one over it`);
  ctx.out.line(all.some((s) => s.pending.length > 0) ? 'the upgrade will apply the migrations above, then the services restart' : 'no migration pending: the upgrade changes no schema');
  return all;
}
