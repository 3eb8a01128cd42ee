import { decide, isApproverStep, type Actor, type ApplicationAction, type NoticeKind, type StepActor, type SubmittedMaterialInput, type SuspensionKind } from '@yiti/contracts';
import { DomainException, type IsoDate, type WorkingDayCalendar } from '@yiti/platform';
import { CORRECTION_NOTICE_WORKING_DAYS, STATUTORY_DECISION_WORKING_DAYS, certificateDueDate, decisionDueDate, deemedAcceptance, promisedDueDate, type Suspension } from './application-clock';
import type { ApplicationEntity, ItemSnapshot, SubmittedMaterial, SuspensionRecord } from './application.entity';

/** The fields of an application a step reads and may change. */
export type ApplicationRecord = Omit<ApplicationEntity, 'createdAt' | 'updatedAt' | 'createdBy'>;

export interface StepInput {
  action: ApplicationAction;
  roles: readonly StepActor[];
  today: IsoDate;
  reasons?: string;
  legalBasis?: string;
  missingMaterials?: string[];
  materials?: SubmittedMaterialInput[];
  suspensionKind?: SuspensionKind;
  validUntil?: IsoDate;
  /** issue_certificate: the number to print (given, or drawn by the caller). */
  certificateNo?: string;
  /** assign_handling_organisation: the organisation named (checked against the town by the caller). */
  organisationId?: string;
}

export interface StepPlan {
  patch: Partial<ApplicationRecord>;
  /** The documents this step issues (文书), in order. */
  notices: NoticeKind[];
}

const NOTICES_OF: Partial<Record<ApplicationAction, NoticeKind[]>> = {
  accept: ['acceptance'],
  deem_accept: ['acceptance'],
  not_accept: ['non_acceptance'],
  request_correction: ['correction'],
  resubmit: ['receipt'],
  approve: ['approval'],
  reject: ['rejection'],
  suspend: ['suspension'],
  resume: ['resumption'],
  extend: ['extension'],
  issue_certificate: ['certificate'],
};

export interface NewApplication {
  id: string;
  townCode: string;
  townName: string;
  itemId: string;
  item: ItemSnapshot;
  /** The applicant with identifiers already protected (cipher, search hash, masked form). */
  applicant: Pick<ApplicationEntity, 'applicantKind' | 'applicantName' | 'applicantIdCipher' | 'applicantIdHash' | 'applicantIdMasked' | 'applicantPhoneCipher' | 'applicantPhoneMasked' | 'applicantContactName' | 'applicantAddress'>;
  materials: SubmittedMaterial[];
  note: string | null;
  receivedOn: IsoDate;
  /** Why it is entered after the day it was received (补录), or null. */
  lateEntryReason?: string | null;
  createdBy: string;
  handling?: { id: string | null; name: string | null } | null;
}

