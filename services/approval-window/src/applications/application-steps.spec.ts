import type { Role } from '@yiti/contracts';
import { CHINA_HOLIDAYS, DomainException, WorkingDayCalendar } from '@yiti/platform';
import { SPEC_ITEM, receivedForSpec } from './application.spec-fixtures';
import { assertHandlingOrganisation, clockDates, correctionRound, isDeemedAccepted, missingRequiredMaterials, planStep, recordMaterials, suspendedWorkingDays, type ApplicationRecord, type StepInput } from './application-steps';

const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);

const item = SPEC_ITEM;

function application(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return { ...receivedForSpec(), ...overrides };
}

const as = (roles: StepInput['roles'], action: StepInput['action'], today: string, extra: Partial<StepInput> = {}): StepInput => ({ action, roles, today, ...extra });

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainException) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('materials against the checklist', () => {
  it('lists the required materials not handed in, whatever the spacing', () => {
    expect(missingRequiredMaterials(item, [{ name: ' 申请 表 ' }])).toEqual(['身份证明']);
    expect(missingRequiredMaterials(item, [{ name: '申请表' }, { name: '身份证明' }])).toEqual([]);
  });

  it('marks what is outside the checklist', () => {
    expect(recordMaterials(item, [{ name: '申请表', copies: 2, original: true }, { name: '照片' }], 1)).toEqual([
      { name: '申请表', copies: 2, original: true, inChecklist: true, round: 1 },
      { name: '照片', copies: 1, original: false, inChecklist: false, round: 1 },
    ]);
  });
});

describe('补正 once and complete (art. 32)', () => {
  const missingBoth = () => application({ materials: recordMaterials(item, [{ name: '交通部门意见' }], 0) });
  const correction = (app: ApplicationRecord, missingMaterials: string[]) => planStep(app, as(['window_clerk'], 'request_correction', '2026-09-25', { missingMaterials }), calendar);

  it('refuses a notice that leaves out a missing required material, and takes one naming them all (spacing aside)', () => {
    expect(refusal(() => correction(missingBoth(), ['申请表']))).toBe('CORRECTION_INCOMPLETE');
    expect(correction(missingBoth(), ['申请 表', '身份证明', '申请表签字页']).patch.correctionMaterials).toEqual(['申请 表', '身份证明', '申请表签字页']);
    expect(correctionRound(missingBoth())).toBe(1);
  });

  it('is too late once the 5 working days ran out: the application counts as accepted from receipt', () => {
    expect(refusal(() => planStep(missingBoth(), as(['window_clerk'], 'request_correction', '2026-10-20', { missingMaterials: ['申请表', '身份证明'] }), calendar))).toBe('APPLICATION_DATE_INVALID');
    const accepted = planStep(application(), as(['window_clerk'], 'accept', '2026-10-20'), calendar);
    expect(accepted.patch).toMatchObject({ status: 'accepted', acceptedOn: '2026-09-24', deemedAccepted: true, decisionDueOn: calendar.addWorkingDays('2026-09-24', 20) });
  });

  it('after a resubmission, allows a second round only for what it brought or still lacks of the first notice', () => {
    const asked = { ...missingBoth(), ...correction(missingBoth(), ['申请表', '身份证明']).patch };
    const resubmitted = { ...asked, ...planStep(asked, as(['window_clerk'], 'resubmit', '2026-09-28', { materials: [{ name: '申请表' }] }), calendar).patch } as ApplicationRecord;
    expect(correctionRound(resubmitted)).toBe(2);
    expect(refusal(() => correction(resubmitted, ['申请表']))).toBe('CORRECTION_INCOMPLETE');
    expect(refusal(() => correction(resubmitted, ['申请表', '身份证明', '交通部门意见']))).toBe('CORRECTION_BEYOND_RESUBMISSION');
    expect(correction(resubmitted, ['申请表', '身份证明']).patch.status).toBe('correction_requested');
  });
});

