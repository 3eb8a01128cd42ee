import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  APPROVAL_EVENTS,
  type Actor,
  type ApplicationStepCommand,
  type ApplicationStepResult,
  type ApprovalGrantedEvent,
  type CertificateIssuedEvent,
  type NoticeKind,
  type RegisterApplicationRequest,
  LATE_ENTRY_MAX_DAYS,
  statusOf,
} from '@yiti/contracts';
import { DocumentNumbers, drawNumbers } from './document-numbers';
import { DomainException, addDays, assertWithin, entityRows, isConstraintViolation, todayInShanghai, UnitOfWork, type IsoDate, type Staging, type Transaction } from '@yiti/platform';
import { PersonalDataProtector, maskIdNumber, maskPhone } from '@yiti/platform';
import { AuthorityClient, CalendarSource } from '@yiti/authority-client';
import { ApplicationEntity, NoticeEntity, itemSnapshot } from './application.entity';
import { assertHandlingOrganisation, planStep, receivedApplication, recordMaterials, type StepInput } from './application-steps';
import { toApplicationView, toNoticeView } from './application-view';
import { NOTICE_NUMBER_PREFIX, decidingAuthority, noticeFields, noticeIssuer } from './notice-fields';
import { ApplicationQueries } from './application-queries';

/** The handling organisation (承办机构) the duty lists gave, as the application records it. */
export const routedTo = (handling: { id: string | null; name: string | null }): Partial<ApplicationEntity> => ({ handlingOrganisationId: handling.id, handlingOrganisationName: handling.name });

/**
 * The day the application was received: today, or an earlier day entered late (补录, paper taken
 * during an outage or left in the after-hours box), with a reason, not in the future and at most
 * LATE_ENTRY_MAX_DAYS back. Every clock runs from it.
 */
function receiptDate(request: RegisterApplicationRequest, today: IsoDate): IsoDate {
  const receivedOn = request.receivedOn ?? today;
  const earliest = addDays(today, -LATE_ENTRY_MAX_DAYS);
  if (receivedOn > today || receivedOn < earliest) {
    throw new DomainException('APPLICATION_DATE_INVALID', `收件日期须在 ${earliest} 至 ${today} 之间 receivedOn ${receivedOn} must be between ${earliest} and today ${today}`, [
      { field: 'receivedOn', messages: [`must be between ${earliest} and ${today}`] },
    ]);
  }
  if (receivedOn < today && !request.lateEntryReason?.trim()) {
    throw new DomainException('VALIDATION_FAILED', '补录早于今天收件的申请须说明原因 An application received before today needs the reason it is entered late', [
      { field: 'lateEntryReason', messages: ['required when receivedOn is before today'] },
    ]);
  }
  return receivedOn;
}

const documentNumber = (prefix: string, townCode: string, today: IsoDate, value: string) => `${prefix}${townCode}-${today.slice(0, 4)}-${value.padStart(8, '0')}`;

/**
 * The steps that change an application: intake at the window (一口受理) and every later step of the
 * lifecycle, each planned by the lifecycle table before anything is written, then written with its
 * documents, audit entry and events in one transaction.
 */
