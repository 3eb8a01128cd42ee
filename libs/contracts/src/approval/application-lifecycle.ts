import type { Role } from '../identity/roles';
import { SUSPENSION_KINDS, type ApplicationAction, type ApplicationState, type SuspensionKind } from './application.dto';

/**
 * What a step does to the decision clock: `start` at acceptance; `pause` / `resume` around a
 * suspension; `extend` adds 10 working days (art. 42); `stop` ends it (a decision, or a
 * withdrawal) — after `approve` the certificate period (art. 44) runs from the approval date.
 */
export type ClockEffect = 'none' | 'start' | 'pause' | 'resume' | 'extend' | 'stop';

/** What a step must carry besides the state and the role. */
export type StepRequirement = 'missing_materials' | 'reasons' | 'reasons_and_legal_basis' | 'suspension_kind' | 'first_extension' | 'organisation' | 'not_yet_routed';

/** Who takes a step: a role, or the platform itself (a deemed acceptance by lapse of time). */
export type StepActor = Role | 'system';

export interface ApplicationTransition {
  to: ApplicationState;
  by: StepActor;
  clock: ClockEffect;
  requires: StepRequirement[];
}

const step = (to: ApplicationState, by: StepActor, clock: ClockEffect, ...requires: StepRequirement[]): ApplicationTransition => ({ to, by, clock, requires });

/**
 * The application lifecycle: state × action → next state, the role allowed and the clock effect.
 * Any (state, action) pair not listed is illegal (INVALID_TRANSITION → 409). The applicant's own
 * steps (resubmitting materials, withdrawing) are recorded at the window by a clerk. The town leader
 * assigns a handling organisation (承办机构) to an application under review that the duty lists routed
 * to none, once.
 */
export const APPLICATION_TRANSITIONS: Record<ApplicationState, Partial<Record<ApplicationAction, ApplicationTransition>>> = {
  received: {
    accept: step('accepted', 'window_clerk', 'start'),
    not_accept: step('not_accepted', 'window_clerk', 'none', 'reasons'),
    request_correction: step('correction_requested', 'window_clerk', 'none', 'missing_materials'),
    deem_accept: step('accepted', 'system', 'start'),
    withdraw: step('withdrawn', 'window_clerk', 'none'),
  },
  correction_requested: {
    resubmit: step('received', 'window_clerk', 'none'),
    withdraw: step('withdrawn', 'window_clerk', 'none'),
  },
  accepted: {
    approve: step('approved', 'approver', 'stop'),
    reject: step('rejected', 'approver', 'stop', 'reasons_and_legal_basis'),
    suspend: step('suspended', 'approver', 'pause', 'suspension_kind'),
    extend: step('accepted', 'leader', 'extend', 'first_extension', 'reasons'),
    withdraw: step('withdrawn', 'window_clerk', 'stop'),
    assign_handling_organisation: step('accepted', 'leader', 'none', 'not_yet_routed', 'organisation', 'reasons'),
  },
  suspended: {
    resume: step('accepted', 'approver', 'resume'),
    withdraw: step('withdrawn', 'window_clerk', 'stop'),
    assign_handling_organisation: step('suspended', 'leader', 'none', 'not_yet_routed', 'organisation', 'reasons'),
  },
  approved: {
    issue_certificate: step('certificate_issued', 'window_clerk', 'none'),
  },
  not_accepted: {},
  rejected: {},
  certificate_issued: {},
  withdrawn: {},
};

/** What the caller knows about the application and the request, checked against the step's requirements. */
export interface ApplicationFacts {
  /** Whether the decision period has already been extended (only once: art. 42). */
  extended?: boolean;
  /** request_correction: every missing material, all at once (art. 32(4)). */
  missingMaterials?: string[];
  /** not_accept, reject, extend: the reasons told to the applicant. */
  reasons?: string;
  /** reject: the legal basis (art. 38(2)). */
  legalBasis?: string;
  suspensionKind?: SuspensionKind | string;
  /** assign_handling_organisation: the organisation named. */
  organisationId?: string;
  /** Whether the application already has a handling organisation (承办机构): assigned only once, when routing gave none. */
  routed?: boolean;
}

export type ApplicationErrorCode = 'INVALID_TRANSITION' | 'FORBIDDEN_ROLE' | 'VALIDATION_FAILED';

export type ApplicationDecision =
  | { ok: true; to: ApplicationState; clock: ClockEffect; extended: boolean }
  | { ok: false; code: ApplicationErrorCode; detail: string };

const filled = (value: string | undefined): boolean => typeof value === 'string' && value.trim() !== '';

function unmet(requirement: StepRequirement, facts: ApplicationFacts): { code: ApplicationErrorCode; detail: string } | undefined {
  switch (requirement) {
    case 'missing_materials':
      return facts.missingMaterials && facts.missingMaterials.length > 0 && facts.missingMaterials.every((m) => filled(m))
        ? undefined
        : { code: 'VALIDATION_FAILED', detail: 'a correction notice lists every missing material at once (Licensing Law art. 32)' };
    case 'reasons':
      return filled(facts.reasons) ? undefined : { code: 'VALIDATION_FAILED', detail: 'this step needs its reasons' };
    case 'reasons_and_legal_basis':
      return filled(facts.reasons) && filled(facts.legalBasis) ? undefined : { code: 'VALIDATION_FAILED', detail: 'a refusal gives its reasons and legal basis (Licensing Law art. 38)' };
    case 'suspension_kind':
      return SUSPENSION_KINDS.includes(facts.suspensionKind as SuspensionKind)
        ? undefined
        : { code: 'VALIDATION_FAILED', detail: `a suspension is one of ${SUSPENSION_KINDS.join(', ')} (Licensing Law art. 45)` };
    case 'organisation':
      return filled(facts.organisationId) ? undefined : { code: 'VALIDATION_FAILED', detail: 'name the handling organisation (organisationId)' };
    case 'not_yet_routed':
      return facts.routed ? { code: 'INVALID_TRANSITION', detail: 'the application already has its handling organisation' } : undefined;
    case 'first_extension':
      return facts.extended ? { code: 'INVALID_TRANSITION', detail: 'the decision period can be extended only once (Licensing Law art. 42)' } : undefined;
  }
}

/**
 * The next state and clock effect of `action` on an application in `state`, taken by someone
 * holding `roles`; or a stable error code: INVALID_TRANSITION (409) for a step the state does not
 * allow (a second extension included), FORBIDDEN_ROLE (403) for the wrong role, VALIDATION_FAILED
 * (400) for a step missing what it must carry.
 */
export function decide(state: ApplicationState, action: ApplicationAction, roles: readonly StepActor[], facts: ApplicationFacts = {}): ApplicationDecision {
  const transition = APPLICATION_TRANSITIONS[state][action];
  if (!transition) return { ok: false, code: 'INVALID_TRANSITION', detail: `cannot ${action} an application that is ${state}` };
  if (!roles.includes(transition.by)) return { ok: false, code: 'FORBIDDEN_ROLE', detail: `${action} at ${state} is taken by the ${transition.by.replace('_', ' ')}` };
  for (const requirement of transition.requires) {
    const problem = unmet(requirement, facts);
    if (problem) return { ok: false, ...problem };
  }
  return { ok: true, to: transition.to, clock: transition.clock, extended: Boolean(facts.extended) || transition.clock === 'extend' };
}

/** Whether the lifecycle gives `action` at `state` to the approver (approve, reject, suspend, resume): the handling organisation's own steps. */
export function isApproverStep(state: ApplicationState, action: ApplicationAction): boolean {
  return APPLICATION_TRANSITIONS[state][action]?.by === 'approver';
}
