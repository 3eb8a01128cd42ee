import type { CaseStepCommand, Role } from '@yiti/contracts';
import { CHINA_HOLIDAYS, DomainException, WorkingDayCalendar } from '@yiti/platform';
import { planProcedureStep, type ProcedureContext, type ProcedureRow } from './case-procedure-plan';

const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const REVIEWER = '00000000-0000-4000-8000-00000000000c';
const ALL: Role[] = ['enforcement_officer', 'leader', 'legal_reviewer'];

const row = (overrides: Partial<ProcedureRow> = {}): ProcedureRow => ({
  status: 'investigating',
  officer_ids: [A, B],
  party_kind: 'person',
  filed_on: '2026-07-03',
  major: false,
  complex: false,
  proposed_penalty: null,
  hearing_qualifies: null,
  statements_due_on: null,
  hearing_request_due_on: null,
  hearing_on: null,
  hearing_held: null,
  fine_fen: null,
  extensions: [],
  payment_due_on: null,
  ...overrides,
});
const ctx = (overrides: Partial<ProcedureContext> = {}): ProcedureContext => ({
  today: '2026-09-29',
  calendar,
  actorId: A,
  roles: ALL,
  item: { legalReviewRequired: false, discretionBands: [{ circumstance: '一般', minFine: 1_000, maxFine: 5_000 }] },
  thresholds: { citizenYuan: 5_000, organisationYuan: 50_000 },
  priorPenalties: 0,
  ...overrides,
});
const cmd = (action: CaseStepCommand['action'], fields: Partial<CaseStepCommand> = {}) => ({ id: A, action, ...fields }) as CaseStepCommand;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainException) return { code: error.code, detail: error.message };
    throw error;
  }
  throw new Error('the step was not refused');
};
const notice = { proposedPenalty: { kinds: ['fine' as const], fineYuan: 5_000, circumstance: '一般' }, facts: '无照经营', legalBasis: '《无证无照经营查处办法》第十三条' };

