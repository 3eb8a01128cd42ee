import { PATROL_TRACK_LIMITS, patrolTransition } from '@yiti/contracts';
import { patrolDurationSeconds, trackDistanceMetres, validateTrackBatch, type TrackPointInput } from './patrol-track';

const start = new Date('2026-12-03T08:00:00Z');
const fresh = { startedAt: start, lastAt: null, pointCount: 0 };
const at = (seconds: number): string => new Date(start.getTime() + seconds * 1000).toISOString();

describe('patrol track validation', () => {
  it('accepts WGS-84 points in increasing time order', () => {
    const result = validateTrackBatch([{ lng: 121.2, lat: 31.5, time: at(0) }, { lng: 121.201, lat: 31.5, time: at(10) }], fresh);
    expect(result).toEqual({ points: [{ lng: 121.2, lat: 31.5, at: new Date(at(0)) }, { lng: 121.201, lat: 31.5, at: new Date(at(10)) }] });
  });

  it('refuses projected metres, malformed values and times out of order, naming the point', () => {
    expect(validateTrackBatch([{ lng: 121.2, lat: 31.5, time: at(1) }, { lng: 500000, lat: 3500000, time: at(2) }], fresh)).toEqual({ problem: { reason: 'out_of_range', index: 1 } });
    expect(validateTrackBatch([{ lng: '121.2', lat: 31.5, time: at(1) }], fresh)).toEqual({ problem: { reason: 'malformed', index: 0 } });
    expect(validateTrackBatch([{ lng: 121.2, lat: 31.5, time: 'yesterday' }], fresh)).toEqual({ problem: { reason: 'malformed', index: 0 } });
    expect(validateTrackBatch([{ lng: 121.2, lat: 31.5, time: at(5) }, { lng: 121.2, lat: 31.5, time: at(5) }], fresh)).toEqual({ problem: { reason: 'not_monotonic', index: 1 } });
    expect(validateTrackBatch([{ lng: 121.2, lat: 31.5, time: at(-60) }], fresh)).toEqual({ problem: { reason: 'before_start', index: 0 } });
  });

  it('keeps time monotonic across batches', () => {
    const soFar = { startedAt: start, lastAt: new Date(at(100)), pointCount: 3 };
    expect(validateTrackBatch([{ lng: 121.2, lat: 31.5, time: at(90) }], soFar)).toEqual({ problem: { reason: 'not_monotonic', index: 0 } });
    expect('points' in validateTrackBatch([{ lng: 121.2, lat: 31.5, time: at(101) }], soFar)).toBe(true);
  });

  it('bounds the batch and the whole track', () => {
    const many = (n: number): TrackPointInput[] => Array.from({ length: n }, (_, i) => ({ lng: 121.2, lat: 31.5, time: at(i + 1) }));
    expect(validateTrackBatch([], fresh)).toEqual({ problem: { reason: 'empty' } });
    expect(validateTrackBatch(many(PATROL_TRACK_LIMITS.pointsPerBatch + 1), fresh)).toEqual({ problem: { reason: 'batch_too_large' } });
    expect(validateTrackBatch(many(10), { ...fresh, pointCount: PATROL_TRACK_LIMITS.pointsPerPatrol - 5 })).toEqual({ problem: { reason: 'track_too_long' } });
  });
});

describe('patrol distance and duration', () => {
  it('measures a track close to a hand computation', () => {
    // 0.01° of latitude ≈ 1111.95 m (R = 6371.0088 km); 0.01° of longitude at 31.5° N ≈ 1111.95 × cos(31.5°) ≈ 948.1 m.
    const metres = trackDistanceMetres([{ lng: 121.2, lat: 31.5 }, { lng: 121.2, lat: 31.51 }, { lng: 121.21, lat: 31.51 }]);
    expect(metres).toBeGreaterThan(1111.95 + 948.0 - 2);
    expect(metres).toBeLessThan(1111.95 + 948.2 + 2);
    expect(trackDistanceMetres([{ lng: 121.2, lat: 31.5 }])).toBe(0);
  });

  it('counts duration in seconds', () => {
    expect(patrolDurationSeconds(start, new Date(at(3725)))).toBe(3725);
  });

  it('lets only an open patrol take points or end', () => {
    expect(patrolTransition('open', 'end')).toEqual({ to: 'ended', by: 'grid_worker' });
    expect(patrolTransition('ended', 'end')).toBeNull();
    expect(patrolTransition('ended', 'append_points')).toBeNull();
  });
});
