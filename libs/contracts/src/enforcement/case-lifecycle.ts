import type { Role } from '../identity/roles';

/** 线索来源 Where a clue comes from. */
export const CLUE_SOURCES = ['complaint', 'inspection', 'supervision_task', 'grid_event', 'work_order', 'referral', 'random_check'] as const;
export type ClueSource = (typeof CLUE_SOURCES)[number];
export const CLUE_SOURCE_LABELS: Record<ClueSource, string> = {
  complaint: '投诉举报',
  inspection: '巡查发现',
  supervision_task: '审管联动监管任务',
  grid_event: '网格事件',
  work_order: '12345工单',
  referral: '移送',
  random_check: '双随机抽查',
};

/**
 * States of a clue and the penalty case filed from it (一般程序, Administrative Penalty Law). The
 * decision clock (art. 60: 90 calendar days) runs from filing (立案) to the decision.
 */
export const CASE_STATES = [
  'clue_registered',
  'filing_proposed',
  'not_filed',
  'transferred',
  'investigating',
  'statement_period',
  'hearing_requested',
  'hearing_noticed',
  'pending_decision',
  'legal_review',
  'reviewed',
  'collective_discussion',
  'discussed',
  'decided',
  'served',
  'executed',
  'referred_to_judiciary',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  clue_registered: '线索已登记(待核查)',
  filing_proposed: '核查完毕,拟立案(待审批)',
  not_filed: '不予立案',
  transferred: '已移送(移交)',
  investigating: '调查取证中',
  statement_period: '已事先告知(陈述申辩期)',
  hearing_requested: '已申请听证',
  hearing_noticed: '已通知听证',
  pending_decision: '待审核决定',
  legal_review: '法制审核中',
  reviewed: '法制审核通过',
  collective_discussion: '集体讨论中',
  discussed: '集体讨论完毕',
  decided: '已作出决定(待送达)',
  served: '已送达(执行中)',
  executed: '已执行完毕',
  referred_to_judiciary: '已移送司法机关',
  closed: '已结案',
};

export const CASE_ACTIONS = [
  'propose_filing',
  'decline',
  'transfer',
  'file',
  'refuse_filing',
  'notify',
  'request_hearing',
  'close_statements',
  'notice_hearing',
  'record_hearing',
  'submit_legal_review',
  'pass_legal_review',
  'return_for_investigation',
  'submit_discussion',
  'record_discussion',
  'decide_penalty',
  'decide_no_penalty',
  'refer_to_judiciary',
  'extend',
  'serve',
  'approve_deferral',
  'record_payment',
  'close',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  propose_filing: '核查:拟立案',
  decline: '核查:不予立案',
  transfer: '移送(移交有管辖权的机关或县级部门)',
  file: '批准立案',
  refuse_filing: '不批准立案',
  notify: '事先告知',
  request_hearing: '登记听证申请',
  close_statements: '陈述申辩完毕',
  notice_hearing: '通知听证',
  record_hearing: '记录听证(或当事人未到场视为放弃)',
  submit_legal_review: '提交法制审核',
  pass_legal_review: '法制审核通过',
  return_for_investigation: '退回补充调查',
  submit_discussion: '提交集体讨论',
  record_discussion: '记录集体讨论结论',
  decide_penalty: '作出行政处罚决定',
  decide_no_penalty: '作出不予行政处罚决定',
  refer_to_judiciary: '移送司法机关',
  extend: '延长办案期限',
  serve: '送达',
  approve_deferral: '批准暂缓或分期缴纳',
  record_payment: '登记缴款(执行)',
  close: '结案',
};

/** Filed cases whose decision clock (art. 60) runs: from filing until the decision. */
export const DECISION_CLOCK_STATES: readonly CaseState[] = [
  'investigating',
  'statement_period',
  'hearing_requested',
  'hearing_noticed',
  'pending_decision',
  'legal_review',
  'reviewed',
  'collective_discussion',
  'discussed',
];

