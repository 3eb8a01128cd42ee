import {
  CASE_TRANSITIONS,
  checkDiscretion,
  decideCaseStep,
  hearingQualifies,
  type ApplicantKind,
  type CaseAction,
  type CaseDocumentKind,
  type CaseFacts,
  type CaseState,
  type CaseStepCommand,
  type DiscretionBand,
  type HearingThresholds,
  type PenaltyTerms,
  type Role,
} from '@yiti/contracts';
import { DomainException, type IsoDate, type WorkingDayCalendar } from '@yiti/platform';
import { decisionDueDate, earliestHearingDate, hearingRequestDueDate, lateFeeFen, paymentDueDate, serviceDueDate, statementsDueDate } from './case-clock';

/** What the ordinary procedure reads of a case row (besides the filing columns). */
export interface ProcedureRow {
  status: CaseState;
  officer_ids: string[];
  party_kind: ApplicantKind | null;
  filed_on: string | null;
  major: boolean;
  complex: boolean;
  proposed_penalty: PenaltyTerms | null;
  hearing_qualifies: boolean | null;
  statements_due_on: string | null;
  hearing_request_due_on: string | null;
  hearing_on: string | null;
  hearing_held: boolean | null;
  fine_fen: string | number | null;
  extensions: number[];
  payment_due_on: string | null;
}

/** What the step needs to know besides the row and the request. */
export interface ProcedureContext {
  today: IsoDate;
  calendar: WorkingDayCalendar;
  actorId: string;
  roles: readonly Role[];
  item: { legalReviewRequired?: boolean; discretionBands?: readonly DiscretionBand[] } | null;
  thresholds: HearingThresholds;
  /** Earlier penalties decided on the same party for the same item (首违不罚). */
  priorPenalties: number;
}

export interface ProcedurePlan {
  to: CaseState;
  facts: CaseFacts;
  /** Columns to set (jsonb values already JSON text). */
  patch: Record<string, unknown>;
  /** The documents the step issues, numbered in its transaction. */
  documents: CaseDocumentKind[];
  /** The events the step publishes through the outbox. */
  events: ('penalty_decided' | 'case_closed')[];
}

const fen = (yuan: number | undefined) => Math.round((yuan ?? 0) * 100);
const required = (field: string, message: string) => new DomainException('VALIDATION_FAILED', message, [{ field, messages: ['required for this step'] }]);

/** Art. 58: legal review is mandatory when the item requires it, after a hearing, or for a major or complex case. */
export function legalReviewMandatory(row: Pick<ProcedureRow, 'major' | 'complex' | 'hearing_held'>, item: ProcedureContext['item']): boolean {
  return Boolean(item?.legalReviewRequired) || Boolean(row.hearing_held) || row.major || row.complex;
}

/** Whether `decided` is no heavier than `notified` (art. 45: statements never make a penalty heavier; a heavier one is notified anew). */
function noHeavier(decided: PenaltyTerms, notified: PenaltyTerms | null): boolean {
  if (!notified) return false;
  return decided.kinds.every((k) => notified.kinds.includes(k)) && fen(decided.fineYuan) <= fen(notified.fineYuan) && fen(decided.confiscatedYuan) <= fen(notified.confiscatedYuan);
}

/**
 * One step of the ordinary procedure after filing, planned from the lifecycle table, the case's
 * recorded procedure, the item (legal review, discretion bands), the county's hearing thresholds
 * and the calendar; throws the step's stable error, writes nothing. Periods per art. 85: working
 * days for 3/5/7, calendar days otherwise.
 */
