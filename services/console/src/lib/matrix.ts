/** 赋权矩阵: a page of delegations pivoted into items (rows) × towns (columns), each cell the mode today. */
export interface MatrixRow {
  itemId: string;
  itemName: string;
  kind: string;
  modes: Record<string, string>;
}

export function delegationMatrix(delegations: readonly { itemId: string; itemName: string; kind: string; townCode: string; modeToday: string }[]): { towns: string[]; rows: MatrixRow[] } {
  const towns = [...new Set(delegations.map((d) => d.townCode))].sort();
  const rows = new Map<string, MatrixRow>();
  for (const d of delegations) {
    const row = rows.get(d.itemId) ?? { itemId: d.itemId, itemName: d.itemName, kind: d.kind, modes: {} };
    row.modes[d.townCode] = d.modeToday;
    rows.set(d.itemId, row);
  }
  return { towns, rows: [...rows.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.itemName.localeCompare(b.itemName, 'zh-CN')) };
}

/** The town a page asks about: a town user's own; a county user's pick, or the whole county (undefined). */
export function scopedTown(jurisdictionCode: string, picked: string | undefined): string | undefined {
  return jurisdictionCode.length >= 9 ? jurisdictionCode.slice(0, 9) : picked;
}
