import { parse } from 'csv-parse/sync';
import { DomainException } from '@yiti/platform';

/**
 * CSV rows to import objects. The header names the JSON fields; numbers and booleans are converted;
 * `materials` is "名称|必需;名称|可选"; `discretionBands` is a JSON array. Empty cells are omitted.
 */
export function parseCatalogCsv(csv: string): unknown[] {
  const records = parseCsvRecords(csv);
  const [header, ...rows] = records;
  if (!header || header.length === 0) throw new DomainException('CATALOG_IMPORT_INVALID', 'CSV 为空 empty CSV');
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

const NUMBER_FIELDS = new Set(['statutoryDays', 'promisedDays', 'onsiteVisits']);
const BOOLEAN_FIELDS = new Set(['hearingApplicable', 'legalReviewRequired']);

function convertCell(field: string, cell: string): unknown {
  if (NUMBER_FIELDS.has(field)) return /^-?\d+$/.test(cell) ? Number(cell) : cell;
  if (BOOLEAN_FIELDS.has(field)) return ['true', '是', '1', 'yes'].includes(cell.toLowerCase()) ? true : ['false', '否', '0', 'no'].includes(cell.toLowerCase()) ? false : cell;
  if (field === 'materials') {
    return cell.split(';').filter(Boolean).map((part) => {
      const [name, need] = part.split('|');
      return { name: (name ?? '').trim(), required: (need ?? '必需').trim() !== '可选' };
    });
  }
  if (field === 'discretionBands') {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      return cell; // reported by validation as "must be an array"
    }
  }
  return cell;
}

/** RFC 4180 records (quoted commas, quotes and line breaks; any line ending), via csv-parse. */
export function parseCsvRecords(text: string): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] }) as string[][];
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new DomainException('CATALOG_IMPORT_INVALID', `CSV 格式错误 CSV is malformed: ${e.message ?? String(error)}`, [{ field: `line ${e.lines ?? '?'}`, messages: [e.message ?? 'malformed CSV'] }]);
  }
}
