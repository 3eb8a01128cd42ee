import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import {
  MANAGEMENT_MODE_LABELS,
  scopePrefix,
  type Actor,
  type CreateDispatchedAgencyRequest,
  type DispatchedAgencyView,
  type ListDispatchedAgenciesQuery,
  type Page,
  type UpdateDispatchedAgencyCommand,
} from '@yiti/contracts';
import { DomainException, UnitOfWork, isConstraintViolation, type Transaction, readPage } from '@yiti/platform';
import { visibleTo } from '../../access/access-rules';
import { OrganisationEntity } from '../../organisations/organisation.entity';
import { assertRole } from '../authority-access';
import { agencyWeightProblem } from './staffing-rules';
import { DispatchedAgencyEntity } from './staffing.entity';
import { STAFFING_MANAGERS, countyDepartment, writableTown } from './staffing.service';

function toView(a: DispatchedAgencyEntity, parentName: string): DispatchedAgencyView {
  return {
    id: a.id,
    countyCode: a.countyCode,
    name: a.name,
    townCode: a.townCode,
    parentDepartmentId: a.parentDepartmentId,
    parentDepartmentName: parentName,
    managementMode: a.managementMode,
    managementModeLabel: MANAGEMENT_MODE_LABELS[a.managementMode],
    townAssessmentWeight: a.townAssessmentWeight,
    updatedAt: a.updatedAt.toISOString(),
  };
}

function assertWeight(mode: DispatchedAgencyEntity['managementMode'], weight: number): void {
  const problem = agencyWeightProblem(mode, weight);
  if (problem) throw new DomainException('DISPATCHED_AGENCY_WEIGHT_TOO_LOW', problem, [{ field: 'townAssessmentWeight', messages: [problem] }]);
}

/** Agencies of county departments in towns (派驻机构), locally managed or dispatched. */
@Injectable()
export class DispatchedAgencyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async create(actor: Actor, request: CreateDispatchedAgencyRequest): Promise<DispatchedAgencyView> {
    assertRole(actor, STAFFING_MANAGERS, '登记派驻机构 register a dispatched agency');
    const town = await writableTown(this.dataSource.manager, actor, request.townCode);
    const parent = await countyDepartment(this.dataSource.manager, actor, request.parentDepartmentId, town.code, 'parentDepartmentId');
    assertWeight(request.managementMode, request.townAssessmentWeight);
    try {
      return await this.uow.run(async (tx) => {
        const now = new Date();
        const agency = tx.em.create(DispatchedAgencyEntity, {
          id: randomUUID(),
          countyCode: town.code.slice(0, 6),
          name: request.name,
          townCode: town.code,
          parentDepartmentId: parent.id,
          managementMode: request.managementMode,
          townAssessmentWeight: request.townAssessmentWeight,
          createdAt: now,
          updatedAt: now,
        });
        await tx.em.insert(DispatchedAgencyEntity, agency);
        const view = toView(agency, parent.name);
        tx.audit({ countyCode: agency.countyCode, action: 'staffing.agency.create', resourceType: 'dispatched_agency', resourceId: agency.id, jurisdictionCode: agency.townCode, after: view });
        return view;
      });
    } catch (error) {
      if (isConstraintViolation(error, '23505', 'dispatched_agency_name_unique')) throw new DomainException('DISPATCHED_AGENCY_EXISTS', `${request.townCode} 已有 ${request.name} The town already has ${request.name}`);
      throw error;
    }
  }

  /** Changes the management mode or the town's assessment weight; the 50 % rule applies again. */
  async update(actor: Actor, command: UpdateDispatchedAgencyCommand): Promise<DispatchedAgencyView> {
    assertRole(actor, STAFFING_MANAGERS, '调整派驻机构 change a dispatched agency');
    return this.uow.run(async (tx) => {
      const agency = await this.lockVisible(tx, actor, command.id);
      assertWeight(command.managementMode, command.townAssessmentWeight);
      const parentName = (await tx.em.getRepository(OrganisationEntity).findOneByOrFail({ id: agency.parentDepartmentId })).name;
      const before = toView(agency, parentName);
      agency.managementMode = command.managementMode;
      agency.townAssessmentWeight = command.townAssessmentWeight;
      agency.updatedAt = new Date();
      await tx.em.update(DispatchedAgencyEntity, { id: agency.id }, { managementMode: agency.managementMode, townAssessmentWeight: agency.townAssessmentWeight, updatedAt: agency.updatedAt });
      const after = toView(agency, parentName);
      tx.audit({ countyCode: agency.countyCode, action: 'staffing.agency.update', resourceType: 'dispatched_agency', resourceId: agency.id, jurisdictionCode: agency.townCode, before, after: { ...after, reason: command.reason } });
      return after;
    });
  }

  async get(actor: Actor, id: string): Promise<DispatchedAgencyView> {
    const agency = await this.dataSource.getRepository(DispatchedAgencyEntity).findOneBy({ id });
    if (!agency || !visibleTo(actor, agency.townCode)) throw new DomainException('DISPATCHED_AGENCY_NOT_FOUND', `派驻机构 ${id} 不存在 Agency ${id} not found`);
    const names = await this.organisationNames([agency.parentDepartmentId]);
    return toView(agency, names.get(agency.parentDepartmentId) ?? '');
  }

  async list(actor: Actor, query: ListDispatchedAgenciesQuery): Promise<Page<DispatchedAgencyView>> {
    const qb = this.dataSource.getRepository(DispatchedAgencyEntity).createQueryBuilder('a').where('a.town_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.townCode) qb.andWhere('a.town_code = :town', { town: query.townCode });
    if (query.managementMode) qb.andWhere('a.management_mode = :mode', { mode: query.managementMode });
    const { items: rows, ...counted } = await readPage(qb.orderBy('a.town_code').addOrderBy('a.name'), query);
    const names = await this.organisationNames(rows.map((r) => r.parentDepartmentId));
    return { items: rows.map((r) => toView(r, names.get(r.parentDepartmentId) ?? '')), ...counted };
  }

  private async lockVisible(tx: Transaction, actor: Actor, id: string): Promise<DispatchedAgencyEntity> {
    const agency = await tx.em.getRepository(DispatchedAgencyEntity).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
    if (!agency || !visibleTo(actor, agency.townCode)) throw new DomainException('DISPATCHED_AGENCY_NOT_FOUND', `派驻机构 ${id} 不存在 Agency ${id} not found`);
    return agency;
  }

  private async organisationNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const organisations = await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In([...new Set(ids)]) });
    return new Map(organisations.map((o) => [o.id, o.name]));
  }
}
