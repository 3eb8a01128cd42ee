import type { EventDefinition, WorkOrderEventBase } from '@yiti/contracts';
import type { Staging } from '@yiti/platform';
import type { WorkOrderRow } from './work-order-row';

/** What every workorder.* event says of the order: no caller, description or address. */
export function eventBase(row: WorkOrderRow, at = new Date()): WorkOrderEventBase {
  return {
    workOrderId: row.id,
    orderNo: row.order_no,
    countyCode: row.county_code,
    townCode: row.town_code,
    channel: row.channel,
    category: row.category,
    urgency: row.urgency,
    status: row.status,
    unitId: row.unit_id,
    parentId: row.parent_id,
    dueAt: row.due_at ? new Date(row.due_at).toISOString() : null,
    at: at.toISOString(),
  };
}

/**
 * Publishes a workorder.* event through the outbox and writes the same payload to the change feed
 * (work_order_change) that the live stream reads, in the same transaction.
 */
export function publish<T extends WorkOrderEventBase>(tx: Staging, event: EventDefinition<T>, payload: T): void {
  tx.emit(event, payload, payload.countyCode);
  tx.stage({
    table: 'command_dispatch.work_order_change',
    columns: ['county_code', 'town_code', 'work_order_id', 'type', 'payload', 'at'],
    rows: [[payload.countyCode, payload.townCode, payload.workOrderId, event.name, JSON.stringify(payload), payload.at]],
  });
}

/** The order's step in its history and the audit log. */
export function recordStep(tx: Staging, row: WorkOrderRow, action: string, from: string | null, actorId: string | null, details: { reasons?: string | null; [key: string]: unknown } = {}, at = new Date()): void {
  const { reasons, ...rest } = details;
  tx.stage({
    table: 'command_dispatch.work_order_step',
    columns: ['id', 'work_order_id', 'action', 'from_status', 'to_status', 'actor_id', 'unit_id', 'reasons', 'details', 'at'],
    rows: [[globalThis.crypto.randomUUID(), row.id, action, from, row.status, actorId, row.unit_id, reasons ?? null, JSON.stringify(rest), at]],
  });
  tx.audit({
    countyCode: row.county_code,
    jurisdictionCode: row.town_code ?? row.county_code,
    action: `work_order.${action}`,
    resourceType: 'work_order',
    resourceId: row.id,
    before: from === null ? null : { status: from },
    after: { status: row.status, unitId: row.unit_id, ...rest },
  });
}
