import area from '@turf/area';
import bbox from '@turf/bbox';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { booleanValid } from '@turf/boolean-valid';
import { feature, featureCollection, point } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import { kinks } from '@turf/kinks';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/** A grid's boundary: a GeoJSON Polygon or MultiPolygon in WGS-84 / CGCS2000 degrees (the two agree to centimetres). */
export type Boundary = Polygon | MultiPolygon;

/** Why a boundary is refused, with the coordinates that show it (at most a few, for the message). */
export interface BoundaryProblem {
  reason: 'not_polygon' | 'malformed' | 'out_of_range' | 'ring_not_closed' | 'ring_too_short' | 'self_intersection' | 'invalid_rings' | 'outside_parent' | 'overlaps_sibling';
  message: string;
  coordinates: Position[];
}

/** Overlap (and spill over the parent) up to this many square metres is drawing noise, not a conflict. */
export const DEFAULT_OVERLAP_TOLERANCE_M2 = 10;
const MAX_REPORTED_COORDINATES = 10;

const isPosition = (value: unknown): value is Position => Array.isArray(value) && (value.length === 2 || value.length === 3) && value.every((n) => typeof n === 'number');
const isRing = (value: unknown): value is Position[] => Array.isArray(value) && value.every(isPosition);
const isPolygonCoordinates = (value: unknown): value is Position[][] => Array.isArray(value) && value.length > 0 && value.every(isRing);

/** The rings of a boundary, polygon by polygon. */
export const polygonsOf = (boundary: Boundary): Position[][][] => (boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates);

/**
 * The structural rules of a boundary, each refused with the coordinates that break it: a Polygon or
 * MultiPolygon, every position a finite longitude/latitude in degrees, every ring closed with at
 * least four positions, no ring crossing itself or another (Turf kinks), holes inside their shell
 * (Turf booleanValid).
 */
export function boundaryProblem(geometry: unknown): BoundaryProblem | null {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (!g || typeof g !== 'object' || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return { reason: 'not_polygon', message: '边界须为 Polygon 或 MultiPolygon The boundary must be a GeoJSON Polygon or MultiPolygon', coordinates: [] };
  }
  const wellFormed = g.type === 'Polygon' ? isPolygonCoordinates(g.coordinates) : Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(isPolygonCoordinates);
  if (!wellFormed) return { reason: 'malformed', message: '坐标结构不符合 GeoJSON Coordinates are not GeoJSON positions', coordinates: [] };
  const boundary = g as Boundary;
  const rings = polygonsOf(boundary).flat();

  const outOfRange = rings.flat().filter(([lng, lat]) => !Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng as number) > 180 || Math.abs(lat as number) > 90);
  if (outOfRange.length) {
    return { reason: 'out_of_range', message: '坐标须为经纬度(WGS-84/CGCS2000,度) Coordinates must be longitude/latitude degrees (projected metres are refused)', coordinates: cap(outOfRange) };
  }
  const short = rings.find((ring) => ring.length < 4);
  if (short) return { reason: 'ring_too_short', message: '每个环至少4个点(首尾相同) A ring needs at least four positions', coordinates: cap(short) };
  const open = rings.find((ring) => !samePosition(ring[0] as Position, ring[ring.length - 1] as Position));
  if (open) return { reason: 'ring_not_closed', message: '环未闭合:首点与末点不同 Ring not closed: first and last positions differ', coordinates: [open[0] as Position, open[open.length - 1] as Position] };

  const crossings = kinks(feature(boundary)).features.map((f) => f.geometry.coordinates);
  if (crossings.length) return { reason: 'self_intersection', message: '边界自相交 The boundary crosses itself', coordinates: cap(crossings) };
  const strayHoleVertices = polygonsOf(boundary).flatMap(([shell, ...holes]) => holes.flat().filter((p) => !booleanPointInPolygon(point(p), { type: 'Polygon', coordinates: [shell as Position[]] })));
  if (strayHoleVertices.length || !booleanValid(boundary)) {
    return { reason: 'invalid_rings', message: '内环(洞)须在外环之内且互不相交 Holes must lie inside their shell without crossing', coordinates: cap(strayHoleVertices) };
  }
  return null;
}

/** Square metres of `a` lying inside `b` (0 when they are apart). */
export function sharedArea(a: Boundary, b: Boundary): number {
  const shared = intersect(featureCollection([feature(a), feature(b)]));
  return shared ? area(shared) : 0;
}

/** The grid boundary spilling over its parent's (town or village) beyond the tolerance, with its vertices outside. */
export function outsideParentProblem(boundary: Boundary, parent: Boundary, toleranceM2 = DEFAULT_OVERLAP_TOLERANCE_M2): BoundaryProblem | null {
  const spill = area(feature(boundary)) - sharedArea(boundary, parent);
  if (spill <= toleranceM2) return null;
  const outside = polygonsOf(boundary)
    .flat()
    .flat()
    .filter((p) => !booleanPointInPolygon(point(p), parent));
  return { reason: 'outside_parent', message: `边界超出上级区划 ${Math.round(spill)} 平方米 The boundary spills ${Math.round(spill)} m² over its parent`, coordinates: cap(outside) };
}

/** The two grids overlapping beyond the tolerance, with the vertices of the overlap. */
export function overlapProblem(boundary: Boundary, sibling: Boundary, siblingCode: string, toleranceM2 = DEFAULT_OVERLAP_TOLERANCE_M2): BoundaryProblem | null {
  const shared = intersect(featureCollection([feature(boundary), feature(sibling)]));
  if (!shared) return null;
  const overlap = area(shared);
  if (overlap <= toleranceM2) return null;
  const vertices = polygonsOf(shared.geometry).flatMap((rings) => rings[0] ?? []);
  return { reason: 'overlaps_sibling', message: `与网格 ${siblingCode} 重叠 ${Math.round(overlap)} 平方米 Overlaps grid ${siblingCode} by ${Math.round(overlap)} m²`, coordinates: cap(vertices) };
}

/** [minLng, minLat, maxLng, maxLat] of a boundary. */
export function boundingBox(boundary: Boundary): [number, number, number, number] {
  const [minX, minY, maxX, maxY] = bbox(boundary);
  return [minX, minY, maxX, maxY];
}

/** Whether a point lies in the boundary: on an edge or a vertex counts as inside, in a hole as outside. */
export function containsPoint(boundary: Boundary | Feature<Boundary>, lng: number, lat: number): boolean {
  return booleanPointInPolygon(point([lng, lat]), boundary);
}

const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];
const cap = (positions: Position[]) => positions.slice(0, MAX_REPORTED_COORDINATES);
