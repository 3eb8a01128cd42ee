import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { defineEvent } from '../common/messages';
import { WORK_ORDER_ACTIONS, WORK_ORDER_STATES, type WorkOrderAction, type WorkOrderState } from './work-order-lifecycle';
import { WORK_ORDER_CHANNELS, WORK_ORDER_URGENCIES, type WorkOrderChannel, type WorkOrderUrgency } from './work-order.dto';

/**
 * What every workorder.* event says of its order. No personal data: never the caller, the
 * description or the address; units are organisation ids.
 */
export class WorkOrderEventBase {
  @IsUUID()
  workOrderId: string;

  @IsString()
  orderNo: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  /** null while the order is in the county dispatchers' queue without a town. */
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string | null;

  @IsIn(WORK_ORDER_CHANNELS)
  channel: WorkOrderChannel;

  @IsString()
  category: string;

  @IsIn(WORK_ORDER_URGENCIES)
  urgency: WorkOrderUrgency;

  @IsIn(WORK_ORDER_STATES)
  status: WorkOrderState;

  @IsOptional()
  @IsUUID()
  unitId: string | null;

  @IsOptional()
  @IsUUID()
  parentId: string | null;

  /** ISO instant the order is due, if its clock runs. */
  @IsOptional()
  @IsString()
  dueAt: string | null;

  /** ISO instant of the change. */
  @IsString()
  at: string;

  /** 来源编号 The source's own id (a grid event's id for channel grid_event, an external ticket id…); null: none. */
  @IsOptional()
  @IsString()
  sourceRef?: string | null;
}

/** 受理 An order was created (from any channel). */
export class WorkOrderCreatedEvent extends WorkOrderEventBase {}

/** 派遣 An order was routed to a unit (at intake by the duty lists or the grid, or by a dispatcher). */
export class WorkOrderDispatchedEvent extends WorkOrderEventBase {
  @IsIn(['duty_list', 'grid', 'dispatcher', 'arbitration', 'linkage'])
  routedBy: 'duty_list' | 'grid' | 'dispatcher' | 'arbitration' | 'linkage';
}

/** Any step of the closed loop. */
export class WorkOrderStatusChangedEvent extends WorkOrderEventBase {
  @IsIn(WORK_ORDER_ACTIONS)
  action: WorkOrderAction;

  @IsOptional()
  @IsIn(WORK_ORDER_STATES)
  from: WorkOrderState | null;
}

/** 结案 An order closed. */
export class WorkOrderClosedEvent extends WorkOrderEventBase {
  /** Whether it closed within its limit (按期). */
  @IsBoolean()
  onTime: boolean;

  @IsInt()
  reworkCount: number;
}

/** 督办 An overdue order got an automatic supervision notice and was escalated. */
export class WorkOrderSupervisedEvent extends WorkOrderEventBase {
  /** 1 for the first notice, 2 for the next… */
  @IsInt()
  round: number;

  /** The level escalated to: the town's leadership, then the county's. */
  @IsIn(['town', 'county'])
  escalatedTo: 'town' | 'county';
}

/** 临期预警 An order's limit is near. */
export class WorkOrderDueSoonEvent extends WorkOrderEventBase {}

const svc = 'command-dispatch';

export const COMMAND_DISPATCH_EVENTS = {
  workOrderCreated: defineEvent(svc, 'workorder.created', 1, WorkOrderCreatedEvent),
  workOrderDispatched: defineEvent(svc, 'workorder.dispatched', 1, WorkOrderDispatchedEvent),
  workOrderStatusChanged: defineEvent(svc, 'workorder.status-changed', 1, WorkOrderStatusChangedEvent),
  workOrderClosed: defineEvent(svc, 'workorder.closed', 1, WorkOrderClosedEvent),
  workOrderSupervised: defineEvent(svc, 'workorder.supervised', 1, WorkOrderSupervisedEvent),
  workOrderDueSoon: defineEvent(svc, 'workorder.due-soon', 1, WorkOrderDueSoonEvent),
} as const;
