import distance from '@turf/distance';
import { PATROL_TRACK_LIMITS } from '@yiti/contracts';

/** One track point (轨迹点): WGS-84 degrees and the time it was taken. */
export interface TrackPoint {
  lng: number;
  lat: number;
  at: Date;
}

export interface TrackPointInput {
  lng: unknown;
  lat: unknown;
  time: unknown;
}

export type TrackProblemReason = 'empty' | 'batch_too_large' | 'track_too_long' | 'malformed' | 'out_of_range' | 'not_monotonic' | 'before_start';

export interface TrackProblem {
  reason: TrackProblemReason;
  /** The index in the batch of the first offending point, when one is to blame. */
  index?: number;
}

export interface TrackSoFar {
  startedAt: Date;
  /** Time of the patrol's last stored point, if any. */
  lastAt: Date | null;
  pointCount: number;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks a batch of track points against the patrol so far: bounded batch and total, WGS-84
 * degrees (lng −180..180, lat −90..90), ISO times, not before the patrol started, strictly increasing
 * (also across batches). Returns the points or the first problem; nothing is stored on a problem.
 */
export function validateTrackBatch(batch: readonly TrackPointInput[], soFar: TrackSoFar): { points: TrackPoint[] } | { problem: TrackProblem } {
  if (batch.length === 0) return { problem: { reason: 'empty' } };
  if (batch.length > PATROL_TRACK_LIMITS.pointsPerBatch) return { problem: { reason: 'batch_too_large' } };
  if (soFar.pointCount + batch.length > PATROL_TRACK_LIMITS.pointsPerPatrol) return { problem: { reason: 'track_too_long' } };
  const points: TrackPoint[] = [];
  let last = soFar.lastAt;
  for (const [index, raw] of batch.entries()) {
    const at = typeof raw.time === 'string' ? new Date(raw.time) : null;
    if (!isFiniteNumber(raw.lng) || !isFiniteNumber(raw.lat) || !at || Number.isNaN(at.getTime())) return { problem: { reason: 'malformed', index } };
    if (Math.abs(raw.lng) > 180 || Math.abs(raw.lat) > 90) return { problem: { reason: 'out_of_range', index } };
    if (at < soFar.startedAt) return { problem: { reason: 'before_start', index } };
    if (last && at <= last) return { problem: { reason: 'not_monotonic', index } };
    points.push({ lng: raw.lng, lat: raw.lat, at });
    last = at;
  }
  return { points };
}

/** The track's length in metres (geodesic, Turf's haversine over consecutive points). */
export function trackDistanceMetres(points: readonly Pick<TrackPoint, 'lng' | 'lat'>[]): number {
  let metres = 0;
  for (let i = 1; i < points.length; i++) {
    metres += distance([points[i - 1].lng, points[i - 1].lat], [points[i].lng, points[i].lat], { units: 'meters' });
  }
  return metres;
}

/** The patrol's duration in whole seconds. */
export function patrolDurationSeconds(startedAt: Date, endedAt: Date): number {
  return Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000));
}
