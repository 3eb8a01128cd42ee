import type { Role } from '../identity/roles';

/** 巡查状态 (Patrol state): open while the grid worker walks, ended once closed. */
export const PATROL_STATES = ['open', 'ended'] as const;
export type PatrolState = (typeof PATROL_STATES)[number];

export const PATROL_STATE_LABELS: Record<PatrolState, string> = { open: '巡查中 (Open)', ended: '已结束 (Ended)' };

export type PatrolAction = 'append_points' | 'end';

export interface PatrolTransition {
  to: PatrolState;
  by: Role;
}

/**
 * The patrol lifecycle (巡查): state × action → next state and the role taking it. Any pair not
 * listed is illegal (INVALID_TRANSITION → 409): an ended patrol takes no more points and is not ended twice.
 */
export const PATROL_TRANSITIONS: Record<PatrolState, Partial<Record<PatrolAction, PatrolTransition>>> = {
  open: {
    append_points: { to: 'open', by: 'grid_worker' },
    end: { to: 'ended', by: 'grid_worker' },
  },
  ended: {},
};

/** The transition for `action` from `state`, or null when the lifecycle does not allow it. */
export function patrolTransition(state: PatrolState, action: PatrolAction): PatrolTransition | null {
  return PATROL_TRANSITIONS[state][action] ?? null;
}

/** Bounds on a patrol's track (巡查轨迹). */
export const PATROL_TRACK_LIMITS = { pointsPerBatch: 500, pointsPerPatrol: 20_000 } as const;
