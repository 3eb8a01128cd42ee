import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  levelOf,
  scopePrefix,
  type Actor,
  type CreateSentDownStaffRequest,
  type EndSentDownStaffCommand,
  type ListSentDownStaffQuery,
  type ListTownQuotasQuery,
  type Page,
  type Role,
  type SentDownStaffView,
  type SetTownQuotaCommand,
  type StaffingStatisticsQuery,
  type StaffingStatisticsView,
  type TownQuotaChangeView,
  type TownQuotaHistoryQuery,
  type TownQuotaView,
} from '@yiti/contracts';
import { dateOrToday, DomainException, type IsoDate, todayInShanghai, type Transaction, UnitOfWork, readPage } from '@yiti/platform';
import { assertWithin, visibleTo } from '../../access/access-rules';
import { JurisdictionEntity } from '../../jurisdictions/jurisdiction.entity';
import { OrganisationEntity } from '../../organisations/organisation.entity';
import { assertRole } from '../authority-access';
import { endPostingProblem, postedOn, postingProblem, staffingTotals } from './staffing-rules';
import { SentDownStaffEntity, TownQuotaChangeEntity, TownQuotaEntity } from './staffing.entity';

export const STAFFING_MANAGERS: Role[] = ['county_admin', 'staffing_officer'];


/** A town the actor may change (403 outside the subtree) that exists (404 otherwise). */
export async function writableTown(em: EntityManager, actor: Actor, townCode: string): Promise<JurisdictionEntity> {
  assertWithin(actor, townCode);
  const town = await em.getRepository(JurisdictionEntity).findOneBy({ code: townCode });
  if (!town || town.level !== 'town') throw new DomainException('JURISDICTION_NOT_FOUND', `乡镇 ${townCode} 不存在 Town ${townCode} not found`);
  return town;
}

/** A county department of the town's county, as the sender of staff or the parent of an agency. */
export async function countyDepartment(em: EntityManager, actor: Actor, id: string, townCode: string, field: string): Promise<OrganisationEntity> {
  const organisation = await em.getRepository(OrganisationEntity).findOneBy({ id });
  if (!organisation || !visibleTo(actor, organisation.jurisdictionCode)) throw new DomainException('ORGANISATION_NOT_FOUND', `机构 ${id} 不存在 Organisation ${id} not found`);
  if (organisation.kind !== 'county_department' || organisation.jurisdictionCode !== townCode.slice(0, 6)) {
    throw new DomainException('STAFFING_DEPARTMENT_INVALID', `${organisation.name} 不是 ${townCode.slice(0, 6)} 的县级部门 is not a county department of ${townCode.slice(0, 6)}`, [
      { field, messages: ['must be a county_department organisation of the town\'s county'] },
    ]);
  }
  return organisation;
}

function toQuotaView(q: TownQuotaEntity, townName: string): TownQuotaView {
  return { townCode: q.townCode, townName, countyCode: q.countyCode, administrative: q.administrative, institutional: q.institutional, updatedAt: q.updatedAt.toISOString() };
}

function toStaffView(s: SentDownStaffEntity, departmentName: string, today: IsoDate): SentDownStaffView {
  return {
    id: s.id,
    countyCode: s.countyCode,
    personName: s.personName,
    fromDepartmentId: s.fromDepartmentId,
    fromDepartmentName: departmentName,
    townCode: s.townCode,
    post: s.post,
    since: s.since,
    until: s.until,
    endReason: s.endReason,
    activeToday: postedOn(s, today),
  };
}

