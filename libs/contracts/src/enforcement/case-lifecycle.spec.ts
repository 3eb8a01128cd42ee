import { stepRoles } from '../common/lifecycle';
import { ALL_ROLES, type Role } from '../identity/roles';
import { CASE_ACTIONS, CASE_STATES, CASE_TRANSITIONS, decideCaseStep, type CaseAction, type CaseClockEffect, type CaseFacts, type CaseState } from './case-lifecycle';

/** Everything any step may need, so only the state and the role decide. */
const complete: CaseFacts = {
  reasons: '违法事实清楚',
  transferTo: '县市场监督管理局',
  officerIds: ['officer-1', 'officer-2'],
  actorId: 'reviewer-1',
  proposedPenalty: { kinds: ['fine'], fineYuan: 5000 },
  hearingQualifies: true,
  hearingRequestedInTime: true,
  hearingNoticedInTime: true,
  hearingRecord: '听证笔录',
  legalReviewMandatory: false,
  major: false,
  penaltyInBand: true,
  serviceMethod: '直接送达',
  closingReport: '结案报告',
  nothingToPay: true,
};
const major: CaseFacts = { ...complete, major: true };

/** The legal steps, written out independently of the table: [state, action, role, next state, clock]. */
const LEGAL: [CaseState, CaseAction, Role, CaseState, CaseClockEffect][] = [
  ['clue_registered', 'propose_filing', 'enforcement_officer', 'filing_proposed', 'none'],
  ['clue_registered', 'decline', 'enforcement_officer', 'not_filed', 'none'],
  ['clue_registered', 'transfer', 'enforcement_officer', 'transferred', 'none'],
  ['filing_proposed', 'file', 'leader', 'investigating', 'start_decision'],
  ['filing_proposed', 'refuse_filing', 'leader', 'not_filed', 'none'],
  ['filing_proposed', 'transfer', 'leader', 'transferred', 'none'],
  ['investigating', 'notify', 'enforcement_officer', 'statement_period', 'start_statements'],
  ['investigating', 'refer_to_judiciary', 'leader', 'referred_to_judiciary', 'stop'],
  ['investigating', 'extend', 'leader', 'investigating', 'extend_decision'],
  ['statement_period', 'request_hearing', 'enforcement_officer', 'hearing_requested', 'none'],
  ['statement_period', 'close_statements', 'enforcement_officer', 'pending_decision', 'none'],
  ['statement_period', 'extend', 'leader', 'statement_period', 'extend_decision'],
  ['hearing_requested', 'notice_hearing', 'enforcement_officer', 'hearing_noticed', 'start_hearing_notice'],
  ['hearing_requested', 'extend', 'leader', 'hearing_requested', 'extend_decision'],
  ['hearing_noticed', 'record_hearing', 'enforcement_officer', 'pending_decision', 'none'],
  ['hearing_noticed', 'extend', 'leader', 'hearing_noticed', 'extend_decision'],
  ['pending_decision', 'submit_legal_review', 'enforcement_officer', 'legal_review', 'none'],
  ['pending_decision', 'return_for_investigation', 'leader', 'investigating', 'none'],
  ['pending_decision', 'decide_penalty', 'leader', 'decided', 'stop_decision'],
  ['pending_decision', 'decide_no_penalty', 'leader', 'decided', 'stop_decision'],
  ['pending_decision', 'refer_to_judiciary', 'leader', 'referred_to_judiciary', 'stop'],
  ['pending_decision', 'extend', 'leader', 'pending_decision', 'extend_decision'],
  ['legal_review', 'pass_legal_review', 'legal_reviewer', 'reviewed', 'none'],
  ['legal_review', 'return_for_investigation', 'legal_reviewer', 'investigating', 'none'],
  ['legal_review', 'extend', 'leader', 'legal_review', 'extend_decision'],
  ['reviewed', 'submit_discussion', 'leader', 'collective_discussion', 'none'],
  ['reviewed', 'decide_penalty', 'leader', 'decided', 'stop_decision'],
  ['reviewed', 'decide_no_penalty', 'leader', 'decided', 'stop_decision'],
  ['reviewed', 'refer_to_judiciary', 'leader', 'referred_to_judiciary', 'stop'],
  ['reviewed', 'extend', 'leader', 'reviewed', 'extend_decision'],
  ['collective_discussion', 'record_discussion', 'leader', 'discussed', 'none'],
  ['collective_discussion', 'extend', 'leader', 'collective_discussion', 'extend_decision'],
  ['discussed', 'decide_penalty', 'leader', 'decided', 'stop_decision'],
  ['discussed', 'decide_no_penalty', 'leader', 'decided', 'stop_decision'],
  ['discussed', 'refer_to_judiciary', 'leader', 'referred_to_judiciary', 'stop'],
  ['discussed', 'extend', 'leader', 'discussed', 'extend_decision'],
  ['decided', 'serve', 'enforcement_officer', 'served', 'start_payment'],
  ['served', 'approve_deferral', 'leader', 'served', 'defer_payment'],
  ['served', 'record_payment', 'enforcement_officer', 'executed', 'stop'],
  ['served', 'close', 'leader', 'closed', 'stop'],
  ['executed', 'close', 'leader', 'closed', 'stop'],
  ['referred_to_judiciary', 'close', 'leader', 'closed', 'stop'],
];
const isLegal = (state: CaseState, action: CaseAction) => LEGAL.some(([s, a]) => s === state && a === action);
/** A major case only goes to collective discussion; everything else is checked on an ordinary one. */
const factsFor = (state: CaseState, action: CaseAction): CaseFacts => (action === 'submit_discussion' || state === 'discussed' ? major : complete);

