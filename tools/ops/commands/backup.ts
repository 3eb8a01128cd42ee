import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource, QueryRunner } from 'typeorm';
import { buildInfo, chainHeads, deleteEventStream, ensureDatabase, markOutboxForRepublish, qualified, rebaseAuditSealing, verifyAuditChains } from '@yiti/platform';
import { redactUrl, type OpsContext } from '../context';
import { OpsError } from '../output';
import { OPS_SERVICES } from '../services';
import { schemaVersions } from './version';

const run = promisify(execFile);
export const BACKUP_FORMAT = 'yiti-backup/1';
const DUMP_FILE = 'database.dump';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  release: string;
  commit: string;
  database: string;
  postgresServer: string;
  pgDump: string;
  files: { name: string; bytes: number; sha256: string }[];
  /** Per service schema: its latest migration and the rows of each table, counted in the dump's snapshot. */
  schemas: Record<string, { latestMigration: string | null; rows: Record<string, number> }>;
  /** Every county's audit chain head per schema at the dump. */
  auditHeads: Record<string, { countyCode: string; chainSeq: string; hash: string }[]>;
}

/** The URL without its password, and the password for PGPASSWORD (never on a command line: ps shows it). */
function connectionOf(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function majorOf(version: string): number {
  const match = /(\d+)(?:\.\d+)?/.exec(version);
  return match ? Number(match[1]) : NaN;
}

async function toolVersion(tool: string): Promise<string> {
  try {
    return (await run(tool, ['--version'])).stdout.trim();
  } catch {
    throw new OpsError(`${tool} not found: install the PostgreSQL client of the server's major version or newer (postgresql-client)`);
  }
}

/**
 * Why a PostgreSQL client tool (its `--version` line) cannot be used against a server of
 * `serverVersion` (`server_version`), or null when it can: pg_dump and pg_restore refuse servers of a
 * newer major than themselves, and a version that cannot be read is not guessed at.
 */
export function clientVersionProblem(toolVersionLine: string, serverVersion: string): string | null {
  const client = majorOf(toolVersionLine.replace(/^[^0-9]*/, ''));
  const server = majorOf(serverVersion);
  if (Number.isNaN(client)) return `cannot read the version of "${toolVersionLine}"`;
  if (Number.isNaN(server)) return `cannot read the server's version "${serverVersion}"`;
  if (client < server) return `${toolVersionLine} is older than the server (PostgreSQL ${serverVersion}): install the client of major ${server} or newer (postgresql-client-${server}; the container image has it)`;
  return null;
}

/** pg_dump and pg_restore refuse servers newer than themselves: check first, with a clear message. */
async function checkClientVersion(tool: string, serverVersion: string): Promise<string> {
  const version = await toolVersion(tool);
  const problem = clientVersionProblem(version, serverVersion);
  if (problem) throw new OpsError(problem);
  return version;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new OpsError(`${tool} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

async function tablesOf(q: { query: DataSource['query'] }, schema: string): Promise<string[]> {
  const rows: { table_name: string }[] = await q.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`, [schema]);
  return rows.map((r) => r.table_name);
}

async function countRows(q: { query: DataSource['query'] }, schemas: string[], progress: { increment(): void }): Promise<Record<string, Record<string, number>>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const schema of schemas) {
    counts[schema] = {};
    for (const table of await tablesOf(q, schema)) {
      const [{ n }]: { n: number }[] = await q.query(`SELECT count(*)::int AS n FROM ${qualified(schema, table)}`);
      (counts[schema] as Record<string, number>)[table] = n;
      progress.increment();
    }
  }
  return counts;
}

/**
 * One pg_dump (custom format) of the whole database, and a manifest: the dump's checksum, the
 * release, the server and pg_dump versions, every service table's rows and every audit chain's head,
 * all read in the dump's own snapshot (so the counts are exactly what the dump holds).
 */
