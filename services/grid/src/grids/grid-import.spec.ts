import type { GridFeature } from '@yiti/contracts';
import { planGridImport } from './grid-import';
import { square } from './grid.spec-fixtures';

const TOWN = '320585102';
const feature = (code: string, ring: ReturnType<typeof square>): GridFeature => ({
  type: 'Feature',
  properties: { code, name: `网格${code.slice(-3)}`, type: 'rural' },
  geometry: { type: 'Polygon', coordinates: [ring] },
});
const town = { type: 'Polygon' as const, coordinates: [square(121.2, 31.5, 0.1)] };

describe('importing a town\'s grids (all or nothing)', () => {
  it('plans every grid when all are valid and apart', () => {
    const plan = planGridImport({ townCode: TOWN, townBoundary: town, existing: [], features: [feature('320585102201001', square(121.2, 31.5, 0.01)), feature('320585102201002', square(121.21, 31.5, 0.01))] });
    expect(plan).toMatchObject({ ok: true, grids: [{ properties: { code: '320585102201001' } }, { properties: { code: '320585102201002' } }] });
  });

  it('reports every bad feature by its index, and nothing is planned', () => {
    const bowTie: GridFeature = { ...feature('320585102201003', []), geometry: { type: 'Polygon', coordinates: [[[121.23, 31.5], [121.24, 31.51], [121.24, 31.5], [121.23, 31.51], [121.23, 31.5]]] } };
    const plan = planGridImport({
      townCode: TOWN,
      townBoundary: town,
      existing: [],
      features: [
        feature('320585102201001', square(121.2, 31.5, 0.01)),
        feature('320585100201001', square(121.25, 31.5, 0.01)),
        bowTie,
        feature('320585102201001', square(121.26, 31.5, 0.01)),
        feature('320585102201005', square(121.35, 31.5, 0.01)),
      ],
    });
    expect(plan.ok).toBe(false);
    const errors = plan.ok ? [] : plan.errors;
    expect(errors.map((e) => e.field)).toEqual(['grids.features[1].properties.code', 'grids.features[2].geometry', 'grids.features[3].properties.code', 'grids.features[4].geometry']);
    expect(errors[1]?.messages[0]).toMatch(/^self_intersection: .* at \[\[121\.23\d*,31\.50\d*\]\]$/);
    expect(errors[3]?.messages[0]).toMatch(/^outside_parent: .*121\.36/);
  });

  it('refuses a grid overlapping another of the import or one already stored, but lets a stored grid be redrawn', () => {
    const existing = [{ code: '320585102202001', boundary: { type: 'Polygon' as const, coordinates: [square(121.3, 31.5, 0.01)] } }];
    const overlapping = planGridImport({ townCode: TOWN, townBoundary: null, existing, features: [feature('320585102201001', square(121.2, 31.5, 0.01)), feature('320585102201002', square(121.205, 31.5, 0.01)), feature('320585102201003', square(121.305, 31.505, 0.01))] });
    expect(overlapping.ok ? [] : overlapping.errors).toEqual([
      { field: 'grids.features[0].geometry', messages: [expect.stringMatching(/^overlaps_sibling: .*320585102201002/)] },
      { field: 'grids.features[2].geometry', messages: [expect.stringMatching(/^overlaps_sibling: .*320585102202001/)] },
    ]);
    const redrawn = planGridImport({ townCode: TOWN, townBoundary: null, existing, features: [feature('320585102202001', square(121.305, 31.505, 0.01))] });
    expect(redrawn.ok).toBe(true);
  });
});
