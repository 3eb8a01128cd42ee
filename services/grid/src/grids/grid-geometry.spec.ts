import type { Polygon, Position } from 'geojson';
import { square } from './grid.spec-fixtures';
import { boundaryProblem, containsPoint, outsideParentProblem, overlapProblem, type Boundary } from './grid-geometry';

const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('grid boundary validation', () => {
  it('accepts a closed simple polygon, a polygon with a hole and a multipolygon', () => {
    expect(boundaryProblem(polygon(square(121.2, 31.5, 0.01)))).toBeNull();
    expect(boundaryProblem(polygon(square(121.2, 31.5, 0.01), square(121.203, 31.503, 0.002).reverse()))).toBeNull();
    expect(boundaryProblem({ type: 'MultiPolygon', coordinates: [[square(121.2, 31.5, 0.01)], [square(121.3, 31.5, 0.01)]] })).toBeNull();
  });

  it('refuses what is not a polygon or not GeoJSON positions', () => {
    expect(boundaryProblem({ type: 'Point', coordinates: [121.2, 31.5] })?.reason).toBe('not_polygon');
    expect(boundaryProblem(null)?.reason).toBe('not_polygon');
    expect(boundaryProblem({ type: 'Polygon', coordinates: [[['121.2', 31.5]]] })?.reason).toBe('malformed');
    expect(boundaryProblem({ type: 'Polygon', coordinates: [] })?.reason).toBe('malformed');
  });

  it('refuses projected metres with the offending coordinates', () => {
    const problem = boundaryProblem(polygon([[500000, 3500000], [500100, 3500000], [500100, 3500100], [500000, 3500000]]));
    expect(problem).toMatchObject({ reason: 'out_of_range', coordinates: expect.arrayContaining([[500000, 3500000]]) });
  });

  it('refuses an open ring, naming its first and last positions', () => {
    const open = square(121.2, 31.5, 0.01).slice(0, 4);
    expect(boundaryProblem(polygon([...open, [121.2, 31.5005]]))).toMatchObject({ reason: 'ring_not_closed', coordinates: [[121.2, 31.5], [121.2, 31.5005]] });
    expect(boundaryProblem(polygon([[121.2, 31.5], [121.21, 31.5], [121.2, 31.5]]))?.reason).toBe('ring_too_short');
  });

  it('refuses a bow-tie, naming where it crosses itself', () => {
    const bowTie = polygon([[121.2, 31.5], [121.21, 31.51], [121.21, 31.5], [121.2, 31.51], [121.2, 31.5]]);
    const problem = boundaryProblem(bowTie);
    expect(problem?.reason).toBe('self_intersection');
    const [lng, lat] = problem?.coordinates[0] as Position;
    expect(lng).toBeCloseTo(121.205, 6);
    expect(lat).toBeCloseTo(31.505, 6);
  });

  it('refuses a hole outside its shell', () => {
    expect(boundaryProblem(polygon(square(121.2, 31.5, 0.01), square(121.3, 31.5, 0.001).reverse()))?.reason).toBe('invalid_rings');
  });
});

describe('grids against their parent and their siblings', () => {
  const town: Boundary = polygon(square(121.2, 31.5, 0.1));

  it('accepts a grid inside the town, even on its edge', () => {
    expect(outsideParentProblem(polygon(square(121.2, 31.5, 0.01)), town)).toBeNull();
  });

  it('refuses a grid spilling over the town, naming the vertices outside', () => {
    const problem = outsideParentProblem(polygon(square(121.295, 31.5, 0.01)), town);
    expect(problem?.reason).toBe('outside_parent');
    expect(problem?.coordinates).toEqual(expect.arrayContaining([[121.305, 31.5]]));
    expect(problem?.coordinates).not.toContainEqual([121.295, 31.5]);
  });

  it('accepts neighbours sharing an edge and refuses an overlap beyond the tolerance', () => {
    const a = polygon(square(121.2, 31.5, 0.01));
    expect(overlapProblem(a, polygon(square(121.21, 31.5, 0.01)), '320585102201002')).toBeNull();
    expect(overlapProblem(a, polygon(square(121.25, 31.5, 0.01)), '320585102201002')).toBeNull();
    const problem = overlapProblem(a, polygon(square(121.205, 31.5, 0.01)), '320585102201002');
    expect(problem?.reason).toBe('overlaps_sibling');
    expect(problem?.message).toContain('320585102201002');
    expect(problem?.coordinates.length).toBeGreaterThan(0);
  });

  it('tolerates a sliver overlap of a few square metres (drawing noise)', () => {
    // 0.00001° of longitude × 0.01° of latitude at 31.5° N is about 1 m × 1.1 km ≈ 1,050 m²; a tenth of a micro-degree is noise.
    const a = polygon(square(121.2, 31.5, 0.01));
    const sliver = polygon([[121.2099999, 31.5], [121.22, 31.5], [121.22, 31.5001], [121.2099999, 31.5001], [121.2099999, 31.5]]);
    expect(overlapProblem(a, sliver, 'x')).toBeNull();
  });
});

describe('point in grid', () => {
  const withHole = polygon(square(121.2, 31.5, 0.01), square(121.204, 31.504, 0.002).reverse());

  it('counts a point inside, on an edge and on a vertex as in the grid', () => {
    expect(containsPoint(withHole, 121.201, 31.501)).toBe(true);
    expect(containsPoint(withHole, 121.205, 31.5)).toBe(true);
    expect(containsPoint(withHole, 121.21, 31.51)).toBe(true);
  });

  it('counts a point in a hole or outside as not in the grid', () => {
    expect(containsPoint(withHole, 121.205, 31.505)).toBe(false);
    expect(containsPoint(withHole, 121.211, 31.505)).toBe(false);
  });
});