@Injectable()
export class StaffingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /** Sets a town's administrative and institutional quotas, keeping the change in history. */
  async setQuota(actor: Actor, command: SetTownQuotaCommand): Promise<TownQuotaView> {
    assertRole(actor, STAFFING_MANAGERS, '核定乡镇编制 set a town\'s staffing quotas');
    const town = await writableTown(this.dataSource.manager, actor, command.townCode);
    return this.uow.run(async (tx) => {
      const current = await tx.em.getRepository(TownQuotaEntity).createQueryBuilder('q').setLock('pessimistic_write').where('q.town_code = :town', { town: town.code }).getOne();
      const before = current ? toQuotaView(current, town.name) : null;
      const quota = tx.em.create(TownQuotaEntity, { townCode: town.code, countyCode: town.code.slice(0, 6), administrative: command.administrative, institutional: command.institutional, updatedAt: new Date() });
      await tx.em.upsert(TownQuotaEntity, quota, ['townCode']);
      await tx.em.insert(TownQuotaChangeEntity, {
        townCode: town.code,
        administrativeBefore: current?.administrative ?? null,
        institutionalBefore: current?.institutional ?? null,
        administrative: command.administrative,
        institutional: command.institutional,
        decisionNo: command.decisionNo ?? null,
        reason: command.reason,
        actorId: actor.userId,
        at: quota.updatedAt,
      });
      const after = toQuotaView(quota, town.name);
      tx.audit({ countyCode: quota.countyCode, action: 'staffing.quota.set', resourceType: 'town_quota', resourceId: town.code, jurisdictionCode: town.code, before, after: { ...after, decisionNo: command.decisionNo ?? null, reason: command.reason } });
      return after;
    });
  }

  async listQuotas(actor: Actor, query: ListTownQuotasQuery): Promise<Page<TownQuotaView>> {
    const qb = this.dataSource.getRepository(TownQuotaEntity).createQueryBuilder('q').where('q.town_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.countyCode) qb.andWhere('q.county_code = :county', { county: query.countyCode });
    const { items: rows, ...counted } = await readPage(qb.orderBy('q.town_code'), query);
    const names = await this.townNames(rows.map((r) => r.townCode));
    return { items: rows.map((r) => toQuotaView(r, names.get(r.townCode) ?? '')), ...counted };
  }

  async quotaHistory(actor: Actor, query: TownQuotaHistoryQuery): Promise<Page<TownQuotaChangeView>> {
    if (!visibleTo(actor, query.townCode)) throw new DomainException('JURISDICTION_NOT_FOUND', `乡镇 ${query.townCode} 不存在 Town not found`);
    const changes = this.dataSource.getRepository(TownQuotaChangeEntity).createQueryBuilder('c').where('c.town_code = :town', { town: query.townCode }).orderBy('c.id', 'DESC');
    const { items: rows, ...counted } = await readPage(changes, query);
    return {
      items: rows.map((c) => ({
        townCode: c.townCode,
        administrativeBefore: c.administrativeBefore,
        institutionalBefore: c.institutionalBefore,
        administrative: c.administrative,
        institutional: c.institutional,
        decisionNo: c.decisionNo,
        reason: c.reason,
        actorId: c.actorId,
        at: c.at.toISOString(),
      })),
      ...counted,
    };
  }

  async createSentDownStaff(actor: Actor, request: CreateSentDownStaffRequest): Promise<SentDownStaffView> {
    assertRole(actor, STAFFING_MANAGERS, '登记下沉人员 register sent-down staff');
    const town = await writableTown(this.dataSource.manager, actor, request.townCode);
    const department = await countyDepartment(this.dataSource.manager, actor, request.fromDepartmentId, town.code, 'fromDepartmentId');
    const problem = postingProblem({ since: request.since, until: request.until ?? null });
    if (problem) throw new DomainException('STAFFING_DATE_INVALID', problem, [{ field: 'until', messages: [problem] }]);
    return this.uow.run(async (tx) => {
      const staff = tx.em.create(SentDownStaffEntity, {
        id: randomUUID(),
        countyCode: town.code.slice(0, 6),
        personName: request.personName,
        post: request.post ?? null,
        fromDepartmentId: department.id,
        townCode: town.code,
        since: request.since,
        until: request.until ?? null,
        endReason: null,
        createdAt: new Date(),
      });
      await tx.em.insert(SentDownStaffEntity, staff);
      const view = toStaffView(staff, department.name, todayInShanghai());
      tx.audit({ countyCode: staff.countyCode, action: 'staffing.sent-down.create', resourceType: 'sent_down_staff', resourceId: staff.id, jurisdictionCode: staff.townCode, after: view });
      return view;
    });
  }

  async endSentDownStaff(actor: Actor, command: EndSentDownStaffCommand): Promise<SentDownStaffView> {
    assertRole(actor, STAFFING_MANAGERS, '结束下沉 end a posting');
    const today = todayInShanghai();
    return this.uow.run(async (tx) => {
      const staff = await this.lockVisibleStaff(tx, actor, command.id);
      const problem = endPostingProblem(staff, command.until, today);
      if (problem === 'ended') throw new DomainException('SENT_DOWN_STAFF_ENDED', `下沉已于 ${staff.until} 结束 The posting ended on ${staff.until}`);
      if (problem) throw new DomainException('STAFFING_DATE_INVALID', problem, [{ field: 'until', messages: [problem] }]);
      const departmentName = (await tx.em.getRepository(OrganisationEntity).findOneByOrFail({ id: staff.fromDepartmentId })).name;
      const before = toStaffView(staff, departmentName, today);
      staff.until = command.until;
      staff.endReason = command.reason;
      await tx.em.update(SentDownStaffEntity, { id: staff.id }, { until: command.until, endReason: command.reason });
      const after = toStaffView(staff, departmentName, today);
      tx.audit({ countyCode: staff.countyCode, action: 'staffing.sent-down.end', resourceType: 'sent_down_staff', resourceId: staff.id, jurisdictionCode: staff.townCode, before, after });
      return after;
    });
  }

  async getSentDownStaff(actor: Actor, id: string): Promise<SentDownStaffView> {
    const staff = await this.dataSource.getRepository(SentDownStaffEntity).findOneBy({ id });
    if (!staff || !visibleTo(actor, staff.townCode)) throw new DomainException('SENT_DOWN_STAFF_NOT_FOUND', `下沉人员记录 ${id} 不存在 Record ${id} not found`);
    const names = await this.organisationNames([staff.fromDepartmentId]);
    return toStaffView(staff, names.get(staff.fromDepartmentId) ?? '', todayInShanghai());
  }

  async listSentDownStaff(actor: Actor, query: ListSentDownStaffQuery): Promise<Page<SentDownStaffView>> {
    const qb = this.dataSource.getRepository(SentDownStaffEntity).createQueryBuilder('s').where('s.town_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.townCode) qb.andWhere('s.town_code = :town', { town: query.townCode });
    if (query.fromDepartmentId) qb.andWhere('s.from_department_id = :dept', { dept: query.fromDepartmentId });
    if (query.activeOn) qb.andWhere('s.since <= :on AND (s.until IS NULL OR s.until >= :on)', { on: dateOrToday(query.activeOn) });
    const { items: rows, ...counted } = await readPage(qb.orderBy('s.town_code').addOrderBy('s.since', 'DESC').addOrderBy('s.id'), query);
    const names = await this.organisationNames(rows.map((r) => r.fromDepartmentId));
    const today = todayInShanghai();
    return { items: rows.map((r) => toStaffView(r, names.get(r.fromDepartmentId) ?? '', today)), ...counted };
  }

  /** Quotas (current) and sent-down staff (on the date) per town of a county, with totals and averages. */
  async statistics(actor: Actor, query: StaffingStatisticsQuery): Promise<StaffingStatisticsView> {
    if (levelOf(query.countyCode) !== 'county') throw new DomainException('VALIDATION_FAILED', `${query.countyCode} 不是县级代码 not a county code`, [{ field: 'countyCode', messages: ['not a county code'] }]);
    if (!visibleTo(actor, query.countyCode)) throw new DomainException('JURISDICTION_NOT_FOUND');
    const date = dateOrToday(query.date);
    const rows: { code: string; name: string; administrative: number; institutional: number; sent_down: number; agencies: number }[] = await this.dataSource.query(
      `SELECT j.code, j.name,
              coalesce(q.administrative, 0)::int AS administrative,
              coalesce(q.institutional, 0)::int AS institutional,
              (SELECT count(*) FROM identity.sent_down_staff s
                WHERE s.town_code = j.code AND s.since <= $2::date AND (s.until IS NULL OR s.until >= $2::date))::int AS sent_down,
              (SELECT count(*) FROM identity.dispatched_agency a WHERE a.town_code = j.code)::int AS agencies
       FROM identity.jurisdiction j
       LEFT JOIN identity.town_quota q ON q.town_code = j.code
       WHERE j.level = 'town' AND j.parent_code = $1
       ORDER BY j.code`,
      [query.countyCode, date],
    );
    const perTown = rows.map((r) => ({ townCode: r.code, townName: r.name, administrative: r.administrative, institutional: r.institutional, sentDown: r.sent_down, agencies: r.agencies }));
    return { countyCode: query.countyCode, date, ...staffingTotals(perTown), perTown };
  }

  private async lockVisibleStaff(tx: Transaction, actor: Actor, id: string): Promise<SentDownStaffEntity> {
    const staff = await tx.em.getRepository(SentDownStaffEntity).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
    if (!staff || !visibleTo(actor, staff.townCode)) throw new DomainException('SENT_DOWN_STAFF_NOT_FOUND', `下沉人员记录 ${id} 不存在 Record ${id} not found`);
    return staff;
  }

  private async townNames(codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const towns = await this.dataSource.getRepository(JurisdictionEntity).findBy({ code: In([...new Set(codes)]) });
    return new Map(towns.map((t) => [t.code, t.name]));
  }

  private async organisationNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const organisations = await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In([...new Set(ids)]) });
    return new Map(organisations.map((o) => [o.id, o.name]));
  }
}
