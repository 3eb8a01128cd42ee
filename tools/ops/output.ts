import { SingleBar, Presets } from 'cli-progress';

/** A failure the operator must see: printed as one clear message, exit code `exitCode` (1 by default). */
export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Where a command writes, and what it reads from its environment: the process's, or a test's. */
export interface OpsIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

export const processIo = (): OpsIo => ({ env: process.env, stdout: process.stdout, stderr: process.stderr });

export type Cell = string | number | boolean | null | undefined | Date;
export type Row = Record<string, Cell>;

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  return String(cell);
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const c of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1;
  return w;
}

/** A plain text table: a header, a rule and one line per row (no dependency needed for this). */
export function renderTable(objects: readonly object[], columns?: string[]): string {
  const rows = objects as Row[];
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((r) => cols.map((c) => text(r[c]).replace(/\s*\n\s*/g, ' ')));
  const widths = cols.map((c, i) => Math.max(width(c), ...cells.map((line) => width(line[i] as string))));
  const pad = (s: string, i: number) => s + ' '.repeat((widths[i] as number) - width(s));
  const line = (values: string[]) => values.map(pad).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}

/** Writes a command's result: human tables by default, one JSON document with `--json`. */
export class Output {
  constructor(
    readonly io: OpsIo,
    readonly json: boolean,
  ) {}

  /** The machine-readable result (JSON mode only); human output goes through table/line. */
  result(value: unknown): void {
    if (this.json) this.io.stdout.write(JSON.stringify(value, null, 2) + '\n');
  }

  table(title: string | null, rows: readonly object[], columns?: string[]): void {
    if (this.json) return;
    if (title) this.io.stdout.write(`${title}\n`);
    this.io.stdout.write(renderTable(rows, columns));
  }

  line(message: string): void {
    if (!this.json) this.io.stdout.write(`${message}\n`);
  }

  /** Notes for the operator that are not the result (stderr: a script reading stdout is not disturbed). */
  note(message: string): void {
    this.io.stderr.write(`${message}\n`);
  }

  /**
   * A progress bar on stderr for long work, only when stdout is a terminal and not in JSON mode;
   * otherwise a no-op. `update(done)` / `increment(n)` / `stop()`.
   */
  progress(label: string, total: number): Progress {
    if (this.json || !this.io.stdout.isTTY || total <= 0) return { increment: () => undefined, stop: () => undefined };
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 50 }, Presets.shades_classic);
    bar.start(total, 0);
    return { increment: (n = 1) => bar.increment(n), stop: () => bar.stop() };
  }
}

export interface Progress {
  increment(n?: number): void;
  stop(): void;
}
