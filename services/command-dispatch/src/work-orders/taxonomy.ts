import { DEFAULT_TAXONOMY, type CategoryKind, type SlaLimit, type TaxonomyEntry } from '@yiti/contracts';

/** A county's row of the category table: an edit of a default entry or an entry of its own. */
export interface CategoryRow {
  code: string;
  name: string;
  kind: CategoryKind;
  duty_category: string | null;
  sla_unit: SlaLimit['unit'] | null;
  sla_amount: number | null;
  active: boolean;
}

/** The county's taxonomy: the defaults, overlaid by the county's own rows (inactive rows hide an entry). */
export function countyTaxonomy(rows: readonly CategoryRow[]): TaxonomyEntry[] {
  const byCode = new Map<string, TaxonomyEntry>(DEFAULT_TAXONOMY.map((e) => [e.code, e]));
  for (const row of rows) {
    if (!row.active) {
      byCode.delete(row.code);
      continue;
    }
    byCode.set(row.code, {
      code: row.code,
      name: row.name,
      kind: row.kind,
      dutyCategory: row.duty_category,
      sla: row.sla_unit && row.sla_amount !== null ? { unit: row.sla_unit, amount: row.sla_amount } : null,
    });
  }
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** The category of a grid event (巡查上报): the city-management class `cm.<kind>.<class>`. */
export const gridEventCategory = (kind: string, category: string): string => `cm.${kind}.${category}`;