@Injectable()
export class ApplicationCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
    private readonly calendars: CalendarSource,
    private readonly personalData: PersonalDataProtector,
    private readonly numbers: DocumentNumbers,
    private readonly queries: ApplicationQueries,
  ) {}

  /** 一口受理: a clerk of the town's window registers an application for an item the town holds. */
  async register(actor: Actor, request: RegisterApplicationRequest): Promise<ApplicationStepResult> {
    if (!actor.roles.includes('window_clerk')) throw new DomainException('FORBIDDEN_ROLE', '收件受理须由窗口受理人员办理 Intake is taken by a window clerk');
    assertWithin(actor, request.townCode);
    const today = todayInShanghai();
    const receivedOn = receiptDate(request, today);
    const [town, item] = await Promise.all([this.authority.town(request.townCode), this.authority.item(request.itemId)]);
    if (item.kind !== 'licensing') throw new DomainException('ITEM_NOT_LICENSING', `「${item.name}」(${item.basicCode})是行政处罚类事项,不在窗口受理 is a penalty power, not a window item`);
    await this.authority.assertHeld(town, { id: request.itemId, name: item.name, code: item.basicCode }, today);
    const snapshot = itemSnapshot(item);
    const calendar = this.calendars.current();
    const handling = request.acceptNow ? await this.authority.dutyRoute(request.townCode, snapshot.category) : null;

    const applicant = request.applicant;
    const received = receivedApplication({
      id: randomUUID(),
      townCode: request.townCode,
      townName: town.name,
      itemId: request.itemId,
      item: snapshot,
      applicant: {
        applicantKind: applicant.kind,
        applicantName: applicant.name.trim(),
        applicantIdCipher: this.personalData.encrypt(applicant.idNumber),
        applicantIdHash: this.personalData.searchHash(applicant.idNumber),
        applicantIdMasked: maskIdNumber(applicant.idNumber),
        applicantPhoneCipher: this.personalData.encrypt(applicant.phone),
        applicantPhoneMasked: maskPhone(applicant.phone),
        applicantContactName: applicant.contactName ?? null,
        applicantAddress: applicant.address ?? null,
      },
      materials: recordMaterials(snapshot, request.materials, 0),
      note: request.note ?? null,
      receivedOn,
      lateEntryReason: receivedOn < today ? (request.lateEntryReason?.trim() ?? null) : null,
      createdBy: actor.userId,
      handling,
    });
    // 当场受理: the acceptance is planned before anything is written, so a refusal leaves nothing behind.
    // On the spot means on the day of receipt, also when that day is entered later.
    const acceptance = request.acceptNow ? planStep(received, { action: 'accept', roles: actor.roles, today: receivedOn }, calendar) : null;
    // Sequences are not transactional: the numbers are drawn first, on their own (a failed write
    // leaves a gap, as a rolled-back transaction did).
    const numbers = await this.numbers.draw(1, 1 + (acceptance?.notices.length ?? 0));
    received.applicationNo = documentNumber('SQ', request.townCode, today, numbers.applications[0] as string);

    // Nothing read inside: the application, its steps, documents and audit rows go in one statement.
    return this.uow.writeOnce(async (tx) => {
      const notices = [this.notice(tx, received, 'receipt', today, numbers.notices[0] as string)];
      this.recordStep(tx, received, 'register', null, { materials: received.materials.length, receivedOn, ...(received.lateEntryReason ? { enteredOn: today, lateEntryReason: received.lateEntryReason } : {}) });
      let app = received;
      if (acceptance) {
        app = { ...received, ...acceptance.patch, version: 2 };
        this.recordStep(tx, app, 'accept', 'received', {});
        acceptance.notices.forEach((kind, i) => notices.push(this.notice(tx, app, kind, today, numbers.notices[i + 1] as string)));
      }
      tx.stage(entityRows(this.dataSource, ApplicationEntity, [app]));
      return { application: toApplicationView(app, calendar, today, this.queries.reveal(actor, app, { idNumber: applicant.idNumber, phone: applicant.phone })), notices: notices.map(toNoticeView) };
    });
  }

  /** One step of the lifecycle (受理, 补正, 审批, 延期, 中止, 发证…) by a user of the application's town. */
  async step(actor: Actor, command: ApplicationStepCommand): Promise<ApplicationStepResult> {
    if (command.action === 'deem_accept') throw new DomainException('FORBIDDEN_ROLE', '视为受理由系统按期限自动办理 A deemed acceptance happens by lapse of time');
    const today = todayInShanghai();
    const existing = await this.queries.findVisible(actor, command.id);
    const handling = command.action === 'accept' && existing.status === 'received' ? await this.authority.dutyRoute(existing.townCode, existing.item.category) : null;
    const assigned = command.action === 'assign_handling_organisation' && command.organisationId ? await this.townOrganisation(existing, command.organisationId) : null;
    const authority = await this.decidingAuthority(existing, command.action, today);
    return this.withNumberClash(() => this.uow.run(async (tx) => {
      const app = await this.lock(tx.em, command.id);
      // 谁审批谁负责: checked on the locked row, before anything is written.
      assertHandlingOrganisation(app, command.action, actor);
      const routed: Partial<ApplicationEntity> = { ...(handling ? routedTo(handling) : {}), ...(assigned ? routedTo(assigned) : {}), ...(authority ? { issuingAuthority: authority } : {}) };
      const result = await this.advance(tx, app, { ...command, roles: actor.roles, today }, actor, routed);
      return { application: toApplicationView(result, this.calendars.current(), today, this.queries.reveal(actor, result)), notices: result.notices.map(toNoticeView) };
    }), command.certificateNo);
  }

  /**
   * The authority a decision (and then the certificate) is issued in: fixed at the decision from how
   * the town holds the power that day. An application decided before it was recorded gets it at the certificate.
   */
  private async decidingAuthority(app: ApplicationEntity, action: ApplicationStepCommand['action'], today: IsoDate): Promise<string | null> {
    const decides = (action === 'approve' || action === 'reject') && app.status === 'accepted';
    const certifies = action === 'issue_certificate' && app.status === 'approved' && app.issuingAuthority === null;
    if (!decides && !certifies) return null;
    const mode = await this.authority.powerMode(app.townCode, app.itemId, app.decidedOn ?? today);
    return decidingAuthority(mode.mode, app.townName, mode.department || app.item.department);
  }

  /** An organisation of the application's town, to handle it (承办机构); any other is refused. */
  private async townOrganisation(app: ApplicationEntity, organisationId: string): Promise<{ id: string; name: string }> {
    const organisation = await this.authority.organisation(organisationId).catch((error: unknown) => {
      if (error instanceof DomainException && statusOf(error.code) === 404) return null;
      throw error;
    });
    if (!organisation || organisation.jurisdictionCode !== app.townCode) {
      throw new DomainException('HANDLING_ORGANISATION_INVALID', `承办机构须为${app.townName}的机构 The handling organisation must be an organisation of ${app.townCode}`, [
        { field: 'organisationId', messages: [`not an organisation of ${app.townCode}`] },
      ]);
    }
    return { id: organisation.id, name: organisation.name };
  }

  /** A given certificate number may clash with one already issued (or with another document's number). */
  private async withNumberClash<T>(work: () => Promise<T>, certificateNo: string | undefined): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isConstraintViolation(error, '23505', 'application_certificate_no_key') || isConstraintViolation(error, '23505', 'notice_number_key')) {
        throw new DomainException('CERTIFICATE_NUMBER_TAKEN', `证件编号 ${certificateNo ?? ''} 已被使用 Certificate number taken`);
      }
      throw error;
    }
  }

  /**
   * One step on a locked application: planned by the lifecycle, then the row updated with what
   * changed, its history row, documents and audit entry staged for the commit, its events emitted.
   */
  async advance(tx: Transaction, app: ApplicationEntity, input: StepInput, actor: Actor | null, routed: Partial<ApplicationEntity> = {}): Promise<ApplicationEntity & { notices: NoticeEntity[] }> {
    const plan = planStep(app, input, this.calendars.current());
    const numberedNotices = plan.notices.filter((kind) => kind !== 'certificate');
    const drawsCertificate = input.action === 'issue_certificate' && !input.certificateNo;
    const numbers = await drawNumbers(tx.em, 0, numberedNotices.length + (drawsCertificate ? 1 : 0));
    const patch: Partial<ApplicationEntity> = { ...plan.patch, ...routed, updatedAt: new Date(), version: app.version + 1 };
    if (drawsCertificate) patch.certificateNo = documentNumber(NOTICE_NUMBER_PREFIX.certificate, app.townCode, input.today, numbers.notices.pop() as string);
    await tx.em.update(ApplicationEntity, { id: app.id }, patch);
    const after: ApplicationEntity = { ...app, ...patch };
    this.recordStep(tx, after, input.action, app.status, {
      reasons: input.reasons,
      legalBasis: input.legalBasis,
      missingMaterials: input.missingMaterials,
      suspensionKind: input.suspensionKind,
      validUntil: input.validUntil,
      certificateNo: after.certificateNo ?? undefined,
      ...(input.action === 'assign_handling_organisation' ? { handlingOrganisationId: after.handlingOrganisationId, handlingOrganisationName: after.handlingOrganisationName } : {}),
    });
    const notices = plan.notices.map((kind) => this.notice(tx, after, kind, input.today, kind === 'certificate' ? null : (numbers.notices.shift() as string)));
    if (input.action === 'approve') tx.emit<ApprovalGrantedEvent>(APPROVAL_EVENTS.approvalGranted, this.grantedEvent(after, actor), after.countyCode);
    if (input.action === 'issue_certificate') {
      tx.emit<CertificateIssuedEvent>(
        APPROVAL_EVENTS.certificateIssued,
        { applicationId: after.id, applicationNo: after.applicationNo, countyCode: after.countyCode, townCode: after.townCode, itemId: after.itemId, certificateNo: after.certificateNo as string, issuedOn: input.today, validUntil: after.validUntil },
        after.countyCode,
      );
    }
    return { ...after, notices };
  }

  /** Sequence values for document numbers, all a request needs in one round trip. */
  private grantedEvent(app: ApplicationEntity, actor: Actor | null): ApprovalGrantedEvent {
    return {
      applicationId: app.id,
      applicationNo: app.applicationNo,
      countyCode: app.countyCode,
      townCode: app.townCode,
      itemId: app.itemId,
      itemCode: app.item.code,
      itemName: app.item.name,
      department: app.item.department,
      holder: { kind: app.applicantKind, name: app.applicantName, idNumberMasked: app.applicantIdMasked, idNumberHash: app.applicantIdHash },
      approvedOn: app.decidedOn as string,
      validFrom: app.decidedOn as string,
      validUntil: app.validUntil,
      approvedBy: actor?.userId ?? null,
    };
  }

  /** The step in the audit log (who and which roles come from the request; none for the platform's own steps). */
  private recordStep(tx: Staging, app: ApplicationEntity, action: string, from: string | null, details: Record<string, unknown>): void {
    tx.audit({
      countyCode: app.countyCode,
      jurisdictionCode: app.townCode,
      action: `application.${action}`,
      resourceType: 'application',
      resourceId: app.id,
      before: from === null ? null : { status: from },
      after: { status: app.status, ...details },
    });
  }

  /** A document of the application, staged for the commit; the certificate carries the certificate number. */
  private notice(tx: Staging, app: ApplicationEntity, kind: NoticeKind, today: IsoDate, sequence: string | null): NoticeEntity {
    const number = sequence === null ? (app.certificateNo as string) : documentNumber(NOTICE_NUMBER_PREFIX[kind], app.townCode, today, sequence);
    const notice: NoticeEntity = { id: randomUUID(), applicationId: app.id, kind, number, issuedOn: today, issuer: noticeIssuer(kind, app), fields: noticeFields(kind, app), createdAt: new Date() };
    tx.stage({
      table: 'approval_window.notice',
      columns: ['id', 'application_id', 'kind', 'number', 'issued_on', 'issuer', 'fields', 'created_at'],
      rows: [[notice.id, notice.applicationId, notice.kind, notice.number, notice.issuedOn, notice.issuer, JSON.stringify(notice.fields), notice.createdAt]],
    });
    return notice;
  }

  async lock(em: EntityManager, id: string): Promise<ApplicationEntity> {
    const app = await em.getRepository(ApplicationEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!app) throw new DomainException('APPLICATION_NOT_FOUND', `办件 ${id} 不存在 Application ${id} not found`);
    return app;
  }
}
