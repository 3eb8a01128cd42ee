import { levelOf, type Actor, type AdmissionAction, type AdmissionStatus, type DutyProposal, type Role } from '@yiti/contracts';

/** Who takes a step: a role, at a level of the jurisdiction tree relative to the application's county. */
export type StepTaker = 'county_staffing' | 'city_staffing' | 'county_leadership' | 'applicant';

interface Transition {
  to: AdmissionStatus;
  by: StepTaker;
  needsReason: boolean;
}

/**
 * The duty admission lifecycle (职责准入): county department's written application → county
 * staffing office review → city staffing office review → county Party committee/government
 * approval. Any reviewer may refuse (with reasons), which ends it; the applicant may withdraw
 * while it is open. State × action → next state, and who may take it.
 */
export const ADMISSION_TRANSITIONS: Record<AdmissionStatus, Partial<Record<AdmissionAction, Transition>>> = {
  county_staffing_review: {
    approve: { to: 'city_staffing_review', by: 'county_staffing', needsReason: false },
    reject: { to: 'rejected', by: 'county_staffing', needsReason: true },
    withdraw: { to: 'withdrawn', by: 'applicant', needsReason: false },
  },
  city_staffing_review: {
    approve: { to: 'county_decision', by: 'city_staffing', needsReason: false },
    reject: { to: 'rejected', by: 'city_staffing', needsReason: true },
    withdraw: { to: 'withdrawn', by: 'applicant', needsReason: false },
  },
  county_decision: {
    approve: { to: 'approved', by: 'county_leadership', needsReason: false },
    reject: { to: 'rejected', by: 'county_leadership', needsReason: true },
    withdraw: { to: 'withdrawn', by: 'applicant', needsReason: false },
  },
  approved: {},
  rejected: {},
  withdrawn: {},
};

export interface AdmissionContext {
  countyCode: string;
  applicantOrganisationId: string;
}

const TAKER_ROLE: Record<StepTaker, Role> = {
  county_staffing: 'staffing_officer',
  city_staffing: 'staffing_officer',
  county_leadership: 'county_leader',
  applicant: 'department_staff',
};

/** Whether this actor is the one the step belongs to. */
export function isStepTaker(actor: Actor, taker: StepTaker, application: AdmissionContext): boolean {
  if (!actor.roles.includes(TAKER_ROLE[taker])) return false;
  switch (taker) {
    case 'county_staffing':
    case 'county_leadership':
      return actor.jurisdictionCode === application.countyCode;
    case 'city_staffing':
      return levelOf(actor.jurisdictionCode) === 'city' && application.countyCode.startsWith(actor.jurisdictionCode.slice(0, 4));
    case 'applicant':
      return actor.organisationId === application.applicantOrganisationId;
  }
}

export type DecisionOutcome =
  | { ok: true; to: AdmissionStatus }
  | { ok: false; code: 'INVALID_TRANSITION' | 'ADMISSION_STEP_FORBIDDEN' | 'VALIDATION_FAILED'; detail: string };

export function decide(status: AdmissionStatus, action: AdmissionAction, actor: Actor, application: AdmissionContext, reason: string | undefined): DecisionOutcome {
  const transition = ADMISSION_TRANSITIONS[status][action];
  if (!transition) return { ok: false, code: 'INVALID_TRANSITION', detail: `cannot ${action} an application that is ${status}` };
  if (!isStepTaker(actor, transition.by, application)) {
    return { ok: false, code: 'ADMISSION_STEP_FORBIDDEN', detail: `${action} at ${status} is taken by the ${transition.by.replace('_', ' ')}` };
  }
  if (transition.needsReason && !reason) return { ok: false, code: 'VALIDATION_FAILED', detail: 'a refusal needs its reasons' };
  return { ok: true, to: transition.to };
}

/** What a proposal must carry besides its shape: shared duties name the lead level and counterpart. */
export function proposalProblems(duty: DutyProposal): string[] {
  const problems: string[] = [];
  if (duty.shared && !duty.primaryLevel) problems.push('a shared duty names its primary responsible level');
  if (!duty.shared && duty.primaryLevel === 'county') problems.push('a duty only the town carries cannot be county-led');
  if ((duty.shared || duty.kind === 'cooperative') && !duty.countyDepartment) problems.push('a shared or cooperative duty names the county counterpart department');
  return problems;
}