export function planProcedureStep(row: ProcedureRow, command: CaseStepCommand, ctx: ProcedureContext): ProcedurePlan {
  const { today, calendar } = ctx;
  const action: CaseAction = command.action;
  // The table first: an illegal step or the wrong role is refused as such, before what the step carries.
  const transition = CASE_TRANSITIONS[row.status][action];
  if (!transition) throw new DomainException('INVALID_TRANSITION', `cannot ${action} a case that is ${row.status}`);
  if (!ctx.roles.includes(transition.by)) throw new DomainException('FORBIDDEN_ROLE', `${action} at ${row.status} is taken by the ${transition.by.replace('_', ' ')}`);
  const mandatory = legalReviewMandatory({ ...row, major: command.major ?? row.major, complex: command.complex ?? row.complex }, ctx.item);
  const facts: CaseFacts = {
    reasons: command.reasons,
    officerIds: row.officer_ids,
    actorId: ctx.actorId,
    legalReviewMandatory: mandatory,
    major: command.major ?? row.major,
    hearingQualifies: row.hearing_qualifies ?? false,
    hearingRequestedInTime: row.hearing_request_due_on !== null && today <= row.hearing_request_due_on,
    hearingNoticedInTime: true,
    hearingRecord: command.hearingRecord,
    serviceMethod: command.serviceMethod,
    closingReport: command.closingReport,
    nothingToPay: Number(row.fine_fen ?? 0) === 0,
    proposedPenalty: command.proposedPenalty,
  };
  const patch: Record<string, unknown> = {};
  const documents: CaseDocumentKind[] = [];
  const events: ProcedurePlan['events'] = [];
  if (command.major !== undefined) patch.major = command.major;
  if (command.complex !== undefined) patch.complex = command.complex;

  switch (action) {
    case 'notify': {
      const proposed = command.proposedPenalty;
      if (proposed) {
        if (!row.party_kind) throw required('party', '事先告知须有明确的当事人 The prior notice is addressed to a known party');
        if (!command.facts) throw required('facts', '事先告知载明违法事实 The prior notice states the facts (art. 44)');
        if (!command.legalBasis) throw required('legalBasis', '事先告知载明处罚理由和依据 The prior notice states the legal grounds (art. 44)');
        const qualifies = hearingQualifies(proposed, row.party_kind, ctx.thresholds);
        Object.assign(patch, {
          proposed_penalty: JSON.stringify(proposed),
          facts: command.facts,
          legal_basis: command.legalBasis,
          hearing_qualifies: qualifies,
          notified_on: today,
          statements_due_on: statementsDueDate(calendar, today, command.statementWorkingDays),
          hearing_request_due_on: qualifies ? hearingRequestDueDate(calendar, today) : null,
        });
        documents.push('prior_notice');
      }
      break;
    }
    case 'close_statements': {
      const periodsEnd = [row.statements_due_on, row.hearing_qualifies ? row.hearing_request_due_on : null].filter((d): d is string => d !== null).sort().at(-1);
      if (!command.statementRecord && periodsEnd && today <= periodsEnd) {
        throw new DomainException('STATUTORY_PERIOD_NOT_MET', `陈述申辩(及听证申请)期限至${periodsEnd}届满;期满前结束须记录当事人的陈述申辩或放弃 Statements (and the hearing request) run until ${periodsEnd}; before then record the party's statements or waiver`);
      }
      patch.statement_record = command.statementRecord ?? null;
      break;
    }
    case 'notice_hearing': {
      if (!command.hearingOn) throw required('hearingOn', '听证通知载明听证日期 The hearing notice names the date');
      if (!command.hearingPlace) throw required('hearingPlace', '听证通知载明听证地点 The hearing notice names the place');
      if (!command.presidingOfficerId) throw required('presidingOfficerId', '听证由行政机关指定的非本案调查人员主持 A presiding officer is named (art. 64)');
      if (row.officer_ids.includes(command.presidingOfficerId)) {
        throw new DomainException('CASE_OFFICER_NOT_INDEPENDENT', `听证主持人${command.presidingOfficerId}是本案调查人员 The presiding officer ${command.presidingOfficerId} investigated this case (art. 64)`);
      }
      const earliest = earliestHearingDate(calendar, today);
      if (command.hearingOn < earliest) {
        throw new DomainException('STATUTORY_PERIOD_NOT_MET', `听证应于举行七个工作日前通知当事人:今日通知,最早${earliest}举行,而非${command.hearingOn} The party is told at least 7 working days before: noticed today, the hearing is on ${earliest} at the earliest, not ${command.hearingOn} (art. 64)`);
      }
      Object.assign(patch, { hearing_noticed_on: today, hearing_on: command.hearingOn, hearing_place: command.hearingPlace, presiding_officer_id: command.presidingOfficerId });
      documents.push('hearing_notice');
      break;
    }
    case 'record_hearing': {
      if (row.hearing_on && today < row.hearing_on) throw new DomainException('STATUTORY_PERIOD_NOT_MET', `听证定于${row.hearing_on}举行 The hearing is set for ${row.hearing_on}`);
      if (command.partyAbsent) facts.hearingRecord = command.hearingRecord ?? '当事人无正当理由拒不出席听证,视为放弃听证权利 The party did not appear without good reason: the hearing is waived';
      Object.assign(patch, { hearing_record: facts.hearingRecord ?? null, hearing_held: !command.partyAbsent, hearing_waived: Boolean(command.partyAbsent) });
      break;
    }
    case 'pass_legal_review':
      Object.assign(patch, { legal_reviewer_id: ctx.actorId, legal_reviewed_on: today });
      break;
    case 'record_discussion':
      patch.discussion_record = command.reasons ?? null;
      break;
    case 'decide_penalty': {
      const penalty = command.penalty;
      if (!penalty) throw required('penalty', '处罚决定载明处罚种类和数额 The decision states the penalty');
      if (!noHeavier(penalty, row.proposed_penalty)) {
        throw new DomainException('PENALTY_HEAVIER_THAN_NOTIFIED', '处罚决定重于事先告知的拟处罚,须重新告知 The penalty is heavier than the one notified: notify the party again (art. 45)');
      }
      const discretion = checkDiscretion(ctx.item?.discretionBands ?? [], penalty.circumstance, penalty.kinds.includes('fine') ? (penalty.fineYuan ?? 0) : 0);
      facts.penaltyInBand = !penalty.kinds.includes('fine') || discretion.inBand;
      if (!facts.penaltyInBand && !command.reasons?.trim() && !discretion.inBand) {
        throw new DomainException('VALIDATION_FAILED', `${discretion.detail};偏离裁量基准须说明理由 A penalty outside the discretion band (裁量基准) needs its reasons`, [{ field: 'reasons', messages: ['required outside the discretion band'] }]);
      }
      const fineFen = penalty.kinds.includes('fine') ? fen(penalty.fineYuan) : 0;
      Object.assign(patch, { decision_kind: 'penalty', penalty: JSON.stringify(penalty), penalty_in_band: facts.penaltyInBand, fine_fen: fineFen, decided_on: today, service_due_on: serviceDueDate(calendar, today) });
      documents.push('decision');
      events.push('penalty_decided');
      break;
    }
    case 'decide_no_penalty': {
      if (!command.noPenaltyGround) throw required('noPenaltyGround', '不予处罚须载明情形 The ground for no penalty is stated');
      if (command.noPenaltyGround === 'first_violation' && ctx.priorPenalties > 0) {
        throw new DomainException('FIRST_VIOLATION_NOT_APPLICABLE', `当事人此前已因同一事项受过${ctx.priorPenalties}次行政处罚,不属初次违法 The party was penalised ${ctx.priorPenalties} time(s) before for this item (art. 33)`);
      }
      Object.assign(patch, { decision_kind: 'no_penalty', no_penalty_ground: command.noPenaltyGround, fine_fen: 0, decided_on: today, service_due_on: serviceDueDate(calendar, today) });
      documents.push('decision');
      break;
    }
    case 'refer_to_judiciary':
      Object.assign(patch, { decision_kind: 'judiciary', decided_on: today });
      break;
    case 'extend': {
      if (!command.extensionDays) throw required('extensionDays', '延长期限须载明天数 An extension states its days');
      if (!row.filed_on) throw new DomainException('INVALID_TRANSITION', 'the case is not filed');
      const extensions = [...row.extensions, command.extensionDays];
      Object.assign(patch, { extensions, decision_due_on: decisionDueDate(calendar, row.filed_on, extensions) });
      break;
    }
    case 'serve':
      Object.assign(patch, { served_on: today, service_method: command.serviceMethod ?? null, recipient: command.recipient ?? null, payment_due_on: Number(row.fine_fen ?? 0) > 0 ? paymentDueDate(calendar, today) : null });
      documents.push('service_receipt');
      break;
    case 'approve_deferral': {
      if (Number(row.fine_fen ?? 0) === 0) throw new DomainException('INVALID_TRANSITION', '没有应缴罚款 There is no fine to defer');
      const instalments = command.instalments ?? null;
      if (!command.deferredUntil === !instalments) throw required('deferredUntil', '暂缓缴纳载明期限,或分期缴纳载明各期(二者择一) Either a deferral date or instalments (art. 66)');
      if (instalments && fen(instalments.reduce((sum, i) => sum + i.yuan, 0)) !== Number(row.fine_fen)) {
        throw new DomainException('VALIDATION_FAILED', `分期金额合计须等于罚款${Number(row.fine_fen) / 100}元 The instalments add up to the fine`, [{ field: 'instalments', messages: ['must add up to the fine'] }]);
      }
      const due = command.deferredUntil ?? [...(instalments ?? [])].map((i) => i.dueOn).sort().at(-1) ?? null;
      if (due && row.payment_due_on && due <= row.payment_due_on) throw new DomainException('VALIDATION_FAILED', `暂缓或分期的期限须晚于原缴款期限${row.payment_due_on} The new date is after ${row.payment_due_on}`, [{ field: 'deferredUntil', messages: ['not later than the current due date'] }]);
      Object.assign(patch, { payment_due_on: due, instalments: instalments ? JSON.stringify(instalments) : null });
      break;
    }
    case 'record_payment': {
      const fineFen = Number(row.fine_fen ?? 0);
      if (fineFen === 0 || !row.payment_due_on) throw new DomainException('INVALID_TRANSITION', '没有应缴罚款 There is no fine to pay');
      if (command.paidYuan === undefined) throw required('paidYuan', '登记缴款金额 The amount paid');
      const lateFee = lateFeeFen(fineFen, row.payment_due_on, today);
      if (fen(command.paidYuan) < fineFen + lateFee) {
        throw new DomainException('PAYMENT_INSUFFICIENT', `应缴罚款${fineFen / 100}元及加处罚款${lateFee / 100}元(缴款期限${row.payment_due_on}),共${(fineFen + lateFee) / 100}元 Due: the fine and the late fee since ${row.payment_due_on} (art. 72)`);
      }
      Object.assign(patch, { paid_fen: fen(command.paidYuan), late_fee_fen: lateFee, paid_on: today });
      break;
    }
    case 'close':
      Object.assign(patch, { closing_report: command.closingReport ?? null, closed_on: today });
      documents.push('closing_report');
      events.push('case_closed');
      break;
    case 'request_hearing':
    case 'submit_legal_review':
    case 'return_for_investigation':
    case 'submit_discussion':
      // Nothing to record beyond the state (the reasons, where required, below).
      break;
    case 'propose_filing':
    case 'decline':
    case 'transfer':
    case 'file':
    case 'refuse_filing':
      throw new Error(`${action} is a filing step, planned with the authority registry, not here`);
  }

  const decision = decideCaseStep(row.status, action, ctx.roles, facts);
  if (!decision.ok) throw new DomainException(decision.code, decision.detail);
  if (['return_for_investigation', 'decide_no_penalty', 'refer_to_judiciary', 'extend', 'approve_deferral', 'record_discussion'].includes(action)) patch.reasons = command.reasons ?? null;
  return { to: decision.to, facts, patch: { ...patch, status: decision.to }, documents, events };
}
