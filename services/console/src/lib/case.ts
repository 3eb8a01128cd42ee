/**
 * 一般程序: a case's steps as the console offers them, mirroring the case lifecycle
 * (libs/contracts/src/enforcement/case-lifecycle.ts; the API checks role, order and every legal
 * requirement again), the stage it has reached and its clocks.
 */
export type CaseField =
  | 'itemId'
  | 'violationOn'
  | 'safetyConcerned'
  | 'reasons'
  | 'transferTo'
  | 'officerIds'
  | 'proposedPenalty'
  | 'facts'
  | 'legalBasis'
  | 'statementWorkingDays'
  | 'statementRecord'
  | 'hearingOn'
  | 'hearingPlace'
  | 'presidingOfficerId'
  | 'hearingRecord'
  | 'partyAbsent'
  | 'penalty'
  | 'noPenaltyGround'
  | 'extensionDays'
  | 'serviceMethod'
  | 'recipient'
  | 'deferredUntil'
  | 'paidYuan'
  | 'closingReport'
  | 'major'
  | 'complex';

export interface CaseStep {
  action: string;
  label: string;
  role: 'enforcement_officer' | 'leader' | 'legal_reviewer';
  fields: CaseField[];
  /** Fields the form insists on (the API checks the rest of the law). */
  required: CaseField[];
  danger?: boolean;
}

const s = (action: string, label: string, role: CaseStep['role'], fields: CaseField[] = [], required: CaseField[] = [], danger = false): CaseStep => ({ action, label, role, fields, required, danger });
const extend = s('extend', '延长办案期限', 'leader', ['extensionDays', 'reasons'], ['extensionDays', 'reasons']);
const decisions = [
  s('decide_penalty', '作出处罚决定', 'leader', ['penalty', 'reasons'], ['penalty']),
  s('decide_no_penalty', '决定不予处罚', 'leader', ['noPenaltyGround', 'reasons'], ['noPenaltyGround', 'reasons']),
  s('refer_to_judiciary', '移送司法机关', 'leader', ['reasons'], ['reasons'], true),
];

export const CASE_STEPS: Record<string, CaseStep[]> = {
  clue_registered: [
    s('propose_filing', '拟立案', 'enforcement_officer', ['itemId', 'violationOn', 'safetyConcerned'], ['itemId', 'violationOn']),
    s('decline', '不予立案', 'enforcement_officer', ['reasons'], ['reasons'], true),
    s('transfer', '移送', 'enforcement_officer', ['transferTo', 'reasons'], ['transferTo', 'reasons']),
  ],
  filing_proposed: [
    s('file', '批准立案', 'leader', ['officerIds', 'major', 'complex'], ['officerIds']),
    s('refuse_filing', '不予立案', 'leader', ['reasons'], ['reasons'], true),
    s('transfer', '移送', 'leader', ['transferTo', 'reasons'], ['transferTo', 'reasons']),
  ],
  investigating: [
    s('notify', '事先告知', 'enforcement_officer', ['proposedPenalty', 'facts', 'legalBasis', 'statementWorkingDays'], ['proposedPenalty', 'facts', 'legalBasis']),
    s('refer_to_judiciary', '移送司法机关', 'leader', ['reasons'], ['reasons'], true),
    extend,
  ],
  statement_period: [s('close_statements', '陈述申辩结束', 'enforcement_officer', ['statementRecord']), s('request_hearing', '登记听证申请', 'enforcement_officer'), extend],
  hearing_requested: [s('notice_hearing', '听证通知', 'enforcement_officer', ['hearingOn', 'hearingPlace', 'presidingOfficerId'], ['hearingOn', 'hearingPlace', 'presidingOfficerId']), extend],
  hearing_noticed: [s('record_hearing', '听证笔录', 'enforcement_officer', ['hearingRecord', 'partyAbsent'], ['hearingRecord']), extend],
  pending_decision: [s('submit_legal_review', '提交法制审核', 'enforcement_officer'), s('return_for_investigation', '退回补充调查', 'leader', ['reasons'], ['reasons']), ...decisions, extend],
  legal_review: [s('pass_legal_review', '法制审核通过', 'legal_reviewer', ['reasons']), s('return_for_investigation', '退回补充调查', 'legal_reviewer', ['reasons'], ['reasons']), extend],
  reviewed: [s('submit_discussion', '提交集体讨论', 'leader'), ...decisions, extend],
  collective_discussion: [s('record_discussion', '集体讨论记录', 'leader', ['reasons'], ['reasons']), extend],
  discussed: [...decisions, extend],
  decided: [s('serve', '送达决定书', 'enforcement_officer', ['serviceMethod', 'recipient'], ['serviceMethod'])],
  served: [
    s('record_payment', '登记缴款', 'enforcement_officer', ['paidYuan'], ['paidYuan']),
    s('approve_deferral', '批准暂缓缴纳', 'leader', ['deferredUntil', 'reasons'], ['deferredUntil', 'reasons']),
    s('close', '结案', 'leader', ['closingReport'], ['closingReport']),
  ],
  executed: [s('close', '结案', 'leader', ['closingReport'], ['closingReport'])],
  referred_to_judiciary: [s('close', '结案', 'leader', ['closingReport'], ['closingReport'])],
};

