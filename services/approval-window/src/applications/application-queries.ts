import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  APPLICATION_ACTION_LABELS,
  MAX_PAGE_SIZE,
  pageWindow,
  scopePrefix,
  type Actor,
  type ApplicationAction,
  type ApplicationHistoryEntryView,
  type ApplicationState,
  type ApplicationStatisticsQuery,
  type ApplicationStatisticsView,
  type ApplicationView,
  type DeadlineClock,
  type DeadlineEntryView,
  type DeadlinesQuery,
  type DeadlinesView,
  type ListApplicationsQuery,
  type NoticeKind,
  type NoticeView,
  type Page,
  type PrintedNoticeView,
  type Role,
  type UnroutedApplicationsQuery,
} from '@yiti/contracts';
import { DomainException, assertRole, concerns, hasAnyRole, jurisdictionPattern, visibleOr404, visibleTo, todayInShanghai, UnitOfWork, type IsoDate, preparedQuery, readPage, withinCodePrefix } from '@yiti/platform';
import { CalendarSource } from '@yiti/authority-client';
import { PersonalDataProtector } from '@yiti/platform';
import { clockDue, isDueSoon, isOverdue, pageOfGroups, workingDaysLeft, type ClockGroup, type ShownGroups } from './application-clock';
import { ApplicationEntity, NoticeEntity } from './application.entity';
import { toApplicationView, toNoticeView, type Revealed } from './application-view';
import { EnforcementNotices } from '../enforcement-notices/enforcement-notices';
import { renderNotice } from './notice-print';


/** Roles that see an applicant's full identifiers when they open one application. */
const HANDLING_ROLES: Role[] = ['window_clerk', 'approver', 'leader'];
/** Roles that read applications, lists and figures (personal data stays masked for all but the handling roles). */
const READING_ROLES: Role[] = [...HANDLING_ROLES, 'county_admin', 'province_admin', 'county_leader', 'department_staff'];

const assertReader = (actor: Actor) => assertRole(actor, READING_ROLES, '查阅办件 Reading applications');

/** The date column each running clock's due date follows from. */
const CLOCK_COLUMNS: Record<DeadlineClock, string> = {
  decision: 'decision_due_on',
  certificate: 'certificate_due_on',
  correction_notice: 'received_on',
  acceptance: `(updated_at AT TIME ZONE 'Asia/Shanghai')::date`,
};

/**
 * The running clocks of the town ($1) as (clock, clock_on) rows, with `id, application_no, status`
 * when `withRows`; `on(column, clock)` is each branch's condition on its date column. One branch per
 * clock, each an index-only read of a clocks index (an OR of them became a bitmap scan that visited
 * every open application's heap page).
 */
function runningClockBranches(on: (column: string, clock: DeadlineClock) => string, withRows: boolean): string {
  const rows = withRows ? ', id, application_no, status' : '';
  const branch = (clock: DeadlineClock, where: string) =>
    `SELECT '${clock}' AS clock, ${CLOCK_COLUMNS[clock]} AS clock_on${rows} FROM approval_window.application WHERE town_code = $1 AND ${where} AND ${on(CLOCK_COLUMNS[clock], clock)}`;
  return [
    branch('decision', `status = 'accepted'`),
    branch('certificate', `status = 'approved'`),
    branch('correction_notice', `status = 'received' AND correction_notice_on IS NULL`),
    branch('acceptance', `status = 'received' AND correction_notice_on IS NOT NULL`),
  ].join('\n UNION ALL ');
}

/**
 * Clocks that can be due by `$2`: a decision or certificate date up to it; a receipt or resubmission
 * at least 5 days before it (5 working days after a date are at least 5 calendar days after it).
 */
