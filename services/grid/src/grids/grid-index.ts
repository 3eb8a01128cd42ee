import Flatbush from 'flatbush';
import { boundingBox, containsPoint, type Boundary } from './grid-geometry';

export interface IndexedGrid {
  code: string;
  name: string;
  boundary: Boundary;
}

/**
 * A town's grids for point → grid routing: a static R-tree (Flatbush) of their bounding boxes
 * picks the candidates, Turf's point-in-polygon decides. A point on an edge shared by two grids
 * goes to the one with the lower code, so the answer never depends on load order.
 */
export class GridIndex<G extends IndexedGrid = IndexedGrid> {
  private readonly grids: G[];
  private readonly tree: Flatbush | null;

  constructor(grids: readonly G[]) {
    this.grids = [...grids].sort((a, b) => a.code.localeCompare(b.code));
    if (this.grids.length === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(this.grids.length);
    for (const grid of this.grids) {
      const [minX, minY, maxX, maxY] = boundingBox(grid.boundary);
      this.tree.add(minX, minY, maxX, maxY);
    }
    this.tree.finish();
  }

  get size(): number {
    return this.grids.length;
  }

  /** The grid the point lies in, or null outside every grid. */
  locate(lng: number, lat: number): G | null {
    if (!this.tree) return null;
    const candidates = this.tree.search(lng, lat, lng, lat).sort((a, b) => a - b);
    for (const i of candidates) {
      const grid = this.grids[i] as G;
      if (containsPoint(grid.boundary, lng, lat)) return grid;
    }
    return null;
  }
}
