import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { buildInfo } from '@yiti/platform';
import type { OpsContext } from '../context';
import { OpsContext as Context } from '../context';
import { OpsError } from '../output';
import { doctor } from './doctor';

const run = promisify(execFile);

/** Log fields that may carry personal data or secrets: their values never leave in a bundle. */
const REDACTED_KEYS = /^(name|applicant.*|phone|mobile|idNumber|id_number|address|email|password|token|authorization|cookie|secret|body|payload|data|before|after|params|query|username)$/i;

/** Masks what looks like personal data in free text: ID card numbers, mobile numbers, e-mail addresses, bearer tokens. */
export function redactText(text: string): string {
  return text
    .replace(/\b\d{17}[\dXx]\b/g, '[id-number]')
    .replace(/\b1[3-9]\d{9}\b/g, '[phone]')
    .replace(/[\w.+-]+@[\w-]+\.[\w.-]+/g, '[email]')
    .replace(/Bearer\s+[\w.-]+/gi, 'Bearer [token]')
    .replace(/postgres(ql)?:\/\/[^\s"]+/g, 'postgres://[url]');
}

function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return depth > 5 ? '[…]' : value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === 'object') {
    if (depth > 5) return '[…]';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, REDACTED_KEYS.test(k) ? '[redacted]' : redactValue(v, depth + 1)]));
  }
  return value;
}

/** One log line if it is an error (pino level ≥ 50, or "error" in a plain line), redacted; else null. */
export function redactedErrorLine(line: string): string | null {
  try {
    const entry = JSON.parse(line) as { level?: number | string };
    const level = typeof entry.level === 'number' ? entry.level : String(entry.level).toLowerCase() === 'error' || String(entry.level).toLowerCase() === 'fatal' ? 50 : 0;
    return level >= 50 ? JSON.stringify(redactValue(entry)) : null;
  } catch {
    return /\b(error|fatal|exception)\b/i.test(line) ? redactText(line).slice(0, 2000) : null;
  }
}

async function logFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new OpsError(`no log file or directory at ${path}`);
  if (info.isFile()) return [path];
  const names = (await readdir(path)).filter((n) => /\.(log|jsonl?|txt)$/.test(n)).sort();
  if (names.length === 0) throw new OpsError(`no *.log, *.json, *.jsonl or *.txt files in ${path}`);
  return names.map((n) => join(path, n));
}

/** The last `max` redacted error lines of the files, oldest first. */
async function recentErrors(files: string[], max: number): Promise<string[]> {
  const kept: string[] = [];
  for (const file of files) {
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      const redacted = redactedErrorLine(line);
      if (redacted === null) continue;
      kept.push(redacted);
      if (kept.length > max) kept.shift();
    }
  }
  return kept;
}

/**
 * A support bundle for the vendor (tar.gz): versions, the doctor's checks (JSON), the recent error
 * lines of the given logs, redacted: no personal data, no secrets, no connection URLs.
 */
export async function logsBundle(ctx: OpsContext, options: { out: string; logs?: string; lines: number }): Promise<{ file: string; errorLines: number; doctorHealthy: boolean | null }> {
  const out = resolve(options.out);
  const work = await mkdtemp(join(tmpdir(), 'yiti-support-'));
  try {
    const files = options.logs ? await logFiles(options.logs) : [];
    const errors = await recentErrors(files, options.lines);
    await writeFile(join(work, 'versions.json'), JSON.stringify({ ...buildInfo(ctx.env), node: process.version, platform: `${process.platform} ${process.arch}` }, null, 2) + '\n');
    // The doctor's checks, collected quietly (its own output is not this command's).
    const sink = { write: () => true };
    const quiet = new Context({ env: ctx.env, stdout: sink, stderr: sink }, true);
    let checks: unknown = null;
    let healthy: boolean | null = null;
    try {
      checks = await doctor(quiet, { stallSeconds: 60, maxSkewMs: 2000 });
      healthy = true;
    } catch (error) {
      healthy = false;
      checks = { failed: error instanceof Error ? error.message : String(error) };
    }
    await writeFile(join(work, 'doctor.json'), JSON.stringify(redactValue(checks), null, 2) + '\n');
    await writeFile(join(work, 'errors.log'), errors.join('\n') + (errors.length > 0 ? '\n' : ''));
    await writeFile(join(work, 'README.txt'), `Yiti support bundle, ${new Date().toISOString()}\nversions.json, doctor.json, errors.log (last ${options.lines} error lines of ${files.length} files, redacted: personal data and secrets removed)\n`);
    await run('tar', ['-czf', out, '-C', work, 'versions.json', 'doctor.json', 'errors.log', 'README.txt']);
    const result = { file: out, errorLines: errors.length, doctorHealthy: healthy };
    ctx.out.result(result);
    ctx.out.table(null, [{ bundle: out, 'error lines': errors.length, 'log files': files.length, doctor: healthy ? 'healthy' : 'problems (see doctor.json)' }]);
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
