import { WORK_ORDER_STATE_LABELS, type RequestType, type Satisfaction, type SlaUnit, type WorkOrderChannel, type WorkOrderState, type WorkOrderUrgency, type WorkOrderView } from '@yiti/contracts';
import type { ClockPause } from './sla';

/** A row of command_dispatch.work_order as the driver returns it. */
export interface WorkOrderRow {
  id: string;
  order_no: string;
  county_code: string;
  town_code: string | null;
  channel: WorkOrderChannel;
  source_ref: string | null;
  request_hash: string | null;
  category: string;
  category_name: string;
  duty_category: string | null;
  request_type: RequestType | null;
  urgency: WorkOrderUrgency;
  title: string;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  grid_code: string | null;
  caller_name_cipher: string | null;
  caller_name_masked: string | null;
  caller_phone_cipher: string | null;
  caller_phone_masked: string | null;
  caller_phone_hash: string | null;
  fields: Record<string, unknown>;
  status: WorkOrderState;
  unit_id: string | null;
  unit_name: string | null;
  parent_id: string | null;
  sub_task: string | null;
  sla_unit: SlaUnit;
  sla_amount: number;
  extension: number;
  pending_extension: number | null;
  clock_started_at: Date | null;
  pauses: ClockPause[];
  due_at: Date | null;
  feedback_at: Date | null;
  closed_at: Date | null;
  closed_on_time: boolean | null;
  rework_count: number;
  extended_count: number;
  supervision_count: number;
  satisfaction: Satisfaction | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Every column, in table order, for inserts. */
export const WORK_ORDER_COLUMNS = [
  'id', 'order_no', 'county_code', 'town_code', 'channel', 'source_ref', 'request_hash', 'category', 'category_name', 'duty_category', 'request_type', 'urgency', 'title', 'description',
  'address', 'lng', 'lat', 'grid_code', 'caller_name_cipher', 'caller_name_masked', 'caller_phone_cipher', 'caller_phone_masked', 'caller_phone_hash', 'fields', 'status', 'unit_id',
  'unit_name', 'parent_id', 'sub_task', 'sla_unit', 'sla_amount', 'extension', 'pending_extension', 'clock_started_at', 'pauses', 'due_at', 'feedback_at', 'closed_at', 'closed_on_time',
  'rework_count', 'extended_count', 'supervision_count', 'satisfaction', 'created_by', 'created_at', 'updated_at', 'version',
] as const satisfies readonly (keyof WorkOrderRow)[];

/** The row's values in WORK_ORDER_COLUMNS order (json columns serialised). */
export function workOrderValues(row: WorkOrderRow): unknown[] {
  return WORK_ORDER_COLUMNS.map((column) => (column === 'fields' || column === 'pauses' ? JSON.stringify(row[column]) : row[column]));
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The order as answered: the caller masked, never in clear. */
export function toWorkOrderView(row: WorkOrderRow, now = new Date()): WorkOrderView {
  const due = row.due_at ? new Date(row.due_at) : null;
  const open = !['closed', 'evaluated', 'cancelled'].includes(row.status);
  return {
    id: row.id,
    orderNo: row.order_no,
    countyCode: row.county_code,
    townCode: row.town_code,
    channel: row.channel,
    externalTicketId: row.channel === 'manual' || row.channel === 'grid_event' || row.channel === 'rule_alert' || row.channel === 'enforcement' || row.channel === 'approval' ? null : row.source_ref,
    category: row.category,
    categoryName: row.category_name,
    urgency: row.urgency,
    requestType: row.request_type,
    sla: { unit: row.sla_unit, amount: row.sla_amount, extension: row.extension },
    title: row.title,
    description: row.description,
    address: row.address,
    location: row.lng === null || row.lat === null ? null : { lng: row.lng, lat: row.lat },
    gridCode: row.grid_code,
    caller: row.caller_name_masked || row.caller_phone_masked ? { name: row.caller_name_masked, phone: row.caller_phone_masked } : null,
    fields: row.fields ?? {},
    status: row.status,
    statusLabel: WORK_ORDER_STATE_LABELS[row.status],
    unitId: row.unit_id,
    unitName: row.unit_name,
    parentId: row.parent_id,
    dueAt: iso(due),
    overdue: open && due !== null && due.getTime() < now.getTime(),
    supervisionCount: row.supervision_count,
    reworkCount: row.rework_count,
    pendingExtension: row.pending_extension,
    satisfaction: row.satisfaction,
    version: row.version,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
  };
}

/** 张* / 欧阳** : the family name stays. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
