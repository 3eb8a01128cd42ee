import { booleanCell, parseCsvObjects } from '../csv-import';

/**
 * CSV rows to import objects. The header names the JSON fields; numbers and booleans are converted;
 * `materials` is "名称|必需;名称|可选"; `discretionBands` is a JSON array. Empty cells are omitted.
 */
export function parseCatalogCsv(csv: string): unknown[] {
  return parseCsvObjects(csv, 'CATALOG_IMPORT_INVALID', convertCell);
}

const NUMBER_FIELDS = new Set(['statutoryDays', 'promisedDays', 'onsiteVisits']);
const BOOLEAN_FIELDS = new Set(['hearingApplicable', 'legalReviewRequired']);

function convertCell(field: string, cell: string): unknown {
  if (NUMBER_FIELDS.has(field)) return /^-?\d+$/.test(cell) ? Number(cell) : cell;
  if (BOOLEAN_FIELDS.has(field)) return booleanCell(cell);
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
