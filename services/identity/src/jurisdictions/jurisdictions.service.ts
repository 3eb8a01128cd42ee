import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  IDENTITY_EVENTS,
  JURISDICTION_LEVEL_LABELS,
  countyOf,
  impliedParentCode,
  levelOf,
  scopePrefix,
  type Actor,
  type CreateJurisdictionRequest,
  type JurisdictionCreatedEvent,
  type JurisdictionView,
  type ListJurisdictionsQuery,
  type Page,
} from '@yiti/contracts';
import { DomainException, UnitOfWork, readPage } from '@yiti/platform';
import { assertMayCreateJurisdiction, visibleTo } from '../access/access-rules';
import { JurisdictionEntity } from './jurisdiction.entity';

export function toJurisdictionView(entity: JurisdictionEntity): JurisdictionView {
  return { code: entity.code, name: entity.name, level: entity.level, levelLabel: JURISDICTION_LEVEL_LABELS[entity.level], parentCode: entity.parentCode };
}

@Injectable()
export class JurisdictionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async create(actor: Actor, request: CreateJurisdictionRequest): Promise<JurisdictionView> {
    assertMayCreateJurisdiction(actor, request.code);
    const level = levelOf(request.code);
    if (!level) throw new DomainException('VALIDATION_FAILED', `not a division code: ${request.code}`);
    const parentCode = impliedParentCode(request.code);
    return this.uow.run(async (tx) => {
      const repo = tx.em.getRepository(JurisdictionEntity);
      if (await repo.existsBy({ code: request.code })) throw new DomainException('JURISDICTION_EXISTS', `区划 ${request.code} 已存在 ${request.code} exists`);
      if (parentCode && !(await repo.existsBy({ code: parentCode }))) {
        throw new DomainException('JURISDICTION_PARENT_INVALID', `上级区划 ${parentCode} 不存在 Parent ${parentCode} does not exist`);
      }
      const entity = await repo.save(repo.create({ code: request.code, name: request.name, level, parentCode }));
      const view = toJurisdictionView(entity);
      tx.audit({ countyCode: countyOf(entity.code) ?? '', action: 'jurisdiction.create', resourceType: 'jurisdiction', resourceId: entity.code, jurisdictionCode: entity.code, after: view });
      tx.emit<JurisdictionCreatedEvent>(IDENTITY_EVENTS.jurisdictionCreated, { code: entity.code, name: entity.name, parentCode }, countyOf(entity.code));
      return view;
    });
  }

  async get(actor: Actor, code: string): Promise<JurisdictionView> {
    const entity = visibleTo(actor, code) ? await this.dataSource.getRepository(JurisdictionEntity).findOneBy({ code }) : null;
    if (!entity) throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${code} 不存在 ${code} not found`);
    return toJurisdictionView(entity);
  }

  /** Lists the actor's subtree (optionally one parent's children or one level). */
  async list(actor: Actor, query: ListJurisdictionsQuery): Promise<Page<JurisdictionView>> {
    const qb = this.dataSource
      .getRepository(JurisdictionEntity)
      .createQueryBuilder('j')
      .where('j.code LIKE :prefix', { prefix: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.parentCode) qb.andWhere('j.parent_code = :parentCode', { parentCode: query.parentCode });
    if (query.level) qb.andWhere('j.level = :level', { level: query.level });
    const { items: rows, ...counted } = await readPage(qb.orderBy('j.code'), query);
    return { items: rows.map(toJurisdictionView), ...counted };
  }
}
