import { readFile } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { auditRowAt, parseAnchorLines, qualified, readAnchors, verifyAuditChains, type AuditAnchor, type ChainVerification } from '@yiti/platform';
import type { OpsContext } from '../context';
import { OpsError } from '../output';
import { chooseServices, type OpsService } from '../services';

export interface AuditVerifyOptions {
  county?: string;
  all?: boolean;
  service?: string[];
  /** false: without anchors (--no-anchors); a string: an exported anchor file; true: the anchor stream's. */
  anchors?: boolean | string;
}

export interface AuditVerifyRow extends ChainVerification {
  service: string;
  brokenRow?: Record<string, unknown> | null;
}

async function hasTable(ds: DataSource, schema: string, table: string): Promise<boolean> {
  const [{ exists }]: { exists: boolean }[] = await ds.query('SELECT to_regclass($1) IS NOT NULL AS exists', [`"${schema}"."${table}"`]);
  return exists;
}

/** Sealed rows to check (for the progress bar) and the counties with rows, in one schema. */
async function chainsOf(ds: DataSource, schema: string, county: string | undefined): Promise<{ counties: string[]; rows: number }> {
  if (!(await hasTable(ds, schema, 'audit_log'))) return { counties: [], rows: 0 };
  const counties: { county_code: string }[] = county
    ? await ds.query(`SELECT $1::text AS county_code WHERE EXISTS (SELECT 1 FROM ${qualified(schema, 'audit_log')} WHERE county_code = $1) OR EXISTS (SELECT 1 FROM ${qualified(schema, 'audit_seal')} WHERE county_code = $1)`, [county])
    : await ds.query(`SELECT DISTINCT county_code FROM ${qualified(schema, 'audit_log')} ORDER BY 1`);
  const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM ${qualified(schema, 'audit_seal')} WHERE $1::text IS NULL OR county_code = $1`, [county ?? null]);
  return { counties: counties.map((c) => c.county_code), rows: n };
}

/**
 * Recomputes the audit chains of a county (or of every county: --all) in every service's schema
 * (or those named), with progress; names the first broken link. Fails on anything an operator would
 * not expect: neither a county nor --all, a county no service has rows for, a named service without
 * rows, nothing checked at all.
 */
export async function auditVerify(ctx: OpsContext, options: AuditVerifyOptions): Promise<AuditVerifyRow[]> {
  if (!options.county && !options.all) throw new OpsError('name a county code (audit verify 320585) or verify every county with --all', 2);
  if (options.county && options.all) throw new OpsError('name a county or --all, not both', 2);
  if (options.county && !/^[0-9]{6}$/.test(options.county) && !/^[A-Za-z0-9_-]{1,64}$/.test(options.county)) throw new OpsError(`"${options.county}" is not a county code`, 2);
  let services: OpsService[];
  try {
    services = chooseServices(options.service);
  } catch (error) {
    throw new OpsError((error as Error).message, 2);
  }
  const keys = ctx.auditKeys();
  const anchorFile = typeof options.anchors === 'string' ? await readFile(options.anchors, 'utf8') : null;
  return ctx.withDatabase(async (ds) => {
    const plan: { service: OpsService; counties: string[]; rows: number }[] = [];
    for (const service of services) plan.push({ service, ...(await chainsOf(ds, service.schema, options.county)) });
    const named = options.service && options.service.length > 0;
    const empty = plan.filter((p) => p.counties.length === 0);
    if (named && empty.length > 0) {
      throw new OpsError(`${empty.map((p) => p.service.name).join(', ')} ${empty.length === 1 ? 'has' : 'have'} no audit rows${options.county ? ` for county ${options.county}` : ''}: nothing to verify there (wrong service, county or database?)`);
    }
    if (plan.every((p) => p.counties.length === 0)) {
      throw new OpsError(
        options.county
          ? `no service has audit rows for county ${options.county} (checked ${services.map((s) => s.schema).join(', ')}): unknown county code, or the wrong database`
          : `no audit rows in any schema (${services.map((s) => s.schema).join(', ')}): checked 0 rows, which proves nothing (wrong database?)`,
      );
    }
    const anchorsOf = async (schema: string): Promise<AuditAnchor[] | undefined> => {
      if (options.anchors === false) return undefined;
      if (anchorFile !== null) return parseAnchorLines(anchorFile, schema);
      return ctx.withNats((nc) => readAnchors(nc, schema, ctx.subjectPrefix()));
    };
    const progress = ctx.out.progress('audit verify', plan.reduce((n, p) => n + p.rows, 0));
    const results: AuditVerifyRow[] = [];
    try {
      for (const p of plan) {
        if (p.counties.length === 0) continue;
        const anchors = await anchorsOf(p.service.schema);
        for (const r of await verifyAuditChains(ds, p.service.schema, keys, p.counties, anchors, (n) => progress.increment(n))) {
          const row: AuditVerifyRow = { service: p.service.name, ...r };
          if (r.brokenAtChainSeq !== null) row.brokenRow = await auditRowAt(ds, p.service.schema, r.countyCode, r.brokenAtChainSeq);
          results.push(row);
        }
      }
    } finally {
      progress.stop();
    }
    const checked = results.reduce((n, r) => n + r.checked, 0);
    ctx.out.result({ valid: results.every((r) => r.valid), checked, chains: results });
    ctx.out.table(
      null,
      results.map((r) => ({ service: r.service, county: r.countyCode, checked: r.checked, unsealed: r.unsealed, skipped: r.skipped, valid: r.valid ? 'yes' : 'NO', 'broken at': r.brokenAtChainSeq ?? '', problem: r.problem ?? anchorProblem(r) })),
    );
    const broken = results.find((r) => !r.valid);
    if (checked === 0) {
      const waiting = results.reduce((n, r) => n + r.unsealed + r.skipped, 0);
      throw new OpsError(`checked 0 sealed audit rows: nothing was verified${waiting > 0 ? ` (${waiting} rows await sealing: is the sealer running? see yiti-ops doctor)` : ''}`);
    }
    if (broken) {
      const where = broken.brokenAtChainSeq !== null ? ` at chain position ${broken.brokenAtChainSeq}` : '';
      const row = broken.brokenRow ? ` (audit row seq ${String(broken.brokenRow.seq)}: ${String(broken.brokenRow.action)} ${String(broken.brokenRow.resourceType)} ${String(broken.brokenRow.resourceId)})` : '';
      throw new OpsError(`audit chain broken: ${broken.service} county ${broken.countyCode}${where}${row}: ${broken.problem ?? anchorProblem(broken)}`);
    }
    ctx.out.line(`every chain valid: ${checked} sealed rows in ${results.length} chains`);
    return results;
  });
}

function anchorProblem(r: ChainVerification): string {
  if (r.skipped > 0) return `${r.skipped} rows passed without a seal`;
  const a = r.anchorCheck;
  if (!a) return '';
  if (a.changedBeforeChainSeq !== null) return `chain rewritten at or before anchored position ${a.changedBeforeChainSeq}`;
  if (a.cutFromTail !== null) return `positions ${a.cutFromTail[0]}–${a.cutFromTail[1]} cut from the tail`;
  return '';
}