/**
 * What a step does to the case's clocks: `start_decision` at filing (90 calendar days, art. 60);
 * `extend_decision` with approval and reasons; `start_statements` at the prior notice (statements
 * 3 working days, hearing request 5 working days, art. 85); `start_hearing_notice` (≥ 7 working days
 * before the hearing); `stop_decision` at the decision (service within 7 working days, art. 61);
 * `start_payment` at service (15 calendar days, art. 67); `defer_payment` on an approved deferral;
 * `stop` at closing or transfer.
 */
export type CaseClockEffect = 'none' | 'start_decision' | 'extend_decision' | 'start_statements' | 'start_hearing_notice' | 'stop_decision' | 'start_payment' | 'defer_payment' | 'stop';

/** What a step must carry, or what must hold of the case, besides its state and the role. */
export type CaseStepRequirement =
  | 'reasons'
  | 'transfer_target'
  | 'two_officers'
  | 'proposed_penalty'
  | 'hearing_qualifies'
  | 'within_hearing_request_period'
  | 'hearing_noticed_in_time'
  | 'hearing_record'
  | 'reviewer_not_case_officer'
  | 'legal_review_not_mandatory'
  | 'not_major'
  | 'major'
  | 'penalty_in_band_or_reasons'
  | 'service_method'
  | 'closing_report'
  | 'nothing_to_pay';

export interface CaseTransition {
  to: CaseState;
  by: Role;
  clock: CaseClockEffect;
  requires: CaseStepRequirement[];
}

const step = (to: CaseState, by: Role, clock: CaseClockEffect, ...requires: CaseStepRequirement[]): CaseTransition => ({ to, by, clock, requires });

/** Open states of a filed case before the decision: where the decision period may be extended. */
const extendable = (state: CaseState): Partial<Record<CaseAction, CaseTransition>> => ({ extend: step(state, 'leader', 'extend_decision', 'reasons') });

/** Deciding: the same three outcomes wherever the decision may be taken. */
const decisions = (...requires: CaseStepRequirement[]): Partial<Record<CaseAction, CaseTransition>> => ({
  decide_penalty: step('decided', 'leader', 'stop_decision', ...requires, 'penalty_in_band_or_reasons'),
  decide_no_penalty: step('decided', 'leader', 'stop_decision', ...requires, 'reasons'),
  refer_to_judiciary: step('referred_to_judiciary', 'leader', 'stop', ...requires, 'reasons'),
});

/**
 * The case lifecycle (一般程序): state × action → next state, the role that takes it and the clock
 * effect. Any (state, action) pair not listed is illegal (INVALID_TRANSITION → 409). Legal review
 * (art. 58) comes before the decision: mandatory when the item requires it, after a hearing, or for
 * a major or complex case; collective discussion (art. 57) for major cases, after the review.
 */
