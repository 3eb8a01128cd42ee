/** Chinese labels of the work-order statuses and channels, shared by the command centre and the dispatcher desk. */
export const WORK_ORDER_STATUS_LABELS: Record<string, string> = {
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

export const CHANNEL_LABELS: Record<string, string> = {
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
