import type { Position } from 'geojson';

/** A square of `size` degrees with its south-west corner at (lng, lat), counter-clockwise. */
export const square = (lng: number, lat: number, size: number): Position[] => [
  [lng, lat],
  [lng + size, lat],
  [lng + size, lat + size],
  [lng, lat + size],
  [lng, lat],
];