export async function backup(ctx: OpsContext, options: { to: string }): Promise<BackupManifest> {
  const dir = resolve(options.to);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if ((await readdir(dir)).length > 0) throw new OpsError(`${dir} is not empty: back up into a new directory`);
  const url = ctx.databaseUrl();
  const conn = connectionOf(url);
  return ctx.withDatabase(async (ds) => {
    const [{ version }]: { version: string }[] = await ds.query(`SELECT current_setting('server_version') AS version`);
    const pgDump = await checkClientVersion('pg_dump', version);
    const schemas = OPS_SERVICES.map((s) => s.schema);
    const runner: QueryRunner = ds.createQueryRunner();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [{ snapshot }]: { snapshot: string }[] = await runner.query('SELECT pg_export_snapshot() AS snapshot');
      const dumpFile = join(dir, DUMP_FILE);
      let tables = 0;
      for (const s of schemas) tables += (await tablesOf(runner, s)).length;
      const progress = ctx.out.progress('backup: counting rows', tables);
      const dumping = runTool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${dumpFile}`, `--dbname=${conn.url}`], conn.env);
      let rows: Record<string, Record<string, number>>;
      const heads: BackupManifest['auditHeads'] = {};
      try {
        rows = await countRows(runner, schemas, progress);
        for (const schema of schemas) if (rows[schema]?.audit_seal !== undefined) heads[schema] = await chainHeads(runner as unknown as DataSource, schema);
      } finally {
        progress.stop();
      }
      ctx.out.note('backup: waiting for pg_dump…');
      await dumping;
      await runner.query('COMMIT');
      await chmod(dumpFile, 0o600);
      const versions = await schemaVersions(ds);
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        createdAt: new Date().toISOString(),
        ...buildInfo(ctx.env),
        database: redactUrl(url),
        postgresServer: version,
        pgDump,
        files: [{ name: DUMP_FILE, bytes: (await stat(dumpFile)).size, sha256: await sha256Of(dumpFile) }],
        schemas: Object.fromEntries(schemas.filter((s) => rows[s] && Object.keys(rows[s] as object).length > 0).map((s) => [s, { latestMigration: versions[s] ?? null, rows: rows[s] as Record<string, number> }])),
        auditHeads: heads,
      };
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
      ctx.out.result({ directory: dir, manifest });
      ctx.out.table(
        `backup written to ${dir} (${manifest.files[0]?.bytes} bytes, sha256 ${manifest.files[0]?.sha256.slice(0, 16)}…)`,
        Object.entries(manifest.schemas).map(([schema, s]) => ({ schema, tables: Object.keys(s.rows).length, rows: Object.values(s.rows).reduce((a, b) => a + b, 0), 'latest migration': s.latestMigration })),
      );
      return manifest;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  });
}

export interface RestoreOptions {
  from: string;
  keepEventStream?: boolean;
  /** false: --no-owner (pg_restore --no-owner --no-privileges). */
  owner?: boolean;
}

export interface RestoreReport {
  tables: { schema: string; table: string; backup: number; restored: number; ok: boolean }[];
  republished: Record<string, number>;
  sealedOnRebase: Record<string, number>;
  audit: { schema: string; countyCode: string; checked: number; valid: boolean; problem?: string }[];
  eventStreamDeleted: boolean | null;
}

/**
 * Restores a backup into an empty database, then makes the platform consistent again: the event
 * stream is replaced by what the restored outboxes hold (deleted, outboxes marked for republishing:
 * the relays publish them when the services start), audit sealing is rebased onto this server's
 * transaction ids, and the row counts and audit chains are verified against the manifest.
 */
export async function restore(ctx: OpsContext, options: RestoreOptions): Promise<RestoreReport> {
  const dir = resolve(options.from);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
  } catch (error) {
    throw new OpsError(`no readable manifest.json in ${dir}: ${(error as Error).message}`);
  }
  if (manifest.format !== BACKUP_FORMAT) throw new OpsError(`${dir}/manifest.json is not a ${BACKUP_FORMAT} manifest`);
  for (const file of manifest.files) {
    const path = join(dir, file.name);
    const sum = await sha256Of(path).catch(() => null);
    if (sum !== file.sha256) throw new OpsError(`${file.name}: ${sum === null ? 'missing' : 'checksum does not match the manifest (damaged or changed)'}; nothing restored`);
  }
  const keys = ctx.auditKeys();
  const url = ctx.databaseUrl();
  const conn = connectionOf(url);
  await ensureDatabase(url).catch((error: Error) => {
    throw new OpsError(`cannot create or reach the database ${redactUrl(url)}: ${error.message}`);
  });
  await ctx.withDatabase(async (ds) => {
    const [{ version }]: { version: string }[] = await ds.query(`SELECT current_setting('server_version') AS version`);
    await checkClientVersion('pg_restore', version);
    const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`);
    if (n > 0) throw new OpsError(`${redactUrl(url)} is not empty (${n} tables): restore only into an empty database (create a new one, or drop this one first)`);
  });
  ctx.out.note(`restore: pg_restore into ${redactUrl(url)}…`);
  await runTool('pg_restore', ['--exit-on-error', ...(options.owner === false ? ['--no-owner', '--no-privileges'] : []), `--dbname=${conn.url}`, join(dir, DUMP_FILE)], conn.env);

  const eventStreamDeleted = options.keepEventStream ? null : await ctx.withNats(deleteEventStream);
  return ctx.withDatabase(async (ds) => {
    const report: RestoreReport = { tables: [], republished: {}, sealedOnRebase: {}, audit: [], eventStreamDeleted };
    const schemas = Object.keys(manifest.schemas);
    const progress = ctx.out.progress('restore: verifying', schemas.reduce((n, s) => n + Object.keys(manifest.schemas[s]?.rows ?? {}).length, 0));
    try {
      for (const schema of schemas) {
        report.republished[schema] = await markOutboxForRepublish(ds, schema);
        report.sealedOnRebase[schema] = await rebaseAuditSealing(ds, schema, keys);
      }
      for (const schema of schemas) {
        for (const [table, backupRows] of Object.entries(manifest.schemas[schema]?.rows ?? {})) {
          const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM ${qualified(schema, table)}`);
          // Rebasing seals the rows the dump held unsealed: those seals are new.
          const expected = table === 'audit_seal' ? backupRows + (report.sealedOnRebase[schema] ?? 0) : backupRows;
          report.tables.push({ schema, table, backup: backupRows, restored: n, ok: n === expected });
          progress.increment();
        }
        for (const r of await verifyAuditChains(ds, schema, keys)) report.audit.push({ schema, countyCode: r.countyCode, checked: r.checked, valid: r.valid, ...(r.problem ? { problem: r.problem } : {}) });
      }
    } finally {
      progress.stop();
    }
    ctx.out.result(report);
    const differing = report.tables.filter((t) => !t.ok);
    ctx.out.table('row counts (backup → restored):', differing.length > 0 ? differing : [{ tables: report.tables.length, rows: report.tables.reduce((a, t) => a + t.restored, 0), 'all match': 'yes' }]);
    ctx.out.table('audit chains:', report.audit.map((a) => ({ schema: a.schema, county: a.countyCode, checked: a.checked, valid: a.valid ? 'yes' : 'NO', problem: a.problem ?? '' })));
    ctx.out.line(
      `outbox events to republish: ${Object.values(report.republished).reduce((a, b) => a + b, 0)}; event stream ${eventStreamDeleted === null ? 'kept (--keep-event-stream)' : 'deleted'}: start the services (they make the stream and consumers again; the relays republish)`,
    );
    if (differing.length > 0) throw new OpsError(`row counts differ from the backup in ${differing.map((t) => `${t.schema}.${t.table} (${t.backup} → ${t.restored})`).join(', ')}`);
    const broken = report.audit.filter((a) => !a.valid);
    if (broken.length > 0) throw new OpsError(`audit chains not valid after the restore: ${broken.map((b) => `${b.schema} ${b.countyCode}: ${b.problem ?? 'rows passed without a seal'}`).join('; ')}`);
    return report;
  });
}
