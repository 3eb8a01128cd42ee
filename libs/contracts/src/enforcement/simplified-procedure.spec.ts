import { simplifiedProcedureProblem } from './simplified-procedure';

describe('simplified procedure limits (当场处罚, Penalty Law arts. 51, 68, 69)', () => {
  it('fines a citizen up to 200 yuan on the spot, not 200.01', () => {
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine', fineFen: 200_00 })).toBeUndefined();
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine', fineFen: 200_01 })).toMatchObject({ code: 'SIMPLIFIED_FINE_LIMIT_EXCEEDED', detail: expect.stringContaining('200 yuan') });
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine', fineFen: 201_00 })).toMatchObject({ code: 'SIMPLIFIED_FINE_LIMIT_EXCEEDED', detail: expect.stringContaining('got 201') });
  });

  it('fines an organisation up to 3,000 yuan on the spot, not 3,000.01', () => {
    expect(simplifiedProcedureProblem({ partyKind: 'organisation', kind: 'fine', fineFen: 3_000_00 })).toBeUndefined();
    expect(simplifiedProcedureProblem({ partyKind: 'organisation', kind: 'fine', fineFen: 3_000_01 })).toMatchObject({ code: 'SIMPLIFIED_FINE_LIMIT_EXCEEDED', detail: expect.stringContaining('3000 yuan') });
  });

  it('collects up to 100 yuan on the spot; more only with a recorded reason', () => {
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine', fineFen: 100_00, collectOnTheSpot: true })).toBeUndefined();
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine', fineFen: 100_01, collectOnTheSpot: true })).toMatchObject({ code: 'ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED' });
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine', fineFen: 100_01, collectOnTheSpot: true, collectionReason: '  ' })).toMatchObject({ code: 'ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED' });
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine', fineFen: 150_00, collectOnTheSpot: true, collectionReason: '边远地区,当事人事后缴纳确有困难' })).toBeUndefined();
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine', fineFen: 150_00 })).toBeUndefined();
  });

  it('gives a warning without a fine, and a fine with its amount', () => {
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'warning' })).toBeUndefined();
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'warning', fineFen: 10_00 })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(simplifiedProcedureProblem({ partyKind: 'person', kind: 'fine', fineFen: 1.5 })).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