/** An application as the window receives it (收件): no number yet, no clock running. */
export function receivedApplication(input: NewApplication): ApplicationEntity {
  const now = new Date();
  return {
    id: input.id,
    applicationNo: '',
    countyCode: input.townCode.slice(0, 6),
    townCode: input.townCode,
    townName: input.townName,
    itemId: input.itemId,
    item: input.item,
    handlingOrganisationId: input.handling?.id ?? null,
    handlingOrganisationName: input.handling?.name ?? null,
    status: 'received',
    ...input.applicant,
    materials: input.materials,
    correctionMaterials: [],
    note: input.note,
    receivedOn: input.receivedOn,
    correctionNoticeOn: null,
    acceptedOn: null,
    deemedAccepted: false,
    statutoryWorkingDays: input.item.statutoryDays ?? STATUTORY_DECISION_WORKING_DAYS,
    promisedWorkingDays: input.item.promisedDays || null,
    extended: false,
    suspensions: [],
    decisionDueOn: null,
    promisedDueOn: null,
    decidedOn: null,
    decidedOnTime: null,
    decisionWorkingDays: null,
    decisionReasons: null,
    extensionReasons: null,
    issuingAuthority: null,
    lateEntryReason: input.lateEntryReason ?? null,
    legalBasis: null,
    validUntil: null,
    certificateDueOn: null,
    certificateNo: null,
    certificateIssuedOn: null,
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** Checklist materials marked required that are not among those handed in (names compared without spaces). */
export function missingRequiredMaterials(item: Pick<ItemSnapshot, 'materials'>, handedIn: Pick<SubmittedMaterial, 'name'>[]): string[] {
  const given = new Set(handedIn.map((m) => normalise(m.name)));
  return item.materials.filter((m) => m.required && !given.has(normalise(m.name))).map((m) => m.name);
}

const normalise = (name: string) => name.replace(/\s+/g, '');

export function recordMaterials(item: Pick<ItemSnapshot, 'materials'>, given: SubmittedMaterialInput[], round: number): SubmittedMaterial[] {
  const checklist = new Set(item.materials.map((m) => normalise(m.name)));
  return given.map((m) => ({ name: m.name.trim(), copies: m.copies ?? 1, original: m.original ?? false, inChecklist: checklist.has(normalise(m.name)), round, ...(m.attachments?.length ? { attachments: m.attachments } : {}) }));
}

const asSuspensions = (records: SuspensionRecord[]): Suspension[] => records.map((s) => (s.to === undefined ? { from: s.from } : { from: s.from, to: s.to }));

/** The decision and promised due dates of an accepted application (null while suspended or not yet accepted). */
export function clockDates(app: Pick<ApplicationRecord, 'acceptedOn' | 'statutoryWorkingDays' | 'promisedWorkingDays' | 'extended' | 'suspensions'>, calendar: WorkingDayCalendar): { decisionDueOn: IsoDate | null; promisedDueOn: IsoDate | null } {
  if (!app.acceptedOn) return { decisionDueOn: null, promisedDueOn: null };
  const suspensions = asSuspensions(app.suspensions);
  return {
    decisionDueOn: decisionDueDate(calendar, { acceptedOn: app.acceptedOn, limitWorkingDays: app.statutoryWorkingDays, extended: app.extended, suspensions }),
    promisedDueOn: app.promisedWorkingDays ? promisedDueDate(calendar, { acceptedOn: app.acceptedOn, promisedWorkingDays: app.promisedWorkingDays, suspensions }) : null,
  };
}

/** Working days the decision clock stood still (closed suspensions, counted after acceptance). */
export function suspendedWorkingDays(app: Pick<ApplicationRecord, 'acceptedOn' | 'suspensions'>, calendar: WorkingDayCalendar, today: IsoDate): number {
  if (!app.acceptedOn) return 0;
  let total = 0;
  for (const s of app.suspensions) {
    const from = s.from > app.acceptedOn ? s.from : app.acceptedOn;
    const to = s.to ?? today;
    // Working days d with from ≤ d < to.
    total += calendar.workingDaysBetween(previousDay(from), previousDay(to));
  }
  return total;
}

const previousDay = (date: IsoDate): IsoDate => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** Whether an application still waiting at the window has become a deemed acceptance (Licensing Law art. 32(4)). */
export function isDeemedAccepted(app: Pick<ApplicationRecord, 'status' | 'receivedOn' | 'correctionNoticeOn'>, calendar: WorkingDayCalendar, today: IsoDate): boolean {
  if (app.status !== 'received' || app.correctionNoticeOn !== null) return false;
  return deemedAcceptance(calendar, app.receivedOn, undefined, today).status === 'deemed_accepted';
}

function refuse(outcome: { code: string; detail: string }): never {
  throw new DomainException(outcome.code as 'INVALID_TRANSITION', outcome.detail);
}

/**
 * 谁审批谁负责: once the duty lists routed an application to a handling organisation (承办机构), the
 * approver's steps on it (approve, reject, suspend, resume) are taken by that organisation's
 * approvers only; any other approver of the town is refused (403 NOT_HANDLING_ORGANISATION). An
 * application with no handling organisation (no duty list covers its category) stays open to every
 * approver of the town. Other steps (the clerk's, the leader's extension), and steps the state or
 * the caller's roles do not allow, are left to the lifecycle (`decide`) to allow or refuse.
 */
export function assertHandlingOrganisation(
  app: Pick<ApplicationRecord, 'status' | 'handlingOrganisationId' | 'handlingOrganisationName'>,
  action: ApplicationAction,
  actor: Pick<Actor, 'roles' | 'organisationId'>,
): void {
  const handler = app.handlingOrganisationId;
  if (handler === null || !isApproverStep(app.status, action) || !actor.roles.includes('approver') || actor.organisationId === handler) return;
  const name = app.handlingOrganisationName ?? handler;
  throw new DomainException('NOT_HANDLING_ORGANISATION', `本件由${name}承办,须由该机构审批人员办理 ${name} (${handler}) handles this application: only its approvers may ${action} it`);
}

/**
 * What `input.action` does to the application: the lifecycle table decides whether the step is
 * allowed for the role; this adds the dates and clocks it sets and the notices it issues. Throws
 * a DomainException (409 INVALID_TRANSITION, 403 FORBIDDEN_ROLE, 400/422 for what a step lacks).
 */
export function planStep(app: ApplicationRecord, input: StepInput, calendar: WorkingDayCalendar): StepPlan {
  const decision = decide(app.status, input.action, input.roles, {
    extended: app.extended,
    missingMaterials: input.missingMaterials,
    reasons: input.reasons,
    legalBasis: input.legalBasis,
    suspensionKind: input.suspensionKind,
    organisationId: input.organisationId,
    routed: app.handlingOrganisationId !== null,
  });
  if (!decision.ok) refuse(decision);
  const { today } = input;
  const notices = NOTICES_OF[input.action] ?? [];
  const base: Partial<ApplicationRecord> = { status: decision.to };

  switch (input.action) {
    case 'accept': {
      // Past the 5 working days for a correction notice the law has already accepted it, from receipt.
      if (isDeemedAccepted(app, calendar, today)) return { patch: { ...base, ...deemedAcceptancePatch(app, calendar) }, notices };
      const missing = missingRequiredMaterials(app.item, app.materials);
      if (missing.length > 0) {
        throw new DomainException('APPLICATION_MATERIALS_INCOMPLETE', `缺少必要材料,应一次性告知补正 Required materials missing: ${missing.join('、')}`, [{ field: 'materials', messages: missing }]);
      }
      return { patch: { ...base, acceptedOn: today, ...clockDates({ ...app, acceptedOn: today }, calendar) }, notices };
    }
    case 'deem_accept': {
      if (!isDeemedAccepted(app, calendar, today)) throw new DomainException('INVALID_TRANSITION', 'the 5 working days for a correction notice have not passed');
      return { patch: { ...base, ...deemedAcceptancePatch(app, calendar) }, notices };
    }
    case 'not_accept':
      return { patch: { ...base, decisionReasons: input.reasons ?? null }, notices };
    case 'request_correction': {
      if (isDeemedAccepted(app, calendar, today)) {
        const deadline = calendar.addWorkingDays(app.receivedOn, CORRECTION_NOTICE_WORKING_DAYS);
        throw new DomainException('APPLICATION_DATE_INVALID', `补正告知期限已于 ${deadline} 届满,自收件之日起视为受理 The 5 working days for a correction notice ended on ${deadline}: the application counts as accepted from receipt (art. 32)`);
      }
      const materials = input.missingMaterials ?? [];
      assertCorrectionComplete(app, materials);
      assertCorrectionOfResubmission(app, materials);
      return { patch: { ...base, correctionMaterials: materials, correctionNoticeOn: app.correctionNoticeOn ?? today, decisionReasons: null }, notices };
    }
    case 'resubmit': {
      if (!input.materials || input.materials.length === 0) throw new DomainException('VALIDATION_FAILED', 'a resubmission hands in materials', [{ field: 'materials', messages: ['at least one material'] }]);
      const round = Math.max(0, ...app.materials.map((m) => m.round)) + 1;
      return { patch: { ...base, materials: [...app.materials, ...recordMaterials(app.item, input.materials, round)] }, notices };
    }
    case 'approve':
    case 'reject': {
      if (input.action === 'approve' && input.validUntil !== undefined && input.validUntil <= today) {
        throw new DomainException('APPLICATION_DATE_INVALID', `有效期须晚于今天 validUntil ${input.validUntil} must be after today`, [{ field: 'validUntil', messages: ['must be after today'] }]);
      }
      const { decisionDueOn } = clockDates(app, calendar);
      const decided: Partial<ApplicationRecord> = {
        ...base,
        decidedOn: today,
        decidedOnTime: decisionDueOn !== null && today <= decisionDueOn,
        decisionWorkingDays: calendar.workingDaysBetween(app.acceptedOn as IsoDate, today) - suspendedWorkingDays(app, calendar, today),
        decisionReasons: input.reasons ?? null,
        legalBasis: input.action === 'reject' ? (input.legalBasis ?? null) : app.item.legalBasis,
      };
      if (input.action === 'reject') return { patch: decided, notices };
      return { patch: { ...decided, validUntil: input.validUntil ?? null, certificateDueOn: certificateDueDate(calendar, today) }, notices };
    }
    case 'suspend': {
      const suspensions = [...app.suspensions, { kind: input.suspensionKind as SuspensionKind, from: today, reasons: input.reasons ?? '' }];
      return { patch: { ...base, suspensions, decisionDueOn: null, promisedDueOn: null }, notices };
    }
    case 'resume': {
      const suspensions = app.suspensions.map((s) => (s.to === undefined ? { ...s, to: today } : s));
      return { patch: { ...base, suspensions, ...clockDates({ ...app, suspensions }, calendar) }, notices };
    }
    case 'extend':
      return { patch: { ...base, extended: true, extensionReasons: input.reasons ?? null, ...clockDates({ ...app, extended: true }, calendar) }, notices };
    case 'issue_certificate':
      return { patch: { ...base, certificateNo: input.certificateNo ?? null, certificateIssuedOn: today }, notices };
    case 'withdraw':
      return { patch: { ...base, decisionDueOn: null, promisedDueOn: null }, notices };
    case 'assign_handling_organisation':
      // The organisation itself (its id and name) is patched in by the caller, who looked it up.
      return { patch: base, notices };
  }
}

/** Art. 32(4): accepted from the day the materials were received, every clock running from then. */
function deemedAcceptancePatch(app: ApplicationRecord, calendar: WorkingDayCalendar): Partial<ApplicationRecord> {
  const acceptedOn = app.receivedOn;
  return { acceptedOn, deemedAccepted: true, ...clockDates({ ...app, acceptedOn }, calendar) };
}

/** The correction round a notice opens: 1 for the first notice, 2 after one resubmission, and so on. */
export function correctionRound(app: Pick<ApplicationRecord, 'materials'>): number {
  return Math.max(0, ...app.materials.map((m) => m.round)) + 1;
}

/**
 * Art. 32(4) 一次性告知: a correction notice names every required material still missing; one that
 * leaves any out is refused with the list of what it left out.
 */
function assertCorrectionComplete(app: Pick<ApplicationRecord, 'item' | 'materials'>, named: string[]): void {
  const listed = new Set(named.map(normalise));
  const leftOut = missingRequiredMaterials(app.item, app.materials).filter((m) => !listed.has(normalise(m)));
  if (leftOut.length === 0) return;
  throw new DomainException('CORRECTION_INCOMPLETE', `补正通知须一次性列明全部缺少的必要材料,遗漏:${leftOut.join('、')} The notice leaves out required materials that are missing: ${leftOut.join(', ')}`, [
    { field: 'missingMaterials', messages: leftOut },
  ]);
}

/**
 * After a resubmission, a further notice may only concern what the resubmission itself got wrong:
 * the materials handed in with it, or those the previous notice asked for and it did not bring.
 * Anything else should have been told the first time (art. 32(4)) and is refused, listed.
 */
function assertCorrectionOfResubmission(app: Pick<ApplicationRecord, 'materials' | 'correctionMaterials'>, named: string[]): void {
  const round = correctionRound(app) - 1;
  if (round === 0) return;
  const resubmitted = new Set([...app.materials.filter((m) => m.round === round).map((m) => normalise(m.name)), ...app.correctionMaterials.map(normalise)]);
  const beyond = named.filter((m) => !resubmitted.has(normalise(m)));
  if (beyond.length === 0) return;
  throw new DomainException('CORRECTION_BEYOND_RESUBMISSION', `再次补正仅限补正材料本身的问题,以下材料应在首次补正时一次性告知:${beyond.join('、')} A further correction concerns only what the resubmission got wrong; these should have been told the first time: ${beyond.join(', ')}`, [
    { field: 'missingMaterials', messages: beyond },
  ]);
}
