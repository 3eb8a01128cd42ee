import { APPLICATION_STATE_LABELS, NOTICE_KIND_LABELS, type ApplicationView, type NoticeKind, type NoticeView } from '@yiti/contracts';
import { todayInShanghai, type IsoDate, type WorkingDayCalendar } from '@yiti/platform';
import { CORRECTION_NOTICE_WORKING_DAYS, isOverdue, workingDaysLeft } from './application-clock';
import type { ApplicationEntity, NoticeEntity } from './application.entity';
import { missingRequiredMaterials, suspendedWorkingDays } from './application-steps';

/** The clock that matters now: the decision while under review, the certificate once approved. */
export function runningDue(app: Pick<ApplicationEntity, 'status' | 'decisionDueOn' | 'certificateDueOn'>): IsoDate | null {
  if (app.status === 'accepted') return app.decisionDueOn;
  if (app.status === 'approved') return app.certificateDueOn;
  return null;
}

/** Full identifiers, decrypted, for the staff handling one application; otherwise the masked forms are shown. */
export interface Revealed {
  idNumber: string;
  phone: string;
}

export function toApplicationView(app: ApplicationEntity, calendar: WorkingDayCalendar, today: IsoDate, revealed: Revealed | null): ApplicationView {
  const due = runningDue(app);
  const dates = [app.receivedOn, app.acceptedOn, app.decisionDueOn, app.promisedDueOn, app.certificateDueOn].filter((d): d is string => d !== null);
  const openSuspension = app.suspensions.find((s) => s.to === undefined);
  return {
    id: app.id,
    applicationNo: app.applicationNo,
    countyCode: app.countyCode,
    townCode: app.townCode,
    townName: app.townName,
    itemId: app.itemId,
    itemCode: app.item.code,
    itemName: app.item.name,
    department: app.item.department,
    handlingOrganisationId: app.handlingOrganisationId,
    handlingOrganisationName: app.handlingOrganisationName,
    status: app.status,
    statusLabel: APPLICATION_STATE_LABELS[app.status],
    applicant: {
      kind: app.applicantKind,
      name: app.applicantName,
      idNumber: revealed?.idNumber ?? app.applicantIdMasked,
      contactName: app.applicantContactName,
      phone: revealed?.phone ?? app.applicantPhoneMasked,
      address: app.applicantAddress,
    },
    materials: app.materials.map(({ name, copies, original, inChecklist, attachments }) => ({ name, copies, original, inChecklist, attachments: attachments ?? [] })),
    missingRequired: missingRequiredMaterials(app.item, app.materials),
    correctionMaterials: app.correctionMaterials,
    receivedOn: app.receivedOn,
    lateEntry: app.lateEntryReason ? { enteredOn: todayInShanghai(app.createdAt), enteredBy: app.createdBy, reason: app.lateEntryReason } : null,
    correctionNoticeDeadline: app.status === 'received' && app.correctionNoticeOn === null ? calendar.addWorkingDays(app.receivedOn, CORRECTION_NOTICE_WORKING_DAYS) : null,
    acceptedOn: app.acceptedOn,
    deemedAccepted: app.deemedAccepted,
    statutoryWorkingDays: app.statutoryWorkingDays,
    promisedWorkingDays: app.promisedWorkingDays,
    decisionDueOn: app.decisionDueOn,
    promisedDueOn: app.promisedDueOn,
    extended: app.extended,
    suspendedWorkingDays: suspendedWorkingDays(app, calendar, today),
    suspensionKind: openSuspension?.kind ?? null,
    workingDaysLeft: due ? workingDaysLeft(calendar, due, today) : null,
    overdue: isOverdue(due, today),
    decidedOn: app.decidedOn,
    decidedOnTime: app.decidedOnTime,
    decisionReasons: app.decisionReasons,
    extensionReasons: app.extensionReasons,
    issuingAuthority: app.issuingAuthority,
    legalBasis: app.legalBasis,
    validUntil: app.validUntil,
    certificateDueOn: app.certificateDueOn,
    certificateNo: app.certificateNo,
    certificateIssuedOn: app.certificateIssuedOn,
    provisionalDates: dates.some((d) => calendar.isProvisional(d)),
    createdAt: app.createdAt.toISOString(),
  };
}

export function toNoticeView(notice: NoticeEntity): NoticeView {
  return {
    id: notice.id,
    applicationId: notice.applicationId,
    kind: notice.kind as NoticeKind,
    title: NOTICE_KIND_LABELS[notice.kind as NoticeKind],
    number: notice.number,
    issuedOn: notice.issuedOn,
    issuer: notice.issuer,
    fields: notice.fields,
  };
}
