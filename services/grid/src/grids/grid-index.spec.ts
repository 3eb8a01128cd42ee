import { GridIndex } from './grid-index';
import { square } from './grid.spec-fixtures';

const grid = (code: string, lng: number, lat: number, holes: ReturnType<typeof square>[] = []) => ({ code, name: code, boundary: { type: 'Polygon' as const, coordinates: [square(lng, lat, 0.01), ...holes] } });

describe('point → grid routing', () => {
  const index = new GridIndex([
    grid('320585102201002', 121.21, 31.5),
    grid('320585102201001', 121.2, 31.5, [square(121.204, 31.504, 0.002).reverse()]),
    grid('320585102202001', 121.2, 31.51),
  ]);

  it('finds the grid a point lies in', () => {
    expect(index.locate(121.215, 31.505)?.code).toBe('320585102201002');
    expect(index.locate(121.201, 31.515)?.code).toBe('320585102202001');
  });

  it('gives a point on an edge shared by two grids to the lower code', () => {
    expect(index.locate(121.21, 31.505)?.code).toBe('320585102201001');
    expect(index.locate(121.21, 31.51)?.code).toBe('320585102201001');
  });

  it('counts a vertex as inside: a corner shared by three grids goes to the lowest code, an outer corner to its only grid', () => {
    expect(index.locate(121.21, 31.51)?.code).toBe('320585102201001');
    expect(index.locate(121.22, 31.5)?.code).toBe('320585102201002');
    expect(index.locate(121.2, 31.52)?.code).toBe('320585102202001');
  });

  it('counts a point on a hole\'s edge or vertex as in the grid, inside the hole as outside', () => {
    expect(index.locate(121.204, 31.505)?.code).toBe('320585102201001');
    expect(index.locate(121.206, 31.506)?.code).toBe('320585102201001');
    expect(index.locate(121.2055, 31.5055)).toBeNull();
  });

  it('finds no grid in a hole (its bounding box matches) or outside every grid', () => {
    expect(index.locate(121.205, 31.505)).toBeNull();
    expect(index.locate(121.3, 31.505)).toBeNull();
    expect(new GridIndex([]).locate(121.2, 31.5)).toBeNull();
  });
});