describe('planning a step', () => {
  it('accepts complete materials and starts both clocks across National Day 2026', () => {
    const plan = planStep(application(), as(['window_clerk'], 'accept', '2026-09-24'), calendar);
    // 20 working days after Thu 24 Sep: Mid-Autumn 25–27 Sep off; 28–30 Sep; National Day 1–7 Oct off; make-up Sat 10 Oct counts.
    expect(plan.patch).toMatchObject({ status: 'accepted', acceptedOn: '2026-09-24', decisionDueOn: calendar.addWorkingDays('2026-09-24', 20), promisedDueOn: calendar.addWorkingDays('2026-09-24', 5) });
    expect(plan.patch.decisionDueOn).toBe('2026-10-29');
    expect(plan.notices).toEqual(['acceptance']);
  });

  it('refuses to accept while a required material is missing (tell them all at once instead)', () => {
    const app = application({ materials: recordMaterials(item, [{ name: '申请表' }], 0) });
    expect(refusal(() => planStep(app, as(['window_clerk'], 'accept', '2026-09-24'), calendar))).toBe('APPLICATION_MATERIALS_INCOMPLETE');
  });

  it('asks for corrections once, keeps the first notice date, and resubmission adds a round of materials', () => {
    const asked = planStep(application(), as(['window_clerk'], 'request_correction', '2026-09-28', { missingMaterials: ['身份证明复印件'] }), calendar);
    expect(asked.patch).toMatchObject({ status: 'correction_requested', correctionMaterials: ['身份证明复印件'], correctionNoticeOn: '2026-09-28' });
    expect(asked.notices).toEqual(['correction']);
    const app = application({ ...asked.patch, status: 'correction_requested' });
    const back = planStep(app, as(['window_clerk'], 'resubmit', '2026-10-09', { materials: [{ name: '身份证明复印件' }] }), calendar);
    expect(back.patch.status).toBe('received');
    expect(back.patch.materials?.at(-1)).toMatchObject({ name: '身份证明复印件', round: 1, inChecklist: false });
    expect(refusal(() => planStep(app, as(['window_clerk'], 'resubmit', '2026-10-09', { materials: [] }), calendar))).toBe('VALIDATION_FAILED');
  });

  it('decides on time or late, counting working days without the suspended ones', () => {
    const accepted = application({ status: 'accepted', acceptedOn: '2026-09-24', suspensions: [{ kind: 'testing', from: '2026-09-28', to: '2026-09-30', reasons: '检验' }] });
    const due = clockDates(accepted, calendar).decisionDueOn as string;
    expect(due).toBe(calendar.addWorkingDays('2026-09-24', 22));
    expect(suspendedWorkingDays(accepted, calendar, '2026-10-12')).toBe(2);
    const onTime = planStep(accepted, as(['approver'], 'approve', due, { validUntil: '2029-12-31' }), calendar);
    expect(onTime.patch).toMatchObject({ status: 'approved', decidedOn: due, decidedOnTime: true, decisionWorkingDays: 20, validUntil: '2029-12-31', certificateDueOn: calendar.addWorkingDays(due, 10), legalBasis: item.legalBasis });
    expect(onTime.notices).toEqual(['approval']);
    const late = planStep(accepted, as(['approver'], 'reject', calendar.addWorkingDays(due, 1), { reasons: '不符合条件', legalBasis: '第三十八条' }), calendar);
    expect(late.patch).toMatchObject({ status: 'rejected', decidedOnTime: false, decisionWorkingDays: 21, legalBasis: '第三十八条' });
  });

  it('refuses a validity that has already ended', () => {
    const accepted = application({ status: 'accepted', acceptedOn: '2026-09-24' });
    expect(refusal(() => planStep(accepted, as(['approver'], 'approve', '2026-10-12', { validUntil: '2026-10-12' }), calendar))).toBe('APPLICATION_DATE_INVALID');
  });

  it('pauses the clock on suspension and moves the due date on by the working days suspended', () => {
    const accepted = application({ status: 'accepted', acceptedOn: '2026-09-24', ...clockDates({ ...application(), acceptedOn: '2026-09-24' }, calendar) });
    const suspended = planStep(accepted, as(['approver'], 'suspend', '2026-10-12', { suspensionKind: 'hearing', reasons: '组织听证' }), calendar);
    expect(suspended.patch).toMatchObject({ status: 'suspended', decisionDueOn: null, promisedDueOn: null });
    const resumed = planStep(application({ ...accepted, ...suspended.patch }), as(['approver'], 'resume', '2026-10-15'), calendar);
    expect(resumed.patch.decisionDueOn).toBe(calendar.addWorkingDays('2026-10-29', 3));
    expect(resumed.notices).toEqual(['resumption']);
  });

  it('extends once, by the leader', () => {
    const accepted = application({ status: 'accepted', acceptedOn: '2026-09-24' });
    const extended = planStep(accepted, as(['leader'], 'extend', '2026-10-20', { reasons: '情况复杂' }), calendar);
    expect(extended.patch).toMatchObject({ extended: true, decisionDueOn: calendar.addWorkingDays('2026-09-24', 30) });
    expect(refusal(() => planStep(application({ ...accepted, extended: true }), as(['leader'], 'extend', '2026-10-21', { reasons: '再延' }), calendar))).toBe('INVALID_TRANSITION');
    expect(refusal(() => planStep(accepted, as(['approver'], 'extend', '2026-10-20', { reasons: '情况复杂' }), calendar))).toBe('FORBIDDEN_ROLE');
  });

  it('turns an application nobody asked to correct into a deemed acceptance from receipt, only after 5 working days', () => {
    const waiting = application({ receivedOn: '2026-09-29' });
    // 5 working days after 29 Sep: 30 Sep, then National Day, then 8, 9, 10 (make-up Sat) and 12 Oct.
    expect(isDeemedAccepted(waiting, calendar, '2026-10-12')).toBe(false);
    expect(isDeemedAccepted(waiting, calendar, '2026-10-13')).toBe(true);
    expect(refusal(() => planStep(waiting, as(['system'], 'deem_accept', '2026-10-12'), calendar))).toBe('INVALID_TRANSITION');
    const deemed = planStep(waiting, as(['system'], 'deem_accept', '2026-10-14'), calendar);
    expect(deemed.patch).toMatchObject({ status: 'accepted', acceptedOn: '2026-09-29', deemedAccepted: true, decisionDueOn: calendar.addWorkingDays('2026-09-29', 20) });
    expect(isDeemedAccepted(application({ receivedOn: '2026-09-01', correctionNoticeOn: '2026-09-02' }), calendar, '2026-10-14')).toBe(false);
    expect(refusal(() => planStep(waiting, as(['window_clerk'], 'deem_accept', '2026-10-14'), calendar))).toBe('FORBIDDEN_ROLE');
  });

  it('issues the certificate with its number and ends the life of the application', () => {
    const approved = application({ status: 'approved', acceptedOn: '2026-09-24', decidedOn: '2026-10-12' });
    const issued = planStep(approved, as(['window_clerk'], 'issue_certificate', '2026-10-13', { certificateNo: 'ZS-1' }), calendar);
    expect(issued.patch).toMatchObject({ status: 'certificate_issued', certificateNo: 'ZS-1', certificateIssuedOn: '2026-10-13' });
    expect(refusal(() => planStep(application({ ...approved, ...issued.patch }), as(['window_clerk'], 'withdraw', '2026-10-14'), calendar))).toBe('INVALID_TRANSITION');
  });
});