export const CASE_TRANSITIONS: Record<CaseState, Partial<Record<CaseAction, CaseTransition>>> = {
  clue_registered: {
    propose_filing: step('filing_proposed', 'enforcement_officer', 'none'),
    decline: step('not_filed', 'enforcement_officer', 'none', 'reasons'),
    transfer: step('transferred', 'enforcement_officer', 'none', 'transfer_target', 'reasons'),
  },
  filing_proposed: {
    file: step('investigating', 'leader', 'start_decision', 'two_officers'),
    refuse_filing: step('not_filed', 'leader', 'none', 'reasons'),
    transfer: step('transferred', 'leader', 'none', 'transfer_target', 'reasons'),
  },
  not_filed: {},
  transferred: {},
  investigating: {
    notify: step('statement_period', 'enforcement_officer', 'start_statements', 'two_officers', 'proposed_penalty'),
    refer_to_judiciary: step('referred_to_judiciary', 'leader', 'stop', 'reasons'),
    ...extendable('investigating'),
  },
  statement_period: {
    request_hearing: step('hearing_requested', 'enforcement_officer', 'none', 'hearing_qualifies', 'within_hearing_request_period'),
    close_statements: step('pending_decision', 'enforcement_officer', 'none'),
    ...extendable('statement_period'),
  },
  hearing_requested: {
    notice_hearing: step('hearing_noticed', 'enforcement_officer', 'start_hearing_notice', 'hearing_noticed_in_time'),
    ...extendable('hearing_requested'),
  },
  hearing_noticed: {
    record_hearing: step('pending_decision', 'enforcement_officer', 'none', 'hearing_record'),
    ...extendable('hearing_noticed'),
  },
  pending_decision: {
    submit_legal_review: step('legal_review', 'enforcement_officer', 'none'),
    return_for_investigation: step('investigating', 'leader', 'none', 'reasons'),
    ...decisions('legal_review_not_mandatory', 'not_major'),
    ...extendable('pending_decision'),
  },
  legal_review: {
    pass_legal_review: step('reviewed', 'legal_reviewer', 'none', 'reviewer_not_case_officer'),
    return_for_investigation: step('investigating', 'legal_reviewer', 'none', 'reviewer_not_case_officer', 'reasons'),
    ...extendable('legal_review'),
  },
  reviewed: {
    submit_discussion: step('collective_discussion', 'leader', 'none', 'major'),
    ...decisions('not_major'),
    ...extendable('reviewed'),
  },
  collective_discussion: {
    record_discussion: step('discussed', 'leader', 'none', 'reasons'),
    ...extendable('collective_discussion'),
  },
  discussed: {
    ...decisions(),
    ...extendable('discussed'),
  },
  decided: {
    serve: step('served', 'enforcement_officer', 'start_payment', 'service_method'),
  },
  served: {
    approve_deferral: step('served', 'leader', 'defer_payment', 'reasons'),
    record_payment: step('executed', 'enforcement_officer', 'stop'),
    close: step('closed', 'leader', 'stop', 'nothing_to_pay', 'closing_report'),
  },
  executed: {
    close: step('closed', 'leader', 'stop', 'closing_report'),
  },
  referred_to_judiciary: {
    close: step('closed', 'leader', 'stop', 'closing_report'),
  },
  closed: {},
};

/** What the caller knows about the case and the request, checked against the step's requirements. */
export interface CaseFacts {
  reasons?: string;
  /** transfer: the organisation (county department, other authority) the clue goes to. */
  transferTo?: string;
  /** The officers assigned to investigate (art. 42: at least two, each certified). */
  officerIds?: readonly string[];
  /** The user taking the step (for the reviewer's independence). */
  actorId?: string;
  /** notify: the proposed penalty told to the party (art. 44). */
  proposedPenalty?: ProposedPenalty;
  /** Whether the proposed penalty entitles the party to a hearing (art. 63, county thresholds). */
  hearingQualifies?: boolean;
  /** The hearing request came within 5 working days of the notice (art. 64). */
  hearingRequestedInTime?: boolean;
  /** The hearing notice went out at least 7 working days before the hearing (art. 64). */
  hearingNoticedInTime?: boolean;
  /** record_hearing: the hearing record, or the record of the party's absence (waiver). */
  hearingRecord?: string;
  /** Legal review is mandatory: the item requires it, a hearing was held, or the case is major/complex (art. 58). */
  legalReviewMandatory?: boolean;
  /** Major case: collective discussion by the leaders (art. 57). */
  major?: boolean;
  /** decide_penalty: whether the fine lies inside the item's discretion band (裁量基准). */
  penaltyInBand?: boolean;
  /** serve: the service method (直接送达, 留置送达, 邮寄送达 …). */
  serviceMethod?: string;
  closingReport?: string;
  /** Nothing left to collect: no fine, or a warning / no-penalty decision. */
  nothingToPay?: boolean;
}

/** 拟处罚 The proposed penalty (warning, fine in yuan, confiscation, licence measures …). */
export interface ProposedPenalty {
  kinds: readonly string[];
  fineYuan?: number;
}

export type CaseErrorCode = 'INVALID_TRANSITION' | 'FORBIDDEN_ROLE' | 'VALIDATION_FAILED';

export type CaseDecision = { ok: true; to: CaseState; clock: CaseClockEffect } | { ok: false; code: CaseErrorCode; detail: string };

const filled = (value: string | undefined): boolean => typeof value === 'string' && value.trim() !== '';
const fail = (code: CaseErrorCode, detail: string) => ({ code, detail });

