/**
 * 调度台: what a dispatcher may do with an order in their queues, and what each step needs, as the
 * work-order lifecycle (libs/contracts/src/command-dispatch/work-order-lifecycle.ts) says; the API
 * checks it again.
 */
export type DeskAction = 'route' | 'reassign' | 'uphold' | 'approve-extension' | 'refuse-extension';

export interface DeskStep {
  action: DeskAction;
  label: string;
  needsUnit: boolean;
  needsReasons: boolean;
  danger?: boolean;
}

export const DESK_STEPS: Record<DeskAction, DeskStep> = {
  route: { action: 'route', label: '派遣', needsUnit: true, needsReasons: false },
  reassign: { action: 'reassign', label: '改派', needsUnit: true, needsReasons: true },
  uphold: { action: 'uphold', label: '维持原派', needsUnit: false, needsReasons: true },
  'approve-extension': { action: 'approve-extension', label: '批准延期', needsUnit: false, needsReasons: false },
  'refuse-extension': { action: 'refuse-extension', label: '不予延期', needsUnit: false, needsReasons: true, danger: true },
};

/** The dispatcher's steps for an order: route a waiting one, arbitrate a 退单, decide a 延期. */
export function deskStepsFor(order: { status: string; pendingExtension?: unknown }): DeskStep[] {
  if (order.status === 'pending_dispatch') return [DESK_STEPS.route];
  if (order.status === 'returned') return [DESK_STEPS.reassign, DESK_STEPS.uphold];
  if (order.pendingExtension !== null && order.pendingExtension !== undefined && ['signed', 'handling', 'rework'].includes(order.status)) {
    return [DESK_STEPS['approve-extension'], DESK_STEPS['refuse-extension']];
  }
  return [];
}

/** What the step form lacks, by field; empty when it may be sent. */
export function deskStepProblems(step: DeskStep, values: { unitId?: string; reasons?: string }): Partial<Record<'unitId' | 'reasons', string>> {
  const problems: Partial<Record<'unitId' | 'reasons', string>> = {};
  if (step.needsUnit && !values.unitId) problems.unitId = '请选择承办单位';
  if (step.needsReasons && !values.reasons?.trim()) problems.reasons = step.action === 'uphold' ? '请说明维持原派的理由' : '请填写理由';
  return problems;
}

/** "剩 3 小时" / "超期 2 小时" from an order's due instant; "未计时" before dispatch. */
export function dueText(dueAt: string | null | undefined, now = Date.now()): string {
  if (!dueAt) return '未计时';
  const hours = Math.round((Date.parse(dueAt) - now) / 3_600_000);
  if (hours < 0) return `超期 ${-hours} 小时`;
  if (hours < 24) return `剩 ${hours} 小时`;
  return `剩 ${Math.floor(hours / 24)} 天`;
}
