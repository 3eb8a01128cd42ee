import { describe, expect, it } from 'vitest';
import { caseClocks, caseStage, caseStepsFor, daysBetween, stepPath } from './case';

describe('the ordinary procedure in the console', () => {
  it('offers each role its own steps of the case\'s state', () => {
    expect(caseStepsFor('clue_registered', ['enforcement_officer']).map((s) => s.action)).toEqual(['propose_filing', 'decline', 'transfer']);
    expect(caseStepsFor('filing_proposed', ['enforcement_officer'])).toEqual([]);
    expect(caseStepsFor('filing_proposed', ['leader']).map((s) => s.action)).toEqual(['file', 'refuse_filing', 'transfer']);
    expect(caseStepsFor('legal_review', ['legal_reviewer']).map((s) => s.action)).toEqual(['pass_legal_review', 'return_for_investigation']);
    expect(caseStepsFor('closed', ['leader', 'enforcement_officer'])).toEqual([]);
    expect(caseStepsFor('investigating', ['enforcement_officer'])[0]?.required).toEqual(['proposedPenalty', 'facts', 'legalBasis']);
    expect(stepPath('decide_no_penalty')).toBe('decide-no-penalty');
  });

  it('places the state on the procedure\'s stages', () => {
    expect(caseStage('clue_registered')).toEqual({ index: 0, ended: false });
    expect(caseStage('hearing_noticed')).toEqual({ index: 3, ended: false });
    expect(caseStage('legal_review')).toEqual({ index: 4, ended: false });
    expect(caseStage('closed')).toEqual({ index: 6, ended: false });
    expect(caseStage('not_filed')).toEqual({ index: 1, ended: true });
  });

  it('reads the clocks: overdue, due soon, and done once the step is taken', () => {
    expect(daysBetween('2026-12-03', '2026-12-10')).toBe(7);
    const investigating = { status: 'statement_period', decisionDueOn: '2027-03-01', procedure: { statementsDueOn: '2026-12-04', hearingRequestDueOn: '2026-12-02' } };
    expect(caseClocks(investigating, '2026-12-03')).toEqual([
      { label: '作出处罚决定(立案之日起90日)', dueOn: '2027-03-01', daysLeft: 88, tone: 'ok' },
      { label: '陈述申辩期限', dueOn: '2026-12-04', daysLeft: 1, tone: 'due-soon' },
      { label: '听证申请期限(5个工作日)', dueOn: '2026-12-02', daysLeft: -1, tone: 'overdue' },
    ]);
    const decided = { status: 'served', decisionDueOn: '2026-11-01', procedure: { decidedOn: '2026-10-20', servedOn: '2026-10-22', serviceDueOn: '2026-10-27', paymentDueOn: '2026-11-06' } };
    expect(caseClocks(decided, '2026-12-03').map((k) => k.tone)).toEqual(['done', 'done', 'overdue']);
    expect(caseClocks({ status: 'clue_registered', decisionDueOn: null, procedure: null }, '2026-12-03')).toEqual([]);
  });
});
