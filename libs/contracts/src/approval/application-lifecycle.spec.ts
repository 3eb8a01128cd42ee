import { stepRoles } from '../common/lifecycle';
import { ALL_ROLES } from '../identity/roles';
import { APPLICATION_ACTIONS, APPLICATION_STATES, type ApplicationAction, type ApplicationState } from './application.dto';
import {
  APPLICATION_TRANSITIONS,
  decide,
  isApproverStep,
  type ApplicationFacts,
  type ClockEffect,
  type StepActor,
} from './application-lifecycle';

/** Everything any step may need, so only the state and the role decide. */
const complete: ApplicationFacts = {
  extended: false,
  missingMaterials: ['营业执照副本', '场所平面图'],
  reasons: '不符合法定条件',
  legalBasis: '《食品经营许可和备案管理办法》第十五条',
  suspensionKind: 'expert_review',
  organisationId: '6f1d0c2e-8a55-4a39-9d3e-0b5c3f7a1e21',
  routed: false,
};

/** The legal steps, written out independently of the table: [state, action, role, next state, clock]. */
const LEGAL: [ApplicationState, ApplicationAction, StepActor, ApplicationState, ClockEffect][] = [
  ['received', 'accept', 'window_clerk', 'accepted', 'start'],
  ['received', 'not_accept', 'window_clerk', 'not_accepted', 'none'],
  ['received', 'request_correction', 'window_clerk', 'correction_requested', 'none'],
  ['received', 'deem_accept', 'system', 'accepted', 'start'],
  ['received', 'withdraw', 'window_clerk', 'withdrawn', 'none'],
  ['correction_requested', 'resubmit', 'window_clerk', 'received', 'none'],
  ['correction_requested', 'withdraw', 'window_clerk', 'withdrawn', 'none'],
  ['accepted', 'approve', 'approver', 'approved', 'stop'],
  ['accepted', 'reject', 'approver', 'rejected', 'stop'],
  ['accepted', 'suspend', 'approver', 'suspended', 'pause'],
  ['accepted', 'extend', 'leader', 'accepted', 'extend'],
  ['accepted', 'withdraw', 'window_clerk', 'withdrawn', 'stop'],
  ['accepted', 'assign_handling_organisation', 'leader', 'accepted', 'none'],
  ['suspended', 'resume', 'approver', 'accepted', 'resume'],
  ['suspended', 'assign_handling_organisation', 'leader', 'suspended', 'none'],
  ['suspended', 'withdraw', 'window_clerk', 'withdrawn', 'stop'],
  ['approved', 'issue_certificate', 'window_clerk', 'certificate_issued', 'none'],
];
const isLegal = (state: ApplicationState, action: ApplicationAction) => LEGAL.some(([s, a]) => s === state && a === action);

