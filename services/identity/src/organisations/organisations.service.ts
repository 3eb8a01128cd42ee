import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  IDENTITY_EVENTS,
  ORGANISATION_KINDS,
  scopePrefix,
  type Actor,
  type CreateOrganisationRequest,
  type ListOrganisationsQuery,
  type OrganisationCreatedEvent,
  type OrganisationView,
  type Page,
} from '@yiti/contracts';
import { DomainException, UnitOfWork, entityRows, isConstraintViolation, readPage } from '@yiti/platform';
import { assertIdentityAdmin, assertWithin, countyKey, visibleTo } from '../access/access-rules';
import { OrganisationEntity } from './organisation.entity';

export function toOrganisationView(entity: OrganisationEntity): OrganisationView {
  return {
    id: entity.id,
    code: entity.code,
    name: entity.name,
    kind: entity.kind,
    kindLabel: ORGANISATION_KINDS[entity.kind],
    jurisdictionCode: entity.jurisdictionCode,
    countyCode: entity.countyCode,
    parentId: entity.parentId,
    createdAt: entity.createdAt.toISOString(),
  };
}


@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async create(actor: Actor, request: CreateOrganisationRequest): Promise<OrganisationView> {
    assertIdentityAdmin(actor);
    assertWithin(actor, request.jurisdictionCode);
    const countyCode = countyKey(request.jurisdictionCode);
    if (request.parentId) {
      const parent = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: request.parentId });
      if (!parent || !visibleTo(actor, parent.jurisdictionCode)) throw new DomainException('ORGANISATION_NOT_FOUND', `上级机构不存在 Parent organisation ${request.parentId} not found`);
    }
    try {
      return await this.uow.writeOnce(async (tx) => {
        const entity: OrganisationEntity = {
          id: randomUUID(),
          code: request.code,
          name: request.name,
          kind: request.kind,
          jurisdictionCode: request.jurisdictionCode,
          countyCode,
          parentId: request.parentId ?? null,
          createdAt: new Date(),
        };
        // Nothing to read back: the row goes in one statement with the outbox and audit rows, in
        // autocommit (no BEGIN/COMMIT round trips); its constraint errors are the same.
        tx.stage(entityRows(this.dataSource, OrganisationEntity, [entity]));
        const view = toOrganisationView(entity);
        tx.audit({ countyCode, action: 'organisation.create', resourceType: 'organisation', resourceId: entity.id, jurisdictionCode: entity.jurisdictionCode, after: view });
        tx.emit<OrganisationCreatedEvent>(
          IDENTITY_EVENTS.organisationCreated,
          { id: entity.id, code: entity.code, name: entity.name, kind: entity.kind, jurisdictionCode: entity.jurisdictionCode },
          countyCode,
        );
        return view;
      });
    } catch (error) {
      if (isConstraintViolation(error, '23505', 'organisation_code_unique')) {
        throw new DomainException('ORGANISATION_CODE_TAKEN', `机构代码 ${request.code} 已在本县使用 Code ${request.code} is taken in county ${countyCode}`);
      }
      if (isConstraintViolation(error, '23503', 'organisation_jurisdiction_code_fkey')) {
        throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${request.jurisdictionCode} 不存在 ${request.jurisdictionCode} not found`);
      }
      throw error;
    }
  }

  async get(actor: Actor, id: string): Promise<OrganisationView> {
    const entity = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id });
    if (!entity || !visibleTo(actor, entity.jurisdictionCode)) throw new DomainException('ORGANISATION_NOT_FOUND', `机构 ${id} 不存在 Organisation ${id} not found`);
    return toOrganisationView(entity);
  }

  async list(actor: Actor, query: ListOrganisationsQuery): Promise<Page<OrganisationView>> {
    const qb = this.dataSource
      .getRepository(OrganisationEntity)
      .createQueryBuilder('o')
      .where('o.jurisdiction_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.jurisdictionCode) qb.andWhere('o.jurisdiction_code LIKE :sub', { sub: `${scopePrefix(query.jurisdictionCode)}%` });
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.q) qb.andWhere('o.name ILIKE :q', { q: `%${query.q.replace(/[%_\\]/g, '\\$&')}%` });
    const { items: rows, ...counted } = await readPage(qb.orderBy('o.jurisdiction_code').addOrderBy('o.code'), query);
    return { items: rows.map(toOrganisationView), ...counted };
  }
}
