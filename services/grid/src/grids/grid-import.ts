import Flatbush from 'flatbush';
import type { FieldError, GridFeature } from '@yiti/contracts';
import { gridCodeProblem } from './grid-codes';
import { boundaryProblem, boundingBox, outsideParentProblem, overlapProblem, type Boundary, type BoundaryProblem } from './grid-geometry';

export interface ExistingGrid {
  code: string;
  boundary: Boundary;
}

export interface GridImportInput {
  townCode: string;
  /** The town's boundary, when one is known: every grid must lie inside it. */
  townBoundary: Boundary | null;
  /** Village (community) boundaries by 12-digit code, stored or given: a grid of the village must lie inside its village's. */
  villageBoundaries?: ReadonlyMap<string, Boundary>;
  features: GridFeature[];
  /** The town's grids already stored; an imported feature with the same code replaces one. */
  existing: ExistingGrid[];
}

export type GridImportPlan = { ok: true; grids: (GridFeature & { geometry: Boundary })[] } | { ok: false; errors: FieldError[] };

const describe = (p: BoundaryProblem) => `${p.reason}: ${p.message}${p.coordinates.length ? ` at ${JSON.stringify(p.coordinates)}` : ''}`;

/** A refused town boundary, as the import's field error. */
export function townBoundaryErrors(boundary: unknown): FieldError[] {
  const problem = boundaryProblem(boundary);
  return problem ? [{ field: 'townBoundary', messages: [describe(problem)] }] : [];
}

/** Village boundaries given with an import: each valid, of the town, once, inside the town's boundary. */
export function villageBoundaryErrors(townCode: string, townBoundary: Boundary | null, villages: { code: string; boundary: unknown }[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  villages.forEach((v, i) => {
    if (!v.code.startsWith(townCode) || v.code.slice(9) === '000') errors.push({ field: `villages[${i}].code`, messages: [`村(社区)代码须以本镇代码 ${townCode} 开头且不为000 A village code of town ${townCode}`] });
    if (seen.has(v.code)) errors.push({ field: `villages[${i}].code`, messages: [`村(社区)代码 ${v.code} 重复 Repeated`] });
    seen.add(v.code);
    const problem = boundaryProblem(v.boundary) ?? (townBoundary ? outsideParentProblem(v.boundary as Boundary, townBoundary) : null);
    if (problem) errors.push({ field: `villages[${i}].boundary`, messages: [describe(problem)] });
  });
  return errors;
}

/**
 * Checks every feature of a town's import and answers either every grid to write or every problem,
 * feature by feature (field `grids.features[i]...`), with the offending coordinates: codes (15
 * digits, of this town, once each), boundaries (valid, inside the town's), and no overlap beyond the
 * tolerance with any other grid of the town as it will be after the import. Siblings are paired by
 * a Flatbush index of bounding boxes, so a town of hundreds of grids is not checked pair by pair.
 */
export function planGridImport(input: GridImportInput): GridImportPlan {
  const errors: FieldError[] = [];
  const at = (i: number, field: string) => `grids.features[${i}].${field}`;
  const seen = new Map<string, number>();
  const valid: { index: number; code: string; boundary: Boundary }[] = [];

  input.features.forEach((f, i) => {
    const codeProblem = gridCodeProblem(f.properties.code, input.townCode);
    if (codeProblem) errors.push({ field: at(i, 'properties.code'), messages: [codeProblem] });
    const first = seen.get(f.properties.code);
    if (first !== undefined) errors.push({ field: at(i, 'properties.code'), messages: [`网格编码 ${f.properties.code} 与第 ${first} 个要素重复 Code repeats feature ${first}`] });
    else seen.set(f.properties.code, i);
    const parent = input.villageBoundaries?.get(String(f.properties.code).slice(0, 12)) ?? input.townBoundary;
    const problem = boundaryProblem(f.geometry) ?? (parent ? outsideParentProblem(f.geometry as unknown as Boundary, parent) : null);
    if (problem) errors.push({ field: at(i, 'geometry'), messages: [describe(problem)] });
    else if (!codeProblem && first === undefined) valid.push({ index: i, code: f.properties.code, boundary: f.geometry as unknown as Boundary });
  });

  const imported = new Set(valid.map((g) => g.code));
  const kept = input.existing.filter((g) => !imported.has(g.code) && !seen.has(g.code));
  const all = [...valid.map((g) => ({ ...g, imported: true })), ...kept.map((g) => ({ index: -1, code: g.code, boundary: g.boundary, imported: false }))];
  if (all.length > 1) {
    const tree = new Flatbush(all.length);
    const boxes = all.map((g) => boundingBox(g.boundary));
    boxes.forEach(([minX, minY, maxX, maxY]) => tree.add(minX, minY, maxX, maxY));
    tree.finish();
    valid.forEach((g, i) => {
      const [minX, minY, maxX, maxY] = boxes[i] as [number, number, number, number];
      for (const j of tree.search(minX, minY, maxX, maxY)) {
        const other = all[j] as (typeof all)[number];
        // Each pair of imported grids once; an imported grid against every kept one.
        if (j === i || (other.imported && j < i)) continue;
        const problem = overlapProblem(g.boundary, other.boundary, other.code);
        if (problem) errors.push({ field: at(g.index, 'geometry'), messages: [describe(problem)] });
      }
    });
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, grids: input.features as (GridFeature & { geometry: Boundary })[] };
}
