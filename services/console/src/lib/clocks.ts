import type { Schemas } from '../api/client';

/** The clerk's clocks: how a due date reads at a glance. */
export type ClockTone = 'overdue' | 'due-soon' | 'ok';

export function clockTone(workingDaysLeft: number | null | undefined, soon = 2): ClockTone {
  if (workingDaysLeft === null || workingDaysLeft === undefined) return 'ok';
  if (workingDaysLeft < 0) return 'overdue';
  return workingDaysLeft <= soon ? 'due-soon' : 'ok';
}

export function clockText(workingDaysLeft: number | null | undefined): string {
  if (workingDaysLeft === null || workingDaysLeft === undefined) return '—';
  if (workingDaysLeft < 0) return `超期 ${-workingDaysLeft} 个工作日`;
  if (workingDaysLeft === 0) return '今日到期';
  return `剩 ${workingDaysLeft} 个工作日`;
}

export const CLOCK_LABELS: Record<Schemas['DeadlineEntryView']['clock'], string> = {
  correction_notice: '补正告知',
  acceptance: '受理决定',
  decision: '审查决定',
  certificate: '发证',
};

/** Which required materials the applicant has not brought, by name. */
export function missingMaterials(required: readonly string[], brought: readonly string[]): string[] {
  const have = new Set(brought.map((m) => m.trim()));
  return required.filter((m) => !have.has(m));
}

/** Percent with one decimal, or a dash where there is nothing to count (an empty county). */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}
