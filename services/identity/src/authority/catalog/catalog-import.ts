import { CatalogItemInput, type ImportRowError } from '@yiti/contracts';
import { validateRows } from '../csv-import';

/** Kind-specific fields a licensing or a penalty item must carry. */
const REQUIRED_BY_KIND: Record<CatalogItemInput['kind'], (keyof CatalogItemInput)[]> = {
  licensing: ['statutoryDays', 'promisedDays', 'materials'],
  penalty: ['violatedProvision', 'penaltyProvision', 'discretionBands'],
};

export interface CheckedImport {
  items: CatalogItemInput[];
  errors: ImportRowError[];
}

/**
 * Checks every row and reports every problem with its row number, so an operator fixes the file
 * once. Rows are numbered from 1 in the order given.
 */
export async function checkCatalogRows(rows: unknown[], existingCodes: Set<string>): Promise<CheckedImport> {
  const items: CatalogItemInput[] = [];
  const { valid, errors } = await validateRows(rows, CatalogItemInput);
  const seen = new Map<string, number>();
  for (const [index, item] of valid.entries()) {
    const row = index + 1;
    if (item === null) continue;
    for (const field of REQUIRED_BY_KIND[item.kind]) {
      if (item[field] === undefined) errors.push({ row, field, message: `${field} is required for a ${item.kind} item` });
    }
    if (item.kind === 'licensing' && item.promisedDays !== undefined && item.statutoryDays !== undefined && item.promisedDays > item.statutoryDays) {
      errors.push({ row, field: 'promisedDays', message: 'the promised limit cannot exceed the statutory limit' });
    }
    for (const band of item.discretionBands ?? []) {
      if (band.minFine !== null && band.maxFine !== null && band.minFine > band.maxFine) {
        errors.push({ row, field: 'discretionBands', message: `band "${band.circumstance}": minFine exceeds maxFine` });
      }
    }
    const firstRow = seen.get(item.basicCode);
    if (firstRow !== undefined) errors.push({ row, field: 'basicCode', message: `duplicate of row ${firstRow}` });
    else if (existingCodes.has(item.basicCode)) errors.push({ row, field: 'basicCode', message: 'already in this catalog version' });
    seen.set(item.basicCode, seen.get(item.basicCode) ?? row);
    items.push(item);
  }
  return { items, errors };
}

const DETAIL_FIELDS: (keyof CatalogItemInput)[] = [
  'statutoryDays', 'promisedDays', 'materials', 'fees', 'onsiteVisits',
  'violatedProvision', 'penaltyProvision', 'discretionBands', 'hearingApplicable', 'legalReviewRequired',
];

export function detailsOf(item: CatalogItemInput): Record<string, string | number | boolean | object> {
  const details: Record<string, string | number | boolean | object> = {};
  for (const field of DETAIL_FIELDS) if (item[field] !== undefined) details[field] = JSON.parse(JSON.stringify(item[field]));
  return details;
}