describe('penalty case lifecycle (一般程序)', () => {
  it.each(LEGAL)('%s --%s (%s)--> %s, clock %s', (state, action, role, to, clock) => {
    expect(decideCaseStep(state, action, [role], factsFor(state, action))).toEqual({ ok: true, to, clock });
  });

  it('has exactly the legal steps in its table', () => {
    const inTable = CASE_STATES.flatMap((s) => Object.entries(CASE_TRANSITIONS[s]).map(([a, t]) => [s, a, t?.by, t?.to, t?.clock]));
    expect(inTable).toEqual(expect.arrayContaining(LEGAL));
    expect(inTable).toHaveLength(LEGAL.length);
  });

  it('refuses every other (state, action) pair with INVALID_TRANSITION, whoever asks', () => {
    let refused = 0;
    for (const state of CASE_STATES) {
      for (const action of CASE_ACTIONS) {
        if (isLegal(state, action)) continue;
        expect({ state, action, outcome: decideCaseStep(state, action, ALL_ROLES, complete) }).toEqual({ state, action, outcome: expect.objectContaining({ ok: false, code: 'INVALID_TRANSITION' }) });
        refused++;
      }
    }
    expect(refused).toBe(CASE_STATES.length * CASE_ACTIONS.length - LEGAL.length);
  });

  it('refuses every legal step to every other role with FORBIDDEN_ROLE', () => {
    for (const [state, action, role] of LEGAL) {
      for (const other of ALL_ROLES.filter((r) => r !== role)) {
        expect({ state, action, other, outcome: decideCaseStep(state, action, [other], factsFor(state, action)) }).toEqual({ state, action, other, outcome: expect.objectContaining({ ok: false, code: 'FORBIDDEN_ROLE' }) });
      }
    }
  });

  it('ends at not filed, transferred and closed', () => {
    for (const state of ['not_filed', 'transferred', 'closed'] as const) expect(CASE_TRANSITIONS[state]).toEqual({});
  });

  it('files a case only with at least two distinct officers (art. 42)', () => {
    expect(decideCaseStep('filing_proposed', 'file', ['leader'], { officerIds: ['a'] })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', detail: expect.stringContaining('art. 42') });
    expect(decideCaseStep('filing_proposed', 'file', ['leader'], { officerIds: ['a', 'a'] })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decideCaseStep('filing_proposed', 'file', ['leader'], { officerIds: ['a', 'b'] })).toMatchObject({ ok: true, to: 'investigating' });
  });

  it('needs reasons for not filing, a target for a transfer, a proposed penalty for the prior notice', () => {
    expect(decideCaseStep('clue_registered', 'decline', ['enforcement_officer'], {})).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decideCaseStep('clue_registered', 'transfer', ['enforcement_officer'], { reasons: '不属本队管辖' })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED', detail: expect.stringContaining('authority') });
    expect(decideCaseStep('investigating', 'notify', ['enforcement_officer'], { officerIds: ['a', 'b'], proposedPenalty: { kinds: [] } })).toMatchObject({ ok: false, detail: expect.stringContaining('art. 44') });
  });

  it('grants a hearing only when the penalty qualifies and the request is in time; the hearing is noticed 7 working days ahead', () => {
    expect(decideCaseStep('statement_period', 'request_hearing', ['enforcement_officer'], { ...complete, hearingQualifies: false })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', detail: expect.stringContaining('art. 63') });
    expect(decideCaseStep('statement_period', 'request_hearing', ['enforcement_officer'], { ...complete, hearingRequestedInTime: false })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', detail: expect.stringContaining('5 working days') });
    expect(decideCaseStep('hearing_requested', 'notice_hearing', ['enforcement_officer'], { ...complete, hearingNoticedInTime: false })).toMatchObject({ ok: false, detail: expect.stringContaining('7 working days') });
  });

  it('decides without legal review only when it is not mandatory, and a major case only after collective discussion', () => {
    expect(decideCaseStep('pending_decision', 'decide_penalty', ['leader'], { ...complete, legalReviewMandatory: true })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION', detail: expect.stringContaining('art. 58') });
    expect(decideCaseStep('pending_decision', 'decide_penalty', ['leader'], major)).toMatchObject({ ok: false, detail: expect.stringContaining('art. 57') });
    expect(decideCaseStep('reviewed', 'decide_no_penalty', ['leader'], major)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decideCaseStep('reviewed', 'submit_discussion', ['leader'], complete)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decideCaseStep('discussed', 'decide_penalty', ['leader'], major)).toMatchObject({ ok: true, to: 'decided' });
  });

  it('keeps the legal reviewer independent of the case (art. 58)', () => {
    expect(decideCaseStep('legal_review', 'pass_legal_review', ['legal_reviewer'], { officerIds: ['a', 'b'], actorId: 'a' })).toMatchObject({ ok: false, code: 'FORBIDDEN_ROLE', detail: expect.stringContaining('not an officer of the case') });
    expect(decideCaseStep('legal_review', 'pass_legal_review', ['legal_reviewer'], { officerIds: ['a', 'b'] })).toMatchObject({ ok: false, code: 'FORBIDDEN_ROLE' });
  });

  it('decides a penalty outside the discretion band only with reasons', () => {
    expect(decideCaseStep('pending_decision', 'decide_penalty', ['leader'], { penaltyInBand: false })).toMatchObject({ ok: false, detail: expect.stringContaining('裁量基准') });
    expect(decideCaseStep('pending_decision', 'decide_penalty', ['leader'], { penaltyInBand: false, reasons: '从重情节' })).toMatchObject({ ok: true });
  });

  it('closes a served case directly only when nothing is to be paid, always with a closing report', () => {
    expect(decideCaseStep('served', 'close', ['leader'], { ...complete, nothingToPay: false })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decideCaseStep('executed', 'close', ['leader'], {})).toMatchObject({ ok: false, detail: expect.stringContaining('结案报告') });
  });

  it('gives every step to exactly the roles the gateway guards derive from it', () => {
    expect(stepRoles(CASE_TRANSITIONS, 'file')).toEqual(['leader']);
    expect(stepRoles(CASE_TRANSITIONS, 'return_for_investigation').sort()).toEqual(['leader', 'legal_reviewer']);
    expect(stepRoles(CASE_TRANSITIONS, 'transfer').sort()).toEqual(['enforcement_officer', 'leader']);
  });
});