describe('the ordinary procedure after filing, planned step by step (clocks on the 2026 calendar)', () => {
  it('refuses an illegal step or a wrong role before looking at what the step carries', () => {
    expect(refusal(() => planProcedureStep(row({ status: 'closed' }), cmd('notify'), ctx()))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(refusal(() => planProcedureStep(row(), cmd('decide_penalty'), ctx()))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(refusal(() => planProcedureStep(row(), cmd('notify', notice), ctx({ roles: ['legal_reviewer'] })))).toMatchObject({ code: 'FORBIDDEN_ROLE' });
  });

  it('notifies across National Day: statements due in 3 working days, a hearing request in 5 (the make-up Saturday counts)', () => {
    const plan = planProcedureStep(row(), cmd('notify', notice), ctx());
    expect(plan).toMatchObject({ to: 'statement_period', documents: ['prior_notice'] });
    expect(plan.patch).toMatchObject({ hearing_qualifies: true, notified_on: '2026-09-29', statements_due_on: '2026-10-09', hearing_request_due_on: '2026-10-12' });
    expect(planProcedureStep(row(), cmd('notify', { ...notice, statementWorkingDays: 5 }), ctx()).patch).toMatchObject({ statements_due_on: '2026-10-12' });
    // Below the citizen threshold there is no hearing request period.
    const small = planProcedureStep(row(), cmd('notify', { ...notice, proposedPenalty: { kinds: ['fine'], fineYuan: 4_999 } }), ctx());
    expect(small.patch).toMatchObject({ hearing_qualifies: false, hearing_request_due_on: null });
    expect(refusal(() => planProcedureStep(row({ party_kind: null }), cmd('notify', notice), ctx()))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refusal(() => planProcedureStep(row(), cmd('notify', { proposedPenalty: notice.proposedPenalty }), ctx()))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('takes a hearing request only within 5 working days of the notice, and only when the penalty qualifies', () => {
    const notified = row({ status: 'statement_period', hearing_qualifies: true, statements_due_on: '2026-10-09', hearing_request_due_on: '2026-10-12' });
    expect(planProcedureStep(notified, cmd('request_hearing'), ctx({ today: '2026-10-12' })).to).toBe('hearing_requested');
    expect(refusal(() => planProcedureStep(notified, cmd('request_hearing'), ctx({ today: '2026-10-13' })))).toMatchObject({ code: 'INVALID_TRANSITION', detail: expect.stringContaining('5 working days') });
    expect(refusal(() => planProcedureStep({ ...notified, hearing_qualifies: false }, cmd('request_hearing'), ctx({ today: '2026-10-09' })))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('closes statements after the periods have run, or earlier with the party\'s statements recorded', () => {
    const notified = row({ status: 'statement_period', hearing_qualifies: true, statements_due_on: '2026-10-09', hearing_request_due_on: '2026-10-12' });
    expect(refusal(() => planProcedureStep(notified, cmd('close_statements'), ctx({ today: '2026-10-12' })))).toMatchObject({ code: 'STATUTORY_PERIOD_NOT_MET', detail: expect.stringContaining('2026-10-12') });
    expect(planProcedureStep(notified, cmd('close_statements'), ctx({ today: '2026-10-13' })).to).toBe('pending_decision');
    expect(planProcedureStep(notified, cmd('close_statements', { statementRecord: '当事人放弃陈述申辩' }), ctx({ today: '2026-09-30' })).to).toBe('pending_decision');
  });

  it('notices a hearing at least 7 working days ahead across the Spring Festival, presided by an officer not on the case', () => {
    const requested = row({ status: 'hearing_requested', hearing_qualifies: true });
    const fields = { hearingPlace: '浏河镇执法局听证室', presidingOfficerId: REVIEWER };
    expect(refusal(() => planProcedureStep(requested, cmd('notice_hearing', { ...fields, hearingOn: '2026-02-27' }), ctx({ today: '2026-02-12' })))).toMatchObject({ code: 'STATUTORY_PERIOD_NOT_MET', detail: expect.stringContaining('2026-02-28') });
    expect(planProcedureStep(requested, cmd('notice_hearing', { ...fields, hearingOn: '2026-02-28' }), ctx({ today: '2026-02-12' }))).toMatchObject({ to: 'hearing_noticed', documents: ['hearing_notice'] });
    expect(refusal(() => planProcedureStep(requested, cmd('notice_hearing', { ...fields, presidingOfficerId: B, hearingOn: '2026-03-31' }), ctx({ today: '2026-02-12' })))).toMatchObject({ code: 'CASE_OFFICER_NOT_INDEPENDENT' });
  });

  it('records a no-show as a waiver, not before the hearing day; a hearing makes legal review mandatory', () => {
    const noticed = row({ status: 'hearing_noticed', hearing_on: '2026-03-02' });
    expect(refusal(() => planProcedureStep(noticed, cmd('record_hearing', { partyAbsent: true }), ctx({ today: '2026-02-27' })))).toMatchObject({ code: 'STATUTORY_PERIOD_NOT_MET' });
    const waived = planProcedureStep(noticed, cmd('record_hearing', { partyAbsent: true }), ctx({ today: '2026-03-02' }));
    expect(waived.patch).toMatchObject({ status: 'pending_decision', hearing_held: false, hearing_waived: true, hearing_record: expect.stringContaining('放弃') });
    expect(refusal(() => planProcedureStep(noticed, cmd('record_hearing'), ctx({ today: '2026-03-02' })))).toMatchObject({ code: 'VALIDATION_FAILED' });
    const heard = row({ status: 'pending_decision', hearing_held: true, proposed_penalty: notice.proposedPenalty, party_kind: 'person' });
    expect(refusal(() => planProcedureStep(heard, cmd('decide_penalty', { penalty: notice.proposedPenalty }), ctx()))).toMatchObject({ code: 'INVALID_TRANSITION', detail: expect.stringContaining('art. 58') });
    // Without a hearing, a case that is not major or complex and an item without mandatory review is decided directly.
    expect(planProcedureStep({ ...heard, hearing_held: false }, cmd('decide_penalty', { penalty: notice.proposedPenalty }), ctx()).to).toBe('decided');
    expect(refusal(() => planProcedureStep({ ...heard, hearing_held: false }, cmd('decide_penalty', { penalty: notice.proposedPenalty }), ctx({ item: { legalReviewRequired: true } })))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('keeps the legal reviewer independent of the case', () => {
    const inReview = row({ status: 'legal_review' });
    expect(refusal(() => planProcedureStep(inReview, cmd('pass_legal_review'), ctx({ actorId: B })))).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect(planProcedureStep(inReview, cmd('pass_legal_review'), ctx({ actorId: REVIEWER, today: '2026-10-08' })).patch).toMatchObject({ status: 'reviewed', legal_reviewer_id: REVIEWER, legal_reviewed_on: '2026-10-08' });
  });

  it('decides inside the discretion band, or outside with reasons, never heavier than notified; service due in 7 working days', () => {
    const reviewed = row({ status: 'reviewed', proposed_penalty: { kinds: ['fine'], fineYuan: 8_000 } });
    const inBand = planProcedureStep(reviewed, cmd('decide_penalty', { penalty: { kinds: ['fine'], fineYuan: 5_000, circumstance: '一般' } }), ctx({ today: '2026-09-18' }));
    expect(inBand).toMatchObject({ to: 'decided', documents: ['decision'], events: ['penalty_decided'] });
    expect(inBand.patch).toMatchObject({ penalty_in_band: true, fine_fen: 500_000, decided_on: '2026-09-18', service_due_on: '2026-09-29' });
    expect(refusal(() => planProcedureStep(reviewed, cmd('decide_penalty', { penalty: { kinds: ['fine'], fineYuan: 6_000, circumstance: '一般' } }), ctx()))).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringContaining('裁量') });
    const outside = planProcedureStep(reviewed, cmd('decide_penalty', { penalty: { kinds: ['fine'], fineYuan: 6_000, circumstance: '一般' }, reasons: '违法所得数额较大,社会影响恶劣' }), ctx());
    expect(outside.patch).toMatchObject({ penalty_in_band: false, fine_fen: 600_000 });
    expect(refusal(() => planProcedureStep(reviewed, cmd('decide_penalty', { penalty: { kinds: ['fine'], fineYuan: 8_000.01, circumstance: '一般' }, reasons: 'x' }), ctx()))).toMatchObject({ code: 'PENALTY_HEAVIER_THAN_NOTIFIED' });
    expect(refusal(() => planProcedureStep(reviewed, cmd('decide_penalty', { penalty: { kinds: ['fine', 'suspension'], fineYuan: 1_000, circumstance: '一般' } }), ctx()))).toMatchObject({ code: 'PENALTY_HEAVIER_THAN_NOTIFIED' });
    expect(refusal(() => planProcedureStep(row({ status: 'reviewed', major: true, proposed_penalty: { kinds: ['warning'] } }), cmd('decide_penalty', { penalty: { kinds: ['warning'] } }), ctx()))).toMatchObject({ code: 'INVALID_TRANSITION', detail: expect.stringContaining('art. 57') });
  });

  it('applies 首违不罚 only to a first violation (art. 33)', () => {
    const pending = row({ status: 'pending_decision' });
    expect(planProcedureStep(pending, cmd('decide_no_penalty', { noPenaltyGround: 'first_violation', reasons: '初次违法,危害后果轻微并已改正' }), ctx()).patch).toMatchObject({ decision_kind: 'no_penalty', fine_fen: 0 });
    expect(refusal(() => planProcedureStep(pending, cmd('decide_no_penalty', { noPenaltyGround: 'first_violation', reasons: '初次违法' }), ctx({ priorPenalties: 1 })))).toMatchObject({ code: 'FIRST_VIOLATION_NOT_APPLICABLE' });
    expect(refusal(() => planProcedureStep(pending, cmd('decide_no_penalty', { reasons: '轻微' }), ctx()))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('extends the decision period with reasons, the new due date moved past National Day', () => {
    const plan = planProcedureStep(row({ filed_on: '2026-06-03' }), cmd('extend', { extensionDays: 30, reasons: '案情复杂,需进一步鉴定' }), ctx({ roles: ['leader'] }));
    expect(plan.patch).toMatchObject({ status: 'investigating', extensions: [30], decision_due_on: '2026-10-08' }); // 120 days after 3 June is 1 October
    expect(refusal(() => planProcedureStep(row(), cmd('extend', { extensionDays: 30 }), ctx()))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('makes payment due 15 days after service, moved past the Spring Festival; a deferral or instalments need approval and add up', () => {
    const decided = row({ status: 'decided', fine_fen: 500_000 });
    expect(planProcedureStep(decided, cmd('serve', { serviceMethod: 'direct' }), ctx({ today: '2026-02-01' })).patch).toMatchObject({ status: 'served', served_on: '2026-02-01', payment_due_on: '2026-02-24', service_method: 'direct' });
    expect(refusal(() => planProcedureStep(decided, cmd('serve'), ctx()))).toMatchObject({ code: 'VALIDATION_FAILED' });
    const served = row({ status: 'served', fine_fen: 500_000, payment_due_on: '2026-02-24' });
    const instalments = [
      { dueOn: '2026-03-24', yuan: 2_500 },
      { dueOn: '2026-04-24', yuan: 2_500 },
    ];
    expect(planProcedureStep(served, cmd('approve_deferral', { instalments, reasons: '经营困难' }), ctx()).patch).toMatchObject({ status: 'served', payment_due_on: '2026-04-24' });
    expect(refusal(() => planProcedureStep(served, cmd('approve_deferral', { instalments: [instalments[0] as (typeof instalments)[0], { dueOn: '2026-04-24', yuan: 2_000 }], reasons: '经营困难' }), ctx()))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refusal(() => planProcedureStep(served, cmd('approve_deferral', { deferredUntil: '2026-03-31' }), ctx()))).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('collects the late fee, 3 % a day capped at the fine, and closes only when nothing is left to pay', () => {
    const served = row({ status: 'served', fine_fen: 100_000, payment_due_on: '2026-10-08' });
    expect(refusal(() => planProcedureStep(served, cmd('record_payment', { paidYuan: 1_000 }), ctx({ today: '2026-10-09' })))).toMatchObject({ code: 'PAYMENT_INSUFFICIENT', detail: expect.stringContaining('1030') });
    expect(planProcedureStep(served, cmd('record_payment', { paidYuan: 1_030 }), ctx({ today: '2026-10-09' })).patch).toMatchObject({ status: 'executed', paid_fen: 103_000, late_fee_fen: 3_000 });
    expect(planProcedureStep(served, cmd('record_payment', { paidYuan: 2_000 }), ctx({ today: '2027-06-30' })).patch).toMatchObject({ late_fee_fen: 100_000 });
    expect(refusal(() => planProcedureStep(served, cmd('close', { closingReport: '结案' }), ctx()))).toMatchObject({ code: 'INVALID_TRANSITION' });
    const executed = row({ status: 'executed', fine_fen: 100_000 });
    expect(planProcedureStep(executed, cmd('close', { closingReport: '罚款已缴清,结案' }), ctx())).toMatchObject({ to: 'closed', documents: ['closing_report'], events: ['case_closed'] });
    expect(planProcedureStep(row({ status: 'served', fine_fen: 0 }), cmd('close', { closingReport: '警告已送达' }), ctx()).to).toBe('closed');
  });
});