/** The steps a user may take on a case now: by its state and their roles. */
export function caseStepsFor(status: string, roles: readonly string[]): CaseStep[] {
  return (CASE_STEPS[status] ?? []).filter((step) => roles.includes(step.role));
}

/** The route of a step: decide_penalty → decide-penalty. */
export function stepPath(action: string): string {
  return action.replace(/_/g, '-');
}

export const CASE_STAGES = ['线索', '立案', '调查取证', '告知与听证', '审核决定', '送达执行', '结案'] as const;

/** The stage a state belongs to (an index into CASE_STAGES), and whether the case ended early. */
export function caseStage(status: string): { index: number; ended: boolean } {
  const at: Record<string, number> = {
    clue_registered: 0,
    filing_proposed: 1,
    investigating: 2,
    statement_period: 3,
    hearing_requested: 3,
    hearing_noticed: 3,
    pending_decision: 4,
    legal_review: 4,
    reviewed: 4,
    collective_discussion: 4,
    discussed: 4,
    decided: 5,
    served: 5,
    executed: 5,
    referred_to_judiciary: 5,
    closed: 6,
  };
  if (status === 'not_filed' || status === 'transferred') return { index: 1, ended: true };
  return { index: at[status] ?? 0, ended: false };
}

export interface CaseClock {
  label: string;
  dueOn: string;
  daysLeft: number;
  tone: 'overdue' | 'due-soon' | 'ok' | 'done';
}

/** Whole calendar days from one date to another (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

interface ClockSource {
  status: string;
  decisionDueOn: string | null;
  procedure: { statementsDueOn?: string | null; hearingRequestDueOn?: string | null; serviceDueOn?: string | null; paymentDueOn?: string | null; decidedOn?: string | null; servedOn?: string | null; paidOn?: string | null; closedOn?: string | null; notifiedOn?: string | null } | null;
}

/** The case's clocks (决定、陈述申辩、听证申请、送达、缴款): days left as of today, done once its step is taken. */
export function caseClocks(c: ClockSource, today: string): CaseClock[] {
  const p = c.procedure ?? {};
  const after = (states: string[]) => states.includes(c.status);
  const clocks: { label: string; dueOn: string | null | undefined; done: boolean }[] = [
    { label: '作出处罚决定(立案之日起90日)', dueOn: c.decisionDueOn, done: Boolean(p.decidedOn) || after(['decided', 'served', 'executed', 'closed', 'referred_to_judiciary']) },
    { label: '陈述申辩期限', dueOn: p.statementsDueOn, done: !after(['statement_period']) },
    { label: '听证申请期限(5个工作日)', dueOn: p.hearingRequestDueOn, done: !after(['statement_period']) },
    { label: '送达期限(7日)', dueOn: p.serviceDueOn, done: Boolean(p.servedOn) },
    { label: '缴款期限(15日)', dueOn: p.paymentDueOn, done: Boolean(p.paidOn) || after(['executed', 'closed']) },
  ];
  return clocks
    .filter((k): k is { label: string; dueOn: string; done: boolean } => Boolean(k.dueOn))
    .map((k) => {
      const daysLeft = daysBetween(today, k.dueOn);
      const tone = k.done ? 'done' : daysLeft < 0 ? 'overdue' : daysLeft <= 3 ? 'due-soon' : 'ok';
      return { label: k.label, dueOn: k.dueOn, daysLeft, tone };
    });
}
