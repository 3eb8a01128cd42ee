import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  APPLICATION_ACTION_LABELS,
  APPROVAL_EVENTS,
  pageWindow,
  scopePrefix,
  isWithinJurisdiction,
  type Actor,
  type ApplicationAction,
  type ApplicationHistoryEntryView,
  type ApplicationState,
  type ApplicationStatisticsQuery,
  type ApplicationStatisticsView,
  type ApplicationStepCommand,
  type ApplicationStepResult,
  type ApplicationView,
  type ApprovalGrantedEvent,
  type CertificateIssuedEvent,
  type DeadlineClock,
  type DeadlineEntryView,
  type DeadlinesQuery,
  type DeadlinesView,
  type ListApplicationsQuery,
  type NoticeKind,
  type NoticeView,
  type Page,
  type PrintedNoticeView,
  type RegisterApplicationRequest,
  type Role,
} from '@yiti/contracts';
import { DocumentNumbers, drawNumbers } from './document-numbers';
import { DomainException, entityRows, isConstraintViolation, maskIdNumber, maskPhone, PersonalDataProtector, todayInShanghai, UnitOfWork, type IsoDate, type Staging, type Transaction, type WorkingDayCalendar } from '@yiti/platform';
import { CalendarSource } from '../calendar/calendar-source';
import { Registry } from '../registry/registry';
import { CORRECTION_NOTICE_WORKING_DAYS, certificateDueDate, isDueSoon, isOverdue, workingDaysLeft } from './application-clock';
import { ApplicationEntity, NoticeEntity } from './application.entity';
import { assertHandlingOrganisation, clockDates, isDeemedAccepted, planStep, receivedApplication, recordMaterials, type StepInput } from './application-steps';
import { runningDue, toApplicationView, toNoticeView, type Revealed } from './application-view';
import { NOTICE_NUMBER_PREFIX, noticeFields } from './notice-fields';
import { renderNotice } from './notice-print';

/** Roles that see an applicant's full identifiers when they open one application. */
const HANDLING_ROLES: Role[] = ['window_clerk', 'approver', 'leader'];
/** Roles that read applications, lists and figures (personal data stays masked for all but the handling roles). */
const READING_ROLES: Role[] = [...HANDLING_ROLES, 'county_admin', 'province_admin', 'county_leader', 'department_staff'];

function assertReader(actor: Actor): void {
  if (!READING_ROLES.some((r) => actor.roles.includes(r))) throw new DomainException('FORBIDDEN_ROLE', `查阅办件需要以下角色之一 Reading applications requires one of ${READING_ROLES.join(', ')}`);
}

/**
 * The clock an open application runs against now: at the window, 5 working days to ask for
 * corrections (from receipt) or, once corrected materials came back (the last change of a
 * resubmitted application), 5 working days to decide on acceptance; then the decision; then the certificate.
 */
function deadlineOf(app: ApplicationEntity, calendar: WorkingDayCalendar): { clock: DeadlineClock; due: IsoDate | null } {
  if (app.status !== 'received') return { clock: app.status === 'accepted' ? 'decision' : 'certificate', due: runningDue(app) };
  if (app.correctionNoticeOn === null) return { clock: 'correction_notice', due: calendar.addWorkingDays(app.receivedOn, CORRECTION_NOTICE_WORKING_DAYS) };
  return { clock: 'acceptance', due: calendar.addWorkingDays(todayInShanghai(app.updatedAt), CORRECTION_NOTICE_WORKING_DAYS) };
}

/** Applications whose due dates one transaction recomputes after a calendar change. */
const RECOMPUTE_PAGE_SIZE = 500;

/** The audit action of a print of one of the application's notices. */
const NOTICE_PRINTED = 'application.notice_printed';
/**
 * Audit entries of an application that are not part of its history (办理过程): a print reads the
 * application and changes nothing, and may be repeated at will; the history lists what was done to
 * the application, from one status to the next. Prints stay traceable in the audit log.
 */
const NOT_IN_HISTORY = [NOTICE_PRINTED];

