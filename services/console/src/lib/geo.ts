/** The grids' boundaries (GeoJSON geometries from the grid service) as one FeatureCollection for echarts.registerMap. */
export interface GridShape {
  code: string;
  name: string;
  boundary: unknown;
}

export interface GridFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { name: string; code: string }; geometry: unknown }[];
}

export function gridFeatureCollection(grids: readonly GridShape[]): GridFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: grids
      .filter((g) => typeof g.boundary === 'object' && g.boundary !== null && 'type' in g.boundary)
      .map((g) => ({ type: 'Feature', properties: { name: g.name, code: g.code }, geometry: g.boundary })),
  };
}