describe('谁审批谁负责: the handling organisation takes the approver\'s steps', () => {
  const routed = (overrides: Partial<ApplicationRecord> = {}) =>
    application({ status: 'accepted', acceptedOn: '2026-09-24', handlingOrganisationId: 'org-a', handlingOrganisationName: '浏河镇经济发展和建设局', ...overrides });
  const approverOf = (organisationId: string, roles: Role[] = ['approver']) => ({ organisationId, roles });

  it.each([
    ['accepted', 'approve'],
    ['accepted', 'reject'],
    ['accepted', 'suspend'],
    ['suspended', 'resume'],
  ] as const)('refuses %s --%s by an approver of another organisation, and lets one of the handling organisation take it', (status, action) => {
    const app = routed({ status });
    expect(refusal(() => assertHandlingOrganisation(app, action, approverOf('org-b')))).toBe('NOT_HANDLING_ORGANISATION');
    expect(() => assertHandlingOrganisation(app, action, approverOf('org-a'))).not.toThrow();
  });

  it('names the handling organisation in both languages', () => {
    const refused = (app: ApplicationRecord): DomainException => {
      try {
        assertHandlingOrganisation(app, 'approve', approverOf('org-b'));
      } catch (error) {
        if (error instanceof DomainException) return error;
        throw error;
      }
      throw new Error('expected a refusal');
    };
    expect(refused(routed()).detail).toBe('本件由浏河镇经济发展和建设局承办,须由该机构审批人员办理 浏河镇经济发展和建设局 (org-a) handles this application: only its approvers may approve it');
    expect(refused(routed({ handlingOrganisationName: null })).detail).toContain('本件由org-a承办');
  });

  it('leaves an application no duty list routed open to every approver of the town', () => {
    for (const [status, action] of [['accepted', 'approve'], ['accepted', 'reject'], ['accepted', 'suspend'], ['suspended', 'resume']] as const) {
      expect(() => assertHandlingOrganisation(routed({ status, handlingOrganisationId: null, handlingOrganisationName: null }), action, approverOf('org-b'))).not.toThrow();
    }
  });

  it('does not touch the leader\'s extension or the clerk\'s steps, whichever organisation takes them', () => {
    expect(() => assertHandlingOrganisation(routed(), 'extend', approverOf('org-b', ['leader']))).not.toThrow();
    expect(() => assertHandlingOrganisation(routed(), 'withdraw', approverOf('org-b', ['window_clerk']))).not.toThrow();
    expect(() => assertHandlingOrganisation(routed({ status: 'approved' }), 'issue_certificate', approverOf('org-b', ['window_clerk']))).not.toThrow();
    expect(() => assertHandlingOrganisation(routed({ status: 'received' }), 'accept', approverOf('org-b', ['window_clerk']))).not.toThrow();
  });

  it('leaves the wrong role and a step the state does not allow to the lifecycle (403 FORBIDDEN_ROLE, 409 INVALID_TRANSITION)', () => {
    // A clerk of another organisation asking to approve is refused for the role, not for the organisation.
    expect(() => assertHandlingOrganisation(routed(), 'approve', approverOf('org-b', ['window_clerk']))).not.toThrow();
    expect(refusal(() => planStep(routed(), as(['window_clerk'], 'approve', '2026-10-12'), calendar))).toBe('FORBIDDEN_ROLE');
    // Approving twice is a transition the state does not allow, whoever asks.
    expect(() => assertHandlingOrganisation(routed({ status: 'approved' }), 'approve', approverOf('org-b'))).not.toThrow();
    expect(refusal(() => planStep(routed({ status: 'approved' }), as(['approver'], 'approve', '2026-10-12'), calendar))).toBe('INVALID_TRANSITION');
  });
});
