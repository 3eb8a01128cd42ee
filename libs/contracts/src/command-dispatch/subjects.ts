import { defineSubject } from '../common/messages';
import type { Page } from '../common/pagination';
import type { ServiceStatus } from '../common/service-status';
import { IdParam } from '../identity/organisation.dto';
import { CountyParam, SaveCategoryRequest, SaveDispatchSettingsRequest, type CategoryView, type DispatchSettingsView } from './taxonomy.dto';
import { DashboardQuery, WorkOrderChangesQuery, type DispatchDashboardView, type WorkOrderChanges } from './feed.dto';
import { ListSupervisionsQuery, type SupervisionView } from './supervision.dto';
import { ChannelIntakeCommand, type ChannelIntakeResult, ListWorkOrdersQuery, RegisterWorkOrderRequest, WorkOrderStepCommand, type WorkOrderHistoryEntryView, type WorkOrderView } from './work-order.dto';

const svc = 'command-dispatch';

/**
 * The command-dispatch service (指挥调度一中心): request–reply subjects yiti.v1.command-dispatch.<resource>.<action>,
 * each with the class its request is validated against and its reply type. Events are in events.ts.
 */
export const COMMAND_DISPATCH_SUBJECTS = {
  /** The service answers over NATS (no actor needed): ServiceStatus. */
  status: defineSubject(svc, 'service', 'status', null).returns<ServiceStatus>(),
  /** 渠道来件: a ticket of an external channel, idempotent by its external ticket id (the gateway checked the channel credential). */
  intakeTicket: defineSubject(svc, 'tickets', 'intake', ChannelIntakeCommand).returns<ChannelIntakeResult>(),
  registerWorkOrder: defineSubject(svc, 'work-orders', 'register', RegisterWorkOrderRequest).returns<WorkOrderView>(),
  getWorkOrder: defineSubject(svc, 'work-orders', 'get', IdParam).returns<WorkOrderView>(),
  listWorkOrders: defineSubject(svc, 'work-orders', 'list', ListWorkOrdersQuery).returns<Page<WorkOrderView>>(),
  takeStep: defineSubject(svc, 'work-orders', 'step', WorkOrderStepCommand).returns<WorkOrderView>(),
  history: defineSubject(svc, 'work-orders', 'history', IdParam).returns<WorkOrderHistoryEntryView[]>(),
  subTasks: defineSubject(svc, 'work-orders', 'sub-tasks', IdParam).returns<WorkOrderView[]>(),
  /** The live feed's changes in the caller's jurisdiction after a position (bounded: at most 200). */
  changes: defineSubject(svc, 'work-order-changes', 'list', WorkOrderChangesQuery).returns<WorkOrderChanges>(),
  dashboard: defineSubject(svc, 'dashboard', 'get', DashboardQuery).returns<DispatchDashboardView>(),
  /** 督办单: the automatic 督办 notices of the caller's jurisdiction (paged). */
  listSupervisions: defineSubject(svc, 'supervisions', 'list', ListSupervisionsQuery).returns<Page<SupervisionView>>(),
  /** 签收督办: the addressed level acknowledges a notice (once; again answers the same). */
  acknowledgeSupervision: defineSubject(svc, 'supervisions', 'acknowledge', IdParam).returns<SupervisionView>(),
  /** The county's taxonomy (defaults overlaid by its own entries; a few hundred at most). */
  listCategories: defineSubject(svc, 'categories', 'list', CountyParam).returns<CategoryView[]>(),
  saveCategory: defineSubject(svc, 'categories', 'save', SaveCategoryRequest).returns<CategoryView>(),
  getSettings: defineSubject(svc, 'settings', 'get', CountyParam).returns<DispatchSettingsView>(),
  saveSettings: defineSubject(svc, 'settings', 'save', SaveDispatchSettingsRequest).returns<DispatchSettingsView>(),
} as const;