function unmet(requirement: CaseStepRequirement, facts: CaseFacts): { code: CaseErrorCode; detail: string } | undefined {
  switch (requirement) {
    case 'reasons':
      return filled(facts.reasons) ? undefined : fail('VALIDATION_FAILED', 'this step needs its reasons');
    case 'transfer_target':
      return filled(facts.transferTo) ? undefined : fail('VALIDATION_FAILED', 'a transfer names the authority the clue goes to');
    case 'two_officers':
      return new Set(facts.officerIds ?? []).size >= 2 ? undefined : fail('VALIDATION_FAILED', 'at least two enforcement officers investigate a case (Penalty Law art. 42)');
    case 'proposed_penalty':
      return facts.proposedPenalty && facts.proposedPenalty.kinds.length > 0 ? undefined : fail('VALIDATION_FAILED', 'the prior notice states the proposed penalty (Penalty Law art. 44)');
    case 'hearing_qualifies':
      return facts.hearingQualifies ? undefined : fail('INVALID_TRANSITION', 'the proposed penalty does not entitle the party to a hearing (Penalty Law art. 63)');
    case 'within_hearing_request_period':
      return facts.hearingRequestedInTime ? undefined : fail('INVALID_TRANSITION', 'a hearing is requested within 5 working days of the prior notice (Penalty Law art. 64)');
    case 'hearing_noticed_in_time':
      return facts.hearingNoticedInTime ? undefined : fail('VALIDATION_FAILED', 'the party is told of the hearing at least 7 working days before it (Penalty Law art. 64)');
    case 'hearing_record':
      return filled(facts.hearingRecord) ? undefined : fail('VALIDATION_FAILED', 'the hearing record (or the record of the party not appearing) is required');
    case 'reviewer_not_case_officer':
      return facts.actorId !== undefined && !(facts.officerIds ?? []).includes(facts.actorId)
        ? undefined
        : fail('FORBIDDEN_ROLE', 'the legal reviewer is not an officer of the case (Penalty Law art. 58)');
    case 'legal_review_not_mandatory':
      return facts.legalReviewMandatory ? fail('INVALID_TRANSITION', 'this case needs legal review before the decision (Penalty Law art. 58)') : undefined;
    case 'not_major':
      return facts.major ? fail('INVALID_TRANSITION', 'a major case is decided after collective discussion (Penalty Law art. 57)') : undefined;
    case 'major':
      return facts.major ? undefined : fail('INVALID_TRANSITION', 'only a major case goes to collective discussion');
    case 'penalty_in_band_or_reasons':
      return facts.penaltyInBand || filled(facts.reasons) ? undefined : fail('VALIDATION_FAILED', 'a penalty outside the discretion band (裁量基准) needs its reasons');
    case 'service_method':
      return filled(facts.serviceMethod) ? undefined : fail('VALIDATION_FAILED', 'service records its method (Penalty Law art. 61)');
    case 'closing_report':
      return filled(facts.closingReport) ? undefined : fail('VALIDATION_FAILED', 'a case closes with its closing report (结案报告)');
    case 'nothing_to_pay':
      return facts.nothingToPay ? undefined : fail('INVALID_TRANSITION', 'a fine is collected before the case closes');
  }
}

/**
 * The next state and clock effect of `action` on a case in `state`, taken by someone holding
 * `roles`; or a stable error code: INVALID_TRANSITION (409), FORBIDDEN_ROLE (403),
 * VALIDATION_FAILED (400).
 */
export function decideCaseStep(state: CaseState, action: CaseAction, roles: readonly Role[], facts: CaseFacts = {}): CaseDecision {
  const transition = CASE_TRANSITIONS[state][action];
  if (!transition) return { ok: false, code: 'INVALID_TRANSITION', detail: `cannot ${action} a case that is ${state}` };
  if (!roles.includes(transition.by)) return { ok: false, code: 'FORBIDDEN_ROLE', detail: `${action} at ${state} is taken by the ${transition.by.replace('_', ' ')}` };
  for (const requirement of transition.requires) {
    const problem = unmet(requirement, facts);
    if (problem) return { ok: false, ...problem };
  }
  return { ok: true, to: transition.to, clock: transition.clock };
}
