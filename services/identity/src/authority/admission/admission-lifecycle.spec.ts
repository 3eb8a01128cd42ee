import { ADMISSION_ACTIONS, ADMISSION_STATUSES, type Actor, type DutyProposal, type Role } from '@yiti/contracts';
import { ADMISSION_TRANSITIONS, decide, proposalProblems } from './admission-lifecycle';

const application = { countyCode: '320585', applicantOrganisationId: 'dept-1' };
const actor = (roles: Role[], jurisdictionCode: string, organisationId = 'org'): Actor => ({ userId: 'u', username: 'u', roles, organisationId, jurisdictionCode });

const countyStaffing = actor(['staffing_officer'], '320585');
const cityStaffing = actor(['staffing_officer'], '320500');
const leader = actor(['county_leader'], '320585');
const applicant = actor(['department_staff'], '320585', 'dept-1');

describe('duty admission lifecycle', () => {
  it('goes county staffing → city staffing → county leadership → approved', () => {
    expect(decide('county_staffing_review', 'approve', countyStaffing, application, undefined)).toEqual({ ok: true, to: 'city_staffing_review' });
    expect(decide('city_staffing_review', 'approve', cityStaffing, application, undefined)).toEqual({ ok: true, to: 'county_decision' });
    expect(decide('county_decision', 'approve', leader, application, undefined)).toEqual({ ok: true, to: 'approved' });
  });

  it('lets each reviewer refuse with reasons, ending the application', () => {
    expect(decide('county_staffing_review', 'reject', countyStaffing, application, '不符合减负要求')).toEqual({ ok: true, to: 'rejected' });
    expect(decide('city_staffing_review', 'reject', cityStaffing, application, '理由不充分')).toEqual({ ok: true, to: 'rejected' });
    expect(decide('county_decision', 'reject', leader, application, '暂缓')).toEqual({ ok: true, to: 'rejected' });
    expect(decide('county_decision', 'reject', leader, application, undefined)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('gives every step to its own taker only', () => {
    expect(decide('county_staffing_review', 'approve', cityStaffing, application, undefined)).toMatchObject({ ok: false, code: 'ADMISSION_STEP_FORBIDDEN' });
    expect(decide('city_staffing_review', 'approve', countyStaffing, application, undefined)).toMatchObject({ ok: false, code: 'ADMISSION_STEP_FORBIDDEN' });
    expect(decide('county_decision', 'approve', countyStaffing, application, undefined)).toMatchObject({ ok: false, code: 'ADMISSION_STEP_FORBIDDEN' });
    expect(decide('county_staffing_review', 'approve', applicant, application, undefined)).toMatchObject({ ok: false, code: 'ADMISSION_STEP_FORBIDDEN' });
    expect(decide('city_staffing_review', 'approve', actor(['staffing_officer'], '320600'), application, undefined)).toMatchObject({ ok: false, code: 'ADMISSION_STEP_FORBIDDEN' });
    expect(decide('county_decision', 'approve', actor(['county_leader'], '320586'), application, undefined)).toMatchObject({ ok: false, code: 'ADMISSION_STEP_FORBIDDEN' });
    expect(decide('county_staffing_review', 'withdraw', actor(['department_staff'], '320585', 'dept-2'), application, undefined)).toMatchObject({ ok: false, code: 'ADMISSION_STEP_FORBIDDEN' });
    expect(decide('city_staffing_review', 'withdraw', applicant, application, undefined)).toEqual({ ok: true, to: 'withdrawn' });
  });

  it('refuses every action on a closed application, and nothing skips a step', () => {
    for (const status of ['approved', 'rejected', 'withdrawn'] as const) {
      for (const action of ADMISSION_ACTIONS) {
        expect(decide(status, action, leader, application, 'x')).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      }
    }
    const reachable = ADMISSION_STATUSES.flatMap((s) => Object.values(ADMISSION_TRANSITIONS[s]).map((t) => [s, t.to]));
    expect(reachable).not.toContainEqual(['county_staffing_review', 'approved']);
    expect(reachable).not.toContainEqual(['county_staffing_review', 'county_decision']);
    expect(reachable).not.toContainEqual(['city_staffing_review', 'approved']);
  });

  it('asks shared duties for their lead level and counterpart', () => {
    const base: DutyProposal = { name: '占道经营处置', kind: 'basic', shared: false, eventCategories: ['市容环境/占道经营'], responsibleOrganisationKind: 'enforcement_team' };
    expect(proposalProblems(base)).toEqual([]);
    expect(proposalProblems({ ...base, shared: true })).toHaveLength(2);
    expect(proposalProblems({ ...base, shared: true, primaryLevel: 'county', countyDepartment: '县级城市管理部门' })).toEqual([]);
    expect(proposalProblems({ ...base, kind: 'cooperative' })).toHaveLength(1);
  });
});
