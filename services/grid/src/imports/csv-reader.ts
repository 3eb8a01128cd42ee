import { parse, type Options } from 'csv-parse';
import type { Readable } from 'node:stream';

/** A row refused, with the line of the file it is on (the header is line 1) and every problem with it. */
export interface RowError {
  line: number;
  messages: string[];
}

export interface CsvImportProgress {
  rowsDone: number;
  accepted: number;
  rejected: number;
}

/** Bad rows kept for the report; past this only their count grows (bounded memory whatever the file). */
export const MAX_REPORTED_ROW_ERRORS = 1000;

/** A checked record: the row to write, or what is wrong with it. */
export type Checked<T> = { row: T } | { error: RowError };

/** A record's check: its problems, or the row they would have spoiled. */
export const checked = <T>(line: number, messages: string[], row: () => T): Checked<T> => (messages.length ? { error: { line, messages } } : { row: row() });

/**
 * Reads a CSV file as a stream (csv-parse), checking each record and handing the good ones on in
 * batches: at most one batch and the reported errors are held at a time, so memory is bounded
 * whatever the file's size (csv-parse pauses the file while a batch is written). A bad record is
 * reported with its line and the rest go on; a batch the consumer refuses in part (e.g. no grid at
 * the point, a duplicate) reports those rows. `onProgress` follows each batch.
 */
export async function readCsvInBatches<T extends { line: number }>(
  input: Readable,
  check: (record: Record<string, string | undefined>, line: number) => Checked<T>,
  consume: (rows: T[]) => Promise<RowError[]>,
  options: { batchSize?: number; onProgress?: (progress: CsvImportProgress) => Promise<void> | void } = {},
): Promise<CsvImportProgress & { errors: RowError[] }> {
  const batchSize = options.batchSize ?? 1000;
  const errors: RowError[] = [];
  const progress: CsvImportProgress = { rowsDone: 0, accepted: 0, rejected: 0 };
  const report = (found: RowError[]) => {
    progress.rejected += found.length;
    for (const e of found) if (errors.length < MAX_REPORTED_ROW_ERRORS) errors.push(e);
  };
  let batch: T[] = [];
  let pending = 0;
  const flush = async () => {
    if (batch.length) {
      const refused = await consume(batch);
      report(refused);
      progress.accepted += batch.length - refused.length;
    }
    progress.rowsDone += batch.length + pending;
    batch = [];
    pending = 0;
    await options.onProgress?.({ ...progress });
  };
  // A malformed record (a stray quote, say) is a bad row like any other; its text is never repeated (it may hold an ID number).
  const onSkip = (error: Error & { code?: string; lines?: number }) => {
    report([{ line: error.lines ?? 0, messages: [`CSV 格式错误 malformed record (${error.code ?? 'CSV_ERROR'})`] }]);
    pending++;
  };
  const parser = input.pipe(
    parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, relax_column_count: true, info: true, skip_records_with_error: true, on_skip: onSkip } as Options),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const result = check(record, info.lines);
    if ('error' in result) {
      report([result.error]);
      pending++;
    } else {
      batch.push(result.row);
    }
    if (batch.length + pending >= batchSize) await flush();
  }
  await flush();
  return { ...progress, errors: errors.sort((a, b) => a.line - b.line) };
}

/** Lines in a file (newlines, and a last line without one), read as a stream: the total a job's progress is measured against. */
export async function countDataRows(input: Readable): Promise<number> {
  let newlines = 0;
  let last = 0x0a;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(0x0a);
    while (at !== -1) {
      newlines++;
      at = chunk.indexOf(0x0a, at + 1);
    }
    if (chunk.length) last = chunk[chunk.length - 1] as number;
  }
  const lines = newlines + (last === 0x0a ? 0 : 1);
  return Math.max(0, lines - 1);
}