const dueBy = (column: string, clock: DeadlineClock) => (clock === 'decision' || clock === 'certificate' ? `${column} <= $2::date` : `${column} <= $2::date - 5`);
/** Clocks of the given dates, $2..$5 for decision, certificate, correction notice and acceptance. */
const CLOCK_DATES_PARAM: Record<DeadlineClock, number> = { decision: 2, certificate: 3, correction_notice: 4, acceptance: 5 };
const onDates = (column: string, clock: DeadlineClock) => `${column} = ANY($${CLOCK_DATES_PARAM[clock]}::date[])`;

/** The two lists of a deadlines answer. */
type DeadlineList = 'overdue' | 'dueSoon';
/** One entry a deadlines page shows, as read. */
interface DeadlinePageRow {
  list: DeadlineList;
  id: string;
  applicationNo: string;
  itemName: string | null;
  status: ApplicationState;
  clock: DeadlineClock;
  dueOn: IsoDate;
}

/**
 * Settings of the deadlines reads' transaction. Their two statements are named, and planned once per
 * connection (a generic plan: the same index reads for any dates), where planning their four
 * branches cost more than running them and PostgreSQL kept re-planning the entries' statement. And
 * never in parallel: as the decision clocks' index grew, the planner chose parallel workers for the
 * count (a partial aggregate), costlier to start than the whole count.
 */
const DEADLINES_SETTINGS = `SELECT set_config('plan_cache_mode', 'force_generic_plan', true), set_config('max_parallel_workers_per_gather', '0', true)`;

/**
 * The entries each deadlines page shows, in one statement: the rows of the groups a page touches
 * (each group's due date given with it), sorted by due date then application number and cut to
 * the page by PostgreSQL, with the item names of those entries only. Application numbers are
 * upper-case letters, digits and hyphens, where byte order is the order people read.
 */
async function deadlinePages(em: EntityManager, townCode: string, pages: Record<DeadlineList, ShownGroups>, pageSize: number): Promise<DeadlinePageRow[]> {
  const touched = (Object.keys(pages) as DeadlineList[]).flatMap((list) => pages[list].groups.map((g) => ({ list, ...g })));
  if (touched.length === 0) return [];
  const datesOf = (clock: DeadlineClock) => touched.filter((g) => g.clock === clock).map((g) => g.clockOn);
  const page = (list: DeadlineList, skip: string) =>
    `(SELECT * FROM touched WHERE list = '${list}' ORDER BY "dueOn", application_no COLLATE "C" LIMIT $10 OFFSET ${skip})`;
  return preparedQuery(
    em,
    `WITH touched AS (
       SELECT g.list, c.id, c.application_no, c.status, c.clock, g.due_on::text AS "dueOn"
         FROM (${runningClockBranches(onDates, true)}) AS c
         JOIN unnest($6::text[], $7::text[], $8::date[], $9::date[]) AS g(list, clock, clock_on, due_on) ON g.clock = c.clock AND g.clock_on = c.clock_on)
     SELECT p.list, p.id, p.application_no AS "applicationNo", p.status, p.clock, p."dueOn",
            (SELECT a.item->>'name' FROM approval_window.application a WHERE a.id = p.id) AS "itemName"
       FROM (${page('overdue', '$11')} UNION ALL ${page('dueSoon', '$12')}) AS p
      ORDER BY p.list DESC, p."dueOn", p.application_no COLLATE "C"`,
    [
      townCode,
      datesOf('decision'),
      datesOf('certificate'),
      datesOf('correction_notice'),
      datesOf('acceptance'),
      touched.map((g) => g.list),
      touched.map((g) => g.clock),
      touched.map((g) => g.clockOn),
      touched.map((g) => g.dueOn),
      pageSize,
      pages.overdue.skip,
      pages.dueSoon.skip,
    ],
  );
}

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

/**
 * What the approval window answers without changing an application: one application, its notices,
 * history, lists, running clocks and figures. Reads are scoped to the caller's jurisdiction and
 * personal data is masked for all but the handling roles. The SQL of the reads lives here.
 */
