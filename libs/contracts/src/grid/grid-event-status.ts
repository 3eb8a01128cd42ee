import type { WorkOrderState } from '../command-dispatch/work-order-lifecycle';

/**
 * States of a grid event (网格事件) as its reporter sees them: reported, then whatever the command
 * centre's work order made of it (指挥调度中心的工单状态).
 */
export const GRID_EVENT_STATES = ['reported', 'dispatched', 'handling', 'closed', 'evaluated', 'cancelled'] as const;
export type GridEventState = (typeof GRID_EVENT_STATES)[number];
export const GRID_EVENT_STATE_LABELS: Record<GridEventState, string> = {
  reported: '已上报 Reported',
  dispatched: '已派遣 Dispatched',
  handling: '处置中 Handling',
  closed: '已结案 Closed',
  evaluated: '已回访 Evaluated',
  cancelled: '已作废 Cancelled',
};

/** What a work order's state means for the grid event it was made from. */
const FROM_WORK_ORDER: Record<WorkOrderState, GridEventState> = {
  pending_dispatch: 'reported',
  dispatched: 'dispatched',
  returned: 'dispatched',
  signed: 'handling',
  handling: 'handling',
  parked: 'handling',
  feedback: 'handling',
  rework: 'handling',
  linked: 'handling',
  closed: 'closed',
  evaluated: 'evaluated',
  cancelled: 'cancelled',
};

export function gridEventStateOf(workOrderState: WorkOrderState): GridEventState {
  return FROM_WORK_ORDER[workOrderState];
}