describe('application lifecycle', () => {
  it.each(LEGAL)('%s --%s (%s)--> %s, clock %s', (state, action, role, to, clock) => {
    expect(decide(state, action, [role], complete)).toEqual({ ok: true, to, clock, extended: action === 'extend' });
  });

  it('has exactly the legal steps in its table', () => {
    const inTable = APPLICATION_STATES.flatMap((s) => Object.entries(APPLICATION_TRANSITIONS[s]).map(([a, t]) => [s, a, t?.by, t?.to, t?.clock]));
    expect(inTable).toEqual(expect.arrayContaining(LEGAL));
    expect(inTable).toHaveLength(LEGAL.length);
  });

  it('refuses every other (state, action) pair with INVALID_TRANSITION, whoever asks', () => {
    let refused = 0;
    for (const state of APPLICATION_STATES) {
      for (const action of APPLICATION_ACTIONS) {
        if (isLegal(state, action)) continue;
        expect({ state, action, outcome: decide(state, action, ALL_ROLES, complete) }).toEqual({ state, action, outcome: expect.objectContaining({ ok: false, code: 'INVALID_TRANSITION' }) });
        refused++;
      }
    }
    expect(refused).toBe(APPLICATION_STATES.length * APPLICATION_ACTIONS.length - LEGAL.length);
  });

  it('ends at not accepted, rejected, certificate issued and withdrawn', () => {
    for (const state of ['not_accepted', 'rejected', 'certificate_issued', 'withdrawn'] as const) expect(APPLICATION_TRANSITIONS[state]).toEqual({});
  });

  it('refuses every legal step to every other role with FORBIDDEN_ROLE', () => {
    for (const [state, action, role] of LEGAL) {
      for (const other of [...ALL_ROLES, 'system' as const].filter((r) => r !== role)) {
        expect({ state, action, other, outcome: decide(state, action, [other], complete) }).toEqual({ state, action, other, outcome: expect.objectContaining({ ok: false, code: 'FORBIDDEN_ROLE' }) });
      }
      expect(decide(state, action, [], complete)).toMatchObject({ ok: false, code: 'FORBIDDEN_ROLE' });
    }
    // A user with several roles may take the step one of them allows.
    expect(decide('accepted', 'extend', ['approver', 'leader'], complete)).toMatchObject({ ok: true, to: 'accepted' });
  });

  it('extends the decision period only once, by a leader, with reasons', () => {
    const first = decide('accepted', 'extend', ['leader'], { reasons: '需现场核查,情况复杂' });
    expect(first).toEqual({ ok: true, to: 'accepted', clock: 'extend', extended: true });
    expect(decide('accepted', 'extend', ['leader'], { reasons: '再次延长', extended: true })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decide('accepted', 'extend', ['leader'], { extended: true })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decide('accepted', 'extend', ['leader'], { reasons: '  ' })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('accepted', 'extend', ['approver'], { reasons: '需现场核查' })).toMatchObject({ ok: false, code: 'FORBIDDEN_ROLE' });
    // An extended application keeps its mark through later steps.
    expect(decide('accepted', 'suspend', ['approver'], { extended: true, suspensionKind: 'hearing' })).toEqual({ ok: true, to: 'suspended', clock: 'pause', extended: true });
    expect(decide('suspended', 'resume', ['approver'], { extended: true })).toEqual({ ok: true, to: 'accepted', clock: 'resume', extended: true });
    expect(decide('suspended', 'extend', ['leader'], { reasons: '复杂' })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('asks a correction notice for every missing material at once', () => {
    expect(decide('received', 'request_correction', ['window_clerk'], {})).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('received', 'request_correction', ['window_clerk'], { missingMaterials: [] })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('received', 'request_correction', ['window_clerk'], { missingMaterials: ['身份证明', ' '] })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('received', 'request_correction', ['window_clerk'], { missingMaterials: ['身份证明'] })).toMatchObject({ ok: true, to: 'correction_requested' });
    // Resubmitted materials go back to registration; a second notice is again a full list.
    expect(decide('correction_requested', 'resubmit', ['window_clerk'])).toMatchObject({ ok: true, to: 'received' });
    expect(decide('correction_requested', 'request_correction', ['window_clerk'], complete)).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('gives refusals their reasons, and a refused licence its legal basis', () => {
    expect(decide('received', 'not_accept', ['window_clerk'], {})).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('received', 'not_accept', ['window_clerk'], { reasons: '不属于本机关职权范围' })).toMatchObject({ ok: true, to: 'not_accepted' });
    expect(decide('accepted', 'reject', ['approver'], { reasons: '不符合法定条件' })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('accepted', 'reject', ['approver'], { legalBasis: '第十五条' })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('accepted', 'reject', ['approver'], { reasons: '不符合法定条件', legalBasis: '第十五条' })).toMatchObject({ ok: true, to: 'rejected', clock: 'stop' });
  });

  it('suspends for every kind art. 45 names: hearing, tender, auction, testing, quarantine, appraisal, expert review', () => {
    for (const suspensionKind of ['hearing', 'tender', 'auction', 'testing', 'quarantine', 'appraisal', 'expert_review']) {
      expect(decide('accepted', 'suspend', ['approver'], { suspensionKind })).toMatchObject({ ok: true, to: 'suspended', clock: 'pause' });
    }
    expect(decide('accepted', 'suspend', ['approver'], {})).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('accepted', 'suspend', ['approver'], { suspensionKind: 'holiday' })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('suspended', 'suspend', ['approver'], { suspensionKind: 'testing' })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('lets the leader assign a handling organisation once, naming it and saying why', () => {
    const facts = { organisationId: complete.organisationId, reasons: '职责清单未覆盖,由经发局承办', routed: false };
    expect(decide('accepted', 'assign_handling_organisation', ['leader'], facts)).toEqual({ ok: true, to: 'accepted', clock: 'none', extended: false });
    expect(decide('accepted', 'assign_handling_organisation', ['leader'], { ...facts, routed: true })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decide('accepted', 'assign_handling_organisation', ['leader'], { ...facts, organisationId: undefined })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('accepted', 'assign_handling_organisation', ['leader'], { ...facts, reasons: ' ' })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decide('accepted', 'assign_handling_organisation', ['approver'], facts)).toMatchObject({ ok: false, code: 'FORBIDDEN_ROLE' });
  });

  it('checks the state before the role, and the role before the facts', () => {
    expect(decide('withdrawn', 'approve', ['grid_worker'], {})).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(decide('accepted', 'reject', ['window_clerk'], {})).toMatchObject({ ok: false, code: 'FORBIDDEN_ROLE' });
  });
});

describe('the approver\'s steps', () => {
  it('are exactly approve, reject and suspend when accepted, and resume when suspended', () => {
    const approverSteps = APPLICATION_STATES.flatMap((state) => APPLICATION_ACTIONS.filter((action) => isApproverStep(state, action)).map((action) => `${state}:${action}`));
    expect(approverSteps.sort()).toEqual(['accepted:approve', 'accepted:reject', 'accepted:suspend', 'suspended:resume']);
  });
});

describe('route guards derived from the lifecycle table', () => {
  it('gives each step to the roles the table names, and the platform\'s own steps to no one', () => {
    expect(stepRoles(APPLICATION_TRANSITIONS, 'accept')).toEqual(['window_clerk']);
    expect(stepRoles(APPLICATION_TRANSITIONS, 'approve')).toEqual(['approver']);
    expect(stepRoles(APPLICATION_TRANSITIONS, 'extend')).toEqual(['leader']);
    expect(stepRoles(APPLICATION_TRANSITIONS, 'deem_accept')).toEqual([]);
    for (const action of APPLICATION_ACTIONS) {
      const takers = APPLICATION_STATES.flatMap((state) => APPLICATION_TRANSITIONS[state][action]?.by ?? []).filter((by) => by !== 'system');
      expect(new Set(stepRoles(APPLICATION_TRANSITIONS, action))).toEqual(new Set(takers));
    }
  });
});
