import type { TableRows } from '@yiti/platform';
import { OPEN_WORK_ORDER_STATES } from '@yiti/contracts';
import { dueSoonAt } from './sla';
import type { WorkOrderRow } from './work-order-row';

/** The timer an order needs now: none when closed, parked or not yet dispatched; else due-soon, then overdue. */
export function timerFor(row: Pick<WorkOrderRow, 'status' | 'due_at' | 'clock_started_at' | 'supervision_count'>, dueSoonHours: number, now = new Date()): { kind: 'due_soon' | 'overdue'; fireAt: Date; round: number } | null {
  if (!OPEN_WORK_ORDER_STATES.includes(row.status) || row.status === 'feedback' || row.status === 'linked' || !row.due_at || !row.clock_started_at) return null;
  const due = new Date(row.due_at);
  const soon = dueSoonAt(due, new Date(row.clock_started_at), dueSoonHours);
  if (row.supervision_count === 0 && soon.getTime() > now.getTime()) return { kind: 'due_soon', fireAt: soon, round: 0 };
  return { kind: 'overdue', fireAt: due, round: row.supervision_count };
}

/** The timer row of a new order, for staging (null when it needs none). */
export function armTimerRows(row: WorkOrderRow, dueSoonHours: number): TableRows | null {
  const timer = timerFor(row, dueSoonHours, row.created_at);
  return timer ? { table: 'command_dispatch.sla_timer', columns: ['work_order_id', 'kind', 'fire_at', 'round'], rows: [[row.id, timer.kind, timer.fireAt, timer.round]] } : null;
}
