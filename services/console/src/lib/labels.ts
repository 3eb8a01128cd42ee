import type { Schemas } from '../api/client';

/**
 * Chinese labels of the work-order statuses and channels, shared by the command centre and the
 * dispatcher desk; typed by the generated client's enums, so a value added or renamed in contracts
 * fails the console's typecheck.
 */
export const WORK_ORDER_STATUS_LABELS: Record<Schemas['WorkOrderView']['status'], string> = {
  pending_dispatch: '待派遣',
  dispatched: '已派遣',
  returned: '已退单',
  signed: '已签收',
  handling: '处置中',
  parked: '挂账',
  feedback: '已反馈',
  rework: '返工',
  linked: '协调联动',
  closed: '已结案',
  evaluated: '已回访',
  cancelled: '已作废',
};

export const CHANNEL_LABELS: Record<Schemas['WorkOrderView']['channel'], string> = {
  hotline_12345: '12345热线',
  city_management: '数字城管',
  public_security: '公安',
  work_safety: '安监',
  environment: '环保',
  water: '水利',
  grid_event: '网格事件',
  enforcement: '综合执法',
  approval: '审批服务',
  rule_alert: '研判预警',
  manual: '调度员登记',
};

/** A label for a value that arrives untyped (a live-feed event): the value itself when it has none. */
export function labelOf<K extends string>(labels: Record<K, string>, value: string): string {
  return (labels as Record<string, string>)[value] ?? value;
}
