import { booleanCell, parseCsvObjects } from '../csv-import';

const LIST_FIELDS = new Set(['eventCategories', 'responsibleOrganisationCodes']);

/**
 * A county's duty list as CSV to proposal objects: the header names the JSON fields; `shared` is
 * 是/否 (or true/false); list fields are separated by semicolons (half- or full-width).
 */
export function parseDutiesCsv(csv: string): unknown[] {
  return parseCsvObjects(csv, 'DUTY_PROPOSAL_INVALID', (field, cell) => {
    if (field === 'shared') return booleanCell(cell);
    if (LIST_FIELDS.has(field)) return cell.split(/[;；]/u).map((part) => part.trim()).filter(Boolean);
    return cell;
  });
}
