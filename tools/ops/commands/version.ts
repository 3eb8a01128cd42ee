import type { DataSource } from 'typeorm';
import { buildInfo, qualified } from '@yiti/platform';
import type { OpsContext } from '../context';
import { OPS_SERVICES } from '../services';

/** The latest applied migration of each service schema (null: schema not migrated). */
export async function schemaVersions(ds: DataSource): Promise<Record<string, string | null>> {
  const versions: Record<string, string | null> = {};
  for (const s of OPS_SERVICES) {
    const [{ exists }]: { exists: boolean }[] = await ds.query('SELECT to_regclass($1) IS NOT NULL AS exists', [`"${s.schema}"."migrations"`]);
    const [latest]: { name: string }[] = exists ? await ds.query(`SELECT name FROM ${qualified(s.schema, 'migrations')} ORDER BY timestamp DESC, id DESC LIMIT 1`) : [];
    versions[s.schema] = latest?.name ?? null;
  }
  return versions;
}

/** Release and commit of this CLI (the same build as the services of its image), and each schema's version; `--offline`: without the database. */
export async function version(ctx: OpsContext, options: { offline?: boolean }): Promise<{ release: string; commit: string; schemas?: Record<string, string | null> }> {
  const info = buildInfo(ctx.env);
  const schemas = options.offline ? undefined : await ctx.withDatabase(schemaVersions);
  const result = { ...info, ...(schemas ? { schemas } : {}) };
  ctx.out.result(result);
  ctx.out.table(null, [
    { what: 'release', value: info.release },
    { what: 'commit', value: info.commit },
    ...Object.entries(schemas ?? {}).map(([schema, latest]) => ({ what: `schema ${schema}`, value: latest ?? '(not migrated)' })),
  ]);
  return result;
}
