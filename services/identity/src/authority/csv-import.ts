import { parse } from 'csv-parse/sync';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import type { ErrorCode, ImportRowError } from '@yiti/contracts';
import { DomainException, VALIDATOR_OPTIONS, flattenValidationErrors } from '@yiti/platform';

/** RFC 4180 records (quoted commas, quotes and line breaks; any line ending), via csv-parse. */
export function parseCsvRecords(text: string, errorCode: ErrorCode): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new DomainException(errorCode, `CSV 格式错误 CSV is malformed: ${e.message ?? String(error)}`, [{ field: `line ${e.lines ?? '?'}`, messages: [e.message ?? 'malformed CSV'] }]);
  }
}

/**
 * CSV rows to import objects: the header row names the JSON fields, `convertCell` turns a cell into
 * its field's value. Empty cells are omitted and blank lines skipped.
 */
export function parseCsvObjects(csv: string, errorCode: ErrorCode, convertCell: (field: string, cell: string) => unknown): Record<string, unknown>[] {
  const [header, ...rows] = parseCsvRecords(csv, errorCode);
  if (!header || header.length === 0) throw new DomainException(errorCode, 'CSV 为空 empty CSV');
  return rows
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => {
      const item: Record<string, unknown> = {};
      header.forEach((field, i) => {
        const cell = (row[i] ?? '').trim();
        if (cell !== '') item[field.trim()] = convertCell(field.trim(), cell);
      });
      return item;
    });
}

/** A yes/no cell as county spreadsheets write it; anything else is left for validation to report. */
export function booleanCell(cell: string): boolean | string {
  const value = cell.toLowerCase();
  if (['true', '是', '1', 'yes'].includes(value)) return true;
  if (['false', '否', '0', 'no'].includes(value)) return false;
  return cell;
}

/**
 * Validates every row against its contract class and reports every problem with its row number
 * (from 1, in the order given), so an operator fixes the file once. `valid[i]` is the checked
 * instance of row i + 1, or null when it failed.
 */
export async function validateRows<T extends object>(rows: unknown[], type: ClassConstructor<T>): Promise<{ valid: (T | null)[]; errors: ImportRowError[] }> {
  const valid: (T | null)[] = [];
  const errors: ImportRowError[] = [];
  for (const [index, raw] of rows.entries()) {
    const row = index + 1;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      errors.push({ row, field: '*', message: 'row must be an object' });
      valid.push(null);
      continue;
    }
    const instance = plainToInstance(type, raw);
    const problems = flattenValidationErrors(await validate(instance, VALIDATOR_OPTIONS));
    for (const p of problems) errors.push({ row, field: p.field, message: p.messages.join('; ') });
    valid.push(problems.length === 0 ? instance : null);
  }
  return { valid, errors };
}