@Injectable()
export class ApplicationQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly calendars: CalendarSource,
    private readonly personalData: PersonalDataProtector,
    private readonly enforcementNotices: EnforcementNotices,
  ) {}

  async get(actor: Actor, id: string): Promise<ApplicationView> {
    assertReader(actor);
    const app = await this.findVisible(actor, id);
    const view = toApplicationView(app, this.calendars.current(), todayInShanghai(), this.reveal(actor, app));
    return { ...view, enforcementNotices: await this.enforcementNotices.forHolder([app.applicantIdHash]) };
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
    const qb = this.dataSource.getRepository(ApplicationEntity).createQueryBuilder('a').where('a.town_code LIKE :scope', { scope: jurisdictionPattern(actor) });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.townCode) qb.andWhere('a.town_code = :town', { town: query.townCode });
    if (query.itemId) qb.andWhere('a.item_id = :item', { item: query.itemId });
    if (query.applicantIdNumber) qb.andWhere('a.applicant_id_hash IN (:...hashes)', { hashes: this.personalData.searchHashes(query.applicantIdNumber) });
    if (query.applicantName) qb.andWhere(`a.applicant_name LIKE :name ESCAPE '\\'`, { name: `%${query.applicantName.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (query.receivedFrom) qb.andWhere('a.received_on >= :from', { from: query.receivedFrom });
    if (query.receivedTo) qb.andWhere('a.received_on <= :to', { to: query.receivedTo });
    if (query.mine === true || query.mine === 'true') qb.andWhere('a.handling_organisation_id = :org', { org: actor.organisationId });
    const { items: rows, ...counted } = await readPage(qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id'), query);
    const calendar = this.calendars.current();
    const today = todayInShanghai();
    return { items: rows.map((r) => toApplicationView(r, calendar, today, null)), ...counted };
  }

  /**
   * 待指定承办机构: applications under review (accepted or suspended) that the duty lists routed to no
   * handling organisation, oldest first, for the town leader to assign one. Identifiers masked.
   */
  async unrouted(actor: Actor, query: UnroutedApplicationsQuery): Promise<Page<ApplicationView>> {
    assertReader(actor);
    const qb = this.dataSource
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .where('a.town_code LIKE :scope', { scope: jurisdictionPattern(actor) })
      .andWhere(`a.handling_organisation_id IS NULL AND a.status IN ('accepted', 'suspended')`);
    if (query.townCode) qb.andWhere('a.town_code = :town', { town: query.townCode });
    const { items: rows, ...counted } = await readPage(qb.orderBy('a.created_at').addOrderBy('a.id'), query);
    const calendar = this.calendars.current();
    const today = todayInShanghai();
    return { items: rows.map((r) => toApplicationView(r, calendar, today, null)), ...counted };
  }

  /**
   * 临期/超期: the running clocks of a town's open applications, earliest due first, a page of each
   * list (100 unless asked for fewer) with the count of each. A clock's due date follows from its
   * kind and one date column alone (the decision and certificate dates as stored, 5 working days
   * after receipt or after the resubmission), so the clocks due by the horizon are read as (kind,
   * date) from the clocks' indexes alone and counted per kind and date in SQL (a few dozen groups,
   * each due date computed once here); then the rows of the due dates a page shows are sorted and
   * cut to the page by PostgreSQL, which names the entries shown: what the service receives is O(page).
   */
  async deadlines(actor: Actor, query: DeadlinesQuery): Promise<DeadlinesView> {
    assertReader(actor);
    if (!visibleTo(actor, query.townCode)) throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${query.townCode} 不存在 ${query.townCode} not found`);
    const { page, pageSize, offset } = pageWindow({ page: query.page, pageSize: query.pageSize ?? MAX_PAGE_SIZE });
    const within = query.withinWorkingDays ?? 3;
    const calendar = this.calendars.current();
    const today = todayInShanghai();
    // Only clocks that can be due by then are counted: a clock's due date is at or after the date
    // its column holds, and 5 working days after a date are at least 5 calendar days after it.
    const bound = calendar.addWorkingDays(today, within + 1);
    const { overdue, dueSoon, entries } = await this.dataSource.transaction(async (em) => {
      await em.query(DEADLINES_SETTINGS);
      const groups: ClockGroup[] = await preparedQuery(em, `SELECT clock, clock_on::text AS "clockOn", count(*)::int AS n FROM (${runningClockBranches(dueBy, false)}) AS c GROUP BY clock, clock_on`, [query.townCode, bound]);
      const dated = groups.map((g) => ({ ...g, dueOn: clockDue(g.clock, g.clockOn, calendar) }));
      const overdue = dated.filter((g) => isOverdue(g.dueOn, today));
      const dueSoon = dated.filter((g) => isDueSoon(calendar, g.dueOn, today, within));
      const pages = { overdue: pageOfGroups(overdue, offset, pageSize), dueSoon: pageOfGroups(dueSoon, offset, pageSize) };
      return { overdue, dueSoon, entries: await deadlinePages(em, query.townCode, pages, pageSize) };
    });
    const shown = (list: DeadlineList): DeadlineEntryView[] =>
      entries
        .filter((e) => e.list === list)
        .map((e) => ({ applicationId: e.id, applicationNo: e.applicationNo, itemName: e.itemName ?? '', status: e.status, clock: e.clock, dueOn: e.dueOn, workingDaysLeft: workingDaysLeft(calendar, e.dueOn, today) }));
    const total = (list: ClockGroup[]) => list.reduce((sum, g) => sum + g.n, 0);
    return {
      townCode: query.townCode,
      asOf: today,
      overdue: shown('overdue'),
      dueSoon: shown('dueSoon'),
      overdueTotal: total(overdue),
      dueSoonTotal: total(dueSoon),
      page,
      pageSize,
    };
  }

  async statistics(actor: Actor, query: ApplicationStatisticsQuery): Promise<ApplicationStatisticsView> {
    assertReader(actor);
    if (!concerns(actor, query.jurisdictionCode)) {
      throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${query.jurisdictionCode} 不存在 ${query.jurisdictionCode} not found`);
    }
    if (query.to < query.from) throw new DomainException('VALIDATION_FAILED', 'to must not be before from', [{ field: 'to', messages: ['must not be before from'] }]);
    // A town user asking for the county sees only the towns within their own jurisdiction.
    const scope = scopePrefix(visibleTo(actor, query.jurisdictionCode) ? query.jurisdictionCode : actor.jurisdictionCode);
    // A town's figures are read from the statistics index alone, a county's by its received-on index, a
    // city's or the province's by the statistics index over the range of their towns' codes.
    const [scopeSql, scopeParam] = scope.length === 9 ? ['town_code = $1', scope] : scope.length === 6 ? ['county_code = $1', scope] : [withinCodePrefix('town_code', scope, '$1'), scope];
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
        WHERE ${scopeSql} AND received_on BETWEEN $2::date AND $3::date
        GROUP BY town_code ORDER BY town_code`,
      [scopeParam, query.from, query.to, todayInShanghai()],
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

  /** The full identifiers for the handling roles (decrypted unless the caller has them at hand), else null. */
  reveal(actor: Actor, app: ApplicationEntity, known?: Revealed): Revealed | null {
    if (!hasAnyRole(actor, HANDLING_ROLES)) return null;
    return known ?? { idNumber: this.personalData.decrypt(app.applicantIdCipher), phone: this.personalData.decrypt(app.applicantPhoneCipher) };
  }

  /** The application if the actor's jurisdiction covers its town; 404 otherwise (never 403 for a record). */
  async findVisible(actor: Actor, id: string): Promise<ApplicationEntity> {
    const app = await this.dataSource.getRepository(ApplicationEntity).findOneBy({ id });
    return visibleOr404(actor, app, (a) => a.townCode, { code: 'APPLICATION_NOT_FOUND', detail: `办件 ${id} 不存在 Application ${id} not found` });
  }
}