/** History entries that are not lifecycle steps. */
const HISTORY_ONLY_LABELS: Record<string, string> = { register: '收件登记', due_dates_recomputed: '期限重算(节假日调整)' };

/** The handling organisation (承办机构) the duty lists gave, as the application records it. */
const routedTo = (handling: { id: string | null; name: string | null }): Partial<ApplicationEntity> => ({ handlingOrganisationId: handling.id, handlingOrganisationName: handling.name });

const documentNumber = (prefix: string, townCode: string, today: IsoDate, value: string) => `${prefix}${townCode}-${today.slice(0, 4)}-${value.padStart(8, '0')}`;

@Injectable()
export class ApplicationService {
  private readonly logger = new Logger(ApplicationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly registry: Registry,
    private readonly calendars: CalendarSource,
    private readonly personalData: PersonalDataProtector,
    private readonly numbers: DocumentNumbers,
  ) {}

  /** 一口受理: a clerk of the town's window registers an application for an item the town holds. */
  async register(actor: Actor, request: RegisterApplicationRequest): Promise<ApplicationStepResult> {
    if (!actor.roles.includes('window_clerk')) throw new DomainException('FORBIDDEN_ROLE', '收件受理须由窗口受理人员办理 Intake is taken by a window clerk');
    if (!isWithinJurisdiction(actor.jurisdictionCode, request.townCode)) throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${request.townCode} 不存在 ${request.townCode} not found`);
    const today = todayInShanghai();
    const [town, item] = await Promise.all([this.registry.town(request.townCode), this.registry.item(request.itemId)]);
    if (item.kind !== 'licensing') throw new DomainException('ITEM_NOT_LICENSING', `「${item.name}」(${item.code})是行政处罚类事项,不在窗口受理 is a penalty power, not a window item`);
    await this.registry.assertHeld(request.townCode, town, request.itemId, item, today);
    const { kind: _kind, ...snapshot } = item;
    const calendar = this.calendars.current();
    const handling = request.acceptNow ? await this.registry.handlingOrganisation(request.townCode, snapshot.category) : null;

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
      receivedOn: today,
      createdBy: actor.userId,
      handling,
    });
    // 当场受理: the acceptance is planned before anything is written, so a refusal leaves nothing behind.
    const acceptance = request.acceptNow ? planStep(received, { action: 'accept', roles: actor.roles, today }, calendar) : null;
    // Sequences are not transactional: the numbers are drawn first, on their own (a failed write
    // leaves a gap, as a rolled-back transaction did).
    const numbers = await this.numbers.draw(1, 1 + (acceptance?.notices.length ?? 0));
    received.applicationNo = documentNumber('SQ', request.townCode, today, numbers.applications[0] as string);

    // Nothing read inside: the application, its steps, documents and audit rows go in one statement.
    return this.uow.writeOnce(async (tx) => {
      const notices = [this.notice(tx, received, 'receipt', today, numbers.notices[0] as string)];
      this.recordStep(tx, received, 'register', null, { materials: received.materials.length });
      let app = received;
      if (acceptance) {
        app = { ...received, ...acceptance.patch, version: 2 };
        this.recordStep(tx, app, 'accept', 'received', {});
        acceptance.notices.forEach((kind, i) => notices.push(this.notice(tx, app, kind, today, numbers.notices[i + 1] as string)));
      }
      tx.stage(entityRows(this.dataSource, ApplicationEntity, [app]));
      return { application: toApplicationView(app, calendar, today, this.reveal(actor, app, { idNumber: applicant.idNumber, phone: applicant.phone })), notices: notices.map(toNoticeView) };
    });
  }

  /** One step of the lifecycle (受理, 补正, 审批, 延期, 中止, 发证…) by a user of the application's town. */
  async step(actor: Actor, command: ApplicationStepCommand): Promise<ApplicationStepResult> {
    if (command.action === 'deem_accept') throw new DomainException('FORBIDDEN_ROLE', '视为受理由系统按期限自动办理 A deemed acceptance happens by lapse of time');
    const today = todayInShanghai();
    const existing = await this.findVisible(actor, command.id);
    const handling = command.action === 'accept' && existing.status === 'received' ? await this.registry.handlingOrganisation(existing.townCode, existing.item.category) : null;
    return this.withNumberClash(() => this.uow.run(async (tx) => {
      const app = await this.lock(tx.em, command.id);
      // 谁审批谁负责: checked on the locked row, before anything is written.
      assertHandlingOrganisation(app, command.action, actor);
      const routed = handling ? routedTo(handling) : {};
      const result = await this.advance(tx, app, { ...command, roles: actor.roles, today }, actor, routed);
      return { application: toApplicationView(result, this.calendars.current(), today, this.reveal(actor, result)), notices: result.notices.map(toNoticeView) };
    }), command.certificateNo);
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

  async get(actor: Actor, id: string): Promise<ApplicationView> {
    assertReader(actor);
    const app = await this.findVisible(actor, id);
    return toApplicationView(app, this.calendars.current(), todayInShanghai(), this.reveal(actor, app));
  }

  async notices(actor: Actor, id: string): Promise<NoticeView[]> {
    assertReader(actor);
    await this.findVisible(actor, id);
    // Documents of one request share a timestamp; their sequence part keeps the order they were issued in.
    const rows = await this.dataSource.getRepository(NoticeEntity).createQueryBuilder('n').where('n.application_id = :id', { id }).orderBy('n.created_at').addOrderBy('right(n.number, 8)').getMany();
    return rows.map(toNoticeView);
  }

  /**
   * 打印文书: one notice of an application in the caller's jurisdiction as a printable page. The
   * applicant's full identifier is decrypted and printed for the roles that see it in full when
   * they open the application (the same rule), the stored masked form for everyone else. Every
   * print is audited on the application (谁打印), before the page is handed out.
   */
  async printNotice(actor: Actor, id: string, noticeId: string): Promise<PrintedNoticeView> {
    assertReader(actor);
    const app = await this.findVisible(actor, id);
    const notice = await this.dataSource.getRepository(NoticeEntity).findOneBy({ id: noticeId, applicationId: app.id });
    if (!notice) throw new DomainException('NOTICE_NOT_FOUND', `办件 ${id} 没有文书 ${noticeId} Application ${id} has no notice ${noticeId}`);
    const revealed = this.reveal(actor, app);
    const html = renderNotice(notice, app, revealed);
    const printed: PrintedNoticeView = { noticeId: notice.id, kind: notice.kind as NoticeKind, number: notice.number, fullIdNumberShown: revealed !== null, html };
    await this.uow.writeOnce(async (w) => {
      w.audit({
        countyCode: app.countyCode,
        jurisdictionCode: app.townCode,
        action: NOTICE_PRINTED,
        resourceType: 'application',
        resourceId: app.id,
        before: null,
        after: { status: app.status, noticeId: notice.id, noticeNumber: notice.number, noticeKind: notice.kind, fullIdNumberShown: printed.fullIdNumberShown },
      });
    });
    return printed;
  }

  /** 谁审批谁负责: every step of one application, who took it, when and why, in order. */
  async history(actor: Actor, id: string): Promise<ApplicationHistoryEntryView[]> {
    assertReader(actor);
    await this.findVisible(actor, id);
    // The audit log is the history: one entry per step, with who (from the request) and what (prints left out).
    const rows: { action: string; before: { status?: ApplicationState } | null; after: { status: ApplicationState } & Record<string, unknown>; actor_id: string | null; actor_roles: string[]; occurred_at: Date }[] =
      await this.dataSource.query(
        `SELECT action, before, after, actor_id, actor_roles, occurred_at FROM approval_window.audit_log
          WHERE resource_type = 'application' AND resource_id = $1 AND action <> ALL($2::text[]) ORDER BY seq`,
        [id, NOT_IN_HISTORY],
      );
    return rows.map((r) => {
      const action = r.action.replace(/^application\./, '');
      const { status, ...details } = r.after;
      return {
        action,
        actionLabel: HISTORY_ONLY_LABELS[action] ?? APPLICATION_ACTION_LABELS[action as ApplicationAction] ?? action,
        fromStatus: r.before?.status ?? null,
        toStatus: status,
        actorId: r.actor_id ?? 'system',
        actorRoles: r.actor_roles,
        takenOn: todayInShanghai(r.occurred_at),
        at: r.occurred_at.toISOString(),
        details,
      };
    });
  }

  /** Lists in the caller's jurisdiction; identifiers always masked; an ID number is found by its keyed hash. */
  async list(actor: Actor, query: ListApplicationsQuery): Promise<Page<ApplicationView>> {
    assertReader(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const qb = this.dataSource.getRepository(ApplicationEntity).createQueryBuilder('a').where('a.town_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.townCode) qb.andWhere('a.town_code = :town', { town: query.townCode });
    if (query.itemId) qb.andWhere('a.item_id = :item', { item: query.itemId });
    if (query.applicantIdNumber) qb.andWhere('a.applicant_id_hash IN (:...hashes)', { hashes: this.personalData.searchHashes(query.applicantIdNumber) });
    if (query.applicantName) qb.andWhere(`a.applicant_name LIKE :name ESCAPE '\\'`, { name: `%${query.applicantName.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (query.receivedFrom) qb.andWhere('a.received_on >= :from', { from: query.receivedFrom });
    if (query.receivedTo) qb.andWhere('a.received_on <= :to', { to: query.receivedTo });
    if (query.mine === true || query.mine === 'true') qb.andWhere('a.handling_organisation_id = :org', { org: actor.organisationId });
    const [rows, total] = await qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id').skip(offset).take(pageSize).getManyAndCount();
    const calendar = this.calendars.current();
    const today = todayInShanghai();
    return { items: rows.map((r) => toApplicationView(r, calendar, today, null)), total, page, pageSize };
  }

  /** 临期/超期: the running clocks of a town's open applications. */
  async deadlines(actor: Actor, query: DeadlinesQuery): Promise<DeadlinesView> {
    assertReader(actor);
    if (!isWithinJurisdiction(actor.jurisdictionCode, query.townCode)) throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${query.townCode} 不存在 ${query.townCode} not found`);
    const within = query.withinWorkingDays ?? 3;
    const calendar = this.calendars.current();
    const today = todayInShanghai();
    // Only applications that can be due by then are loaded: a clock's due date is at or after the
    // date its column holds, and 5 working days after a date are at least 5 calendar days after it.
    // The exact due dates are computed below; this only keeps a busy town's running clocks out.
    const bound = calendar.addWorkingDays(today, within + 1);
    const rows = await this.dataSource
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .where('a.town_code = :town', { town: query.townCode })
      .andWhere(
        `((a.status = 'accepted' AND a.decision_due_on <= :bound)
          OR (a.status = 'approved' AND a.certificate_due_on <= :bound)
          OR (a.status = 'received' AND a.correction_notice_on IS NULL AND a.received_on <= :bound::date - 5)
          OR (a.status = 'received' AND a.correction_notice_on IS NOT NULL AND (a.updated_at AT TIME ZONE 'Asia/Shanghai')::date <= :bound::date - 5))`,
        { bound },
      )
      .orderBy('a.received_on')
      .getMany();
    const entries: DeadlineEntryView[] = [];
    for (const app of rows) {
      const { clock, due } = deadlineOf(app, calendar);
      if (!due) continue;
      entries.push({ applicationId: app.id, applicationNo: app.applicationNo, itemName: app.item.name, status: app.status, clock, dueOn: due, workingDaysLeft: workingDaysLeft(calendar, due, today) });
    }
    const byDue = (a: DeadlineEntryView, b: DeadlineEntryView) => a.dueOn.localeCompare(b.dueOn);
    return {
      townCode: query.townCode,
      asOf: today,
      overdue: entries.filter((e) => isOverdue(e.dueOn, today)).sort(byDue),
      dueSoon: entries.filter((e) => isDueSoon(calendar, e.dueOn, today, within)).sort(byDue),
    };
  }

  async statistics(actor: Actor, query: ApplicationStatisticsQuery): Promise<ApplicationStatisticsView> {
    assertReader(actor);
    if (!isWithinJurisdiction(actor.jurisdictionCode, query.jurisdictionCode) && !isWithinJurisdiction(query.jurisdictionCode, actor.jurisdictionCode)) {
      throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${query.jurisdictionCode} 不存在 ${query.jurisdictionCode} not found`);
    }
    if (query.to < query.from) throw new DomainException('VALIDATION_FAILED', 'to must not be before from', [{ field: 'to', messages: ['must not be before from'] }]);
    // A town user asking for the county sees only the towns within their own jurisdiction.
    const scope = scopePrefix(isWithinJurisdiction(actor.jurisdictionCode, query.jurisdictionCode) ? query.jurisdictionCode : actor.jurisdictionCode);
    const rows: Record<string, string | number | null>[] = await this.dataSource.query(
      `SELECT town_code,
              count(*)::int AS received,
              count(*) FILTER (WHERE accepted_on IS NOT NULL)::int AS accepted,
              count(*) FILTER (WHERE status = 'not_accepted')::int AS not_accepted,
              count(*) FILTER (WHERE decided_on IS NOT NULL)::int AS decided,
              count(*) FILTER (WHERE status IN ('approved', 'certificate_issued'))::int AS approved,
              count(*) FILTER (WHERE decided_on_time)::int AS decided_on_time,
              avg(decision_working_days)::float AS average_working_days,
              count(*) FILTER (WHERE status = 'accepted' AND decision_due_on < $4::date)::int AS overdue_open
         FROM approval_window.application
        WHERE town_code LIKE $1 AND received_on BETWEEN $2::date AND $3::date
        GROUP BY town_code ORDER BY town_code`,
      [`${scope}%`, query.from, query.to, todayInShanghai()],
    );
    return {
      jurisdictionCode: query.jurisdictionCode,
      from: query.from,
      to: query.to,
      towns: rows.map((r) => ({
        townCode: r.town_code as string,
        received: r.received as number,
        accepted: r.accepted as number,
        notAccepted: r.not_accepted as number,
        decided: r.decided as number,
        approved: r.approved as number,
        decidedOnTime: r.decided_on_time as number,
        onTimeRate: (r.decided as number) > 0 ? Math.round(((r.decided_on_time as number) / (r.decided as number)) * 1000) / 1000 : null,
        averageWorkingDays: r.average_working_days === null ? null : Math.round((r.average_working_days as number) * 10) / 10,
        overdueOpen: r.overdue_open as number,
      })),
    };
  }

  /**
   * Art. 32(4): an application left at the window with no correction notice for 5 working days is
   * accepted from the day it was received. Returns how many were turned.
   */
  async sweepDeemedAcceptances(today: IsoDate = todayInShanghai()): Promise<number> {
    const calendar = this.calendars.current();
    // 5 working days span at least 5 calendar days: nothing received since can be due yet.
    const candidates: { id: string; town_code: string; category: string }[] = await this.dataSource.query(
      `SELECT id, town_code, item->>'category' AS category FROM approval_window.application
       WHERE status = 'received' AND correction_notice_on IS NULL AND received_on < $1::date - 5 ORDER BY received_on LIMIT 500`,
      [today],
    );
    let turned = 0;
    for (const candidate of candidates) {
      // Routed as an acceptance at the window is. Without an answer from identity the candidate
      // waits for the next sweep: the acceptance dates from receipt whenever it is recorded.
      const handling = await this.registry.handlingOrganisation(candidate.town_code, candidate.category).catch((err: unknown) => {
        this.logger.warn({ err, applicationId: candidate.id }, 'deemed acceptance deferred: no routing answer from identity');
        return undefined;
      });
      if (handling === undefined) continue;
      turned += await this.uow.run(async (tx) => {
        const app = await this.lock(tx.em, candidate.id);
        if (!isDeemedAccepted(app, calendar, today)) return 0;
        await this.advance(tx, app, { action: 'deem_accept', roles: ['system'], today }, null, routedTo(handling));
        return 1;
      });
    }
    return turned;
  }

  /**
   * After the holiday calendar changed: due dates of running clocks follow it. Page by page (one
   * transaction each), every moved date audited on its application, so its history says why the
   * deadline moved. An application changed meanwhile (its version moved) is left to its own step,
   * which computes its dates with the new calendar anyway.
   */
  async recomputeDueDates(): Promise<number> {
    const calendar = this.calendars.current();
    const repository = this.dataSource.getRepository(ApplicationEntity);
    let changed = 0;
    for (let after: string | null = null; ; ) {
      const query = repository.createQueryBuilder('a').where(`a.status IN ('accepted', 'approved')`).orderBy('a.id').take(RECOMPUTE_PAGE_SIZE);
      if (after) query.andWhere('a.id > :after', { after });
      const page = await query.getMany();
      if (page.length === 0) return changed;
      after = (page[page.length - 1] as ApplicationEntity).id;
      const moved = page
        .map((app) => ({ app, dates: app.status === 'accepted' ? clockDates(app, calendar) : { certificateDueOn: certificateDueDate(calendar, app.decidedOn as IsoDate) } }))
        .filter(({ app, dates }) => Object.entries(dates).some(([k, v]) => app[k as keyof ApplicationEntity] !== v));
      if (moved.length === 0) continue;
      changed += await this.uow.run(async (tx) => {
        let updated = 0;
        for (const { app, dates } of moved) {
          const result = await tx.em.update(ApplicationEntity, { id: app.id, version: app.version }, { ...dates, updatedAt: new Date(), version: app.version + 1 });
          if (!result.affected) continue;
          const was = Object.fromEntries(Object.keys(dates).map((k) => [k, app[k as keyof ApplicationEntity]]));
          tx.audit({ countyCode: app.countyCode, jurisdictionCode: app.townCode, action: 'application.due_dates_recomputed', resourceType: 'application', resourceId: app.id, before: { status: app.status, ...was }, after: { status: app.status, ...dates } });
          updated++;
        }
        return updated;
      });
    }
  }

  /**
   * One step on a locked application: planned by the lifecycle, then the row updated with what
   * changed, its history row, documents and audit entry staged for the commit, its events emitted.
   */
  private async advance(tx: Transaction, app: ApplicationEntity, input: StepInput, actor: Actor | null, routed: Partial<ApplicationEntity> = {}): Promise<ApplicationEntity & { notices: NoticeEntity[] }> {
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
    const notice: NoticeEntity = { id: randomUUID(), applicationId: app.id, kind, number, issuedOn: today, issuer: `${app.townName}便民服务中心`, fields: noticeFields(kind, app), createdAt: new Date() };
    tx.stage({
      table: 'approval_window.notice',
      columns: ['id', 'application_id', 'kind', 'number', 'issued_on', 'issuer', 'fields', 'created_at'],
      rows: [[notice.id, notice.applicationId, notice.kind, notice.number, notice.issuedOn, notice.issuer, JSON.stringify(notice.fields), notice.createdAt]],
    });
    return notice;
  }

  /** The full identifiers for the handling roles (decrypted unless the caller has them at hand), else null. */
  private reveal(actor: Actor, app: ApplicationEntity, known?: Revealed): Revealed | null {
    if (!HANDLING_ROLES.some((r) => actor.roles.includes(r))) return null;
    return known ?? { idNumber: this.personalData.decrypt(app.applicantIdCipher), phone: this.personalData.decrypt(app.applicantPhoneCipher) };
  }

  /** The application if the actor's jurisdiction covers its town; 404 otherwise (never 403 for a record). */
  private async findVisible(actor: Actor, id: string): Promise<ApplicationEntity> {
    const app = await this.dataSource.getRepository(ApplicationEntity).findOneBy({ id });
    if (!app || !isWithinJurisdiction(actor.jurisdictionCode, app.townCode)) throw new DomainException('APPLICATION_NOT_FOUND', `办件 ${id} 不存在 Application ${id} not found`);
    return app;
  }

  private async lock(em: EntityManager, id: string): Promise<ApplicationEntity> {
    const app = await em.getRepository(ApplicationEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!app) throw new DomainException('APPLICATION_NOT_FOUND', `办件 ${id} 不存在 Application ${id} not found`);
    return app;
  }
}
