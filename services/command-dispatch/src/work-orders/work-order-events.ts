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
    sourceRef: row.source_ref,
  };
}

/** One workorder.* event to publish. */
export type Publication = readonly [EventDefinition<never>, WorkOrderEventBase];

/**
 * Publishes workorder.* events through the outbox and writes the same payloads to the change feed
 * (work_order_change) that the live stream reads, in the same transaction and, for the feed, in
 * one insert so that their ids keep the order given.
 */
export function publishAll(tx: Staging, publications: readonly Publication[]): void {
  if (publications.length === 0) return;
  for (const [event, payload] of publications) tx.emit(event as EventDefinition<WorkOrderEventBase>, payload, payload.countyCode);
  tx.stage({
    table: 'command_dispatch.work_order_change',
    // `tx` is the writing transaction's id (its default, pg_current_xact_id()): the feed's position is (tx, id).
    columns: ['county_code', 'town_code', 'work_order_id', 'type', 'payload'],
    rows: publications.map(([event, payload]) => [payload.countyCode, payload.townCode, payload.workOrderId, event.name, JSON.stringify(payload)]),
  });
}

/** A typed publication (the payload checked against the event's class). */
export const publication = <T extends WorkOrderEventBase>(event: EventDefinition<T>, payload: T): Publication => [event as unknown as EventDefinition<never>, payload];

export function publish<T extends WorkOrderEventBase>(tx: Staging, event: EventDefinition<T>, payload: T): void {
  publishAll(tx, [publication(event, payload)]);
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
