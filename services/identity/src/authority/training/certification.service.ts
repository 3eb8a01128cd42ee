import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import {
  AUTHORITY_EVENTS,
  scopePrefix,
  type Actor,
  type CertificationIssuedEvent,
  type CertificationRevokedEvent,
  type CertificationView,
  type IssueCertificationRequest,
  type ListCertificationsQuery,
  type MayExerciseQuery,
  type MayExerciseView,
  type Page,
  type RevokeCertificationCommand,
} from '@yiti/contracts';
import { dateOrToday, DomainException, isConstraintViolation, type IsoDate, todayInShanghai, type Transaction, UnitOfWork, readPage } from '@yiti/platform';
import { visibleTo } from '../../access/access-rules';
import { UserEntity } from '../../users/user.entity';
import { assertRole } from '../authority-access';
import { CatalogItemEntity, CountyCatalogEntity } from '../catalog/catalog.entity';
import { DelegationEntity } from '../delegation/delegation.entity';
import { certificationStatusOn, issueProblem, mayExercise, refusalView, revocationProblem, townOf } from './training-rules';
import { CertificationEntity } from './training.entity';
import { assertCatalogCategories } from './training.service';

const CERTIFIERS = ['county_admin'] as const;

function toView(c: CertificationEntity, holder: Pick<UserEntity, 'username' | 'displayName'>, today: IsoDate): CertificationView {
  return {
    id: c.id,
    countyCode: c.countyCode,
    userId: c.userId,
    username: holder.username,
    displayName: holder.displayName,
    jurisdictionCode: c.jurisdictionCode,
    certificateNo: c.certificateNo,
    categories: c.categories,
    issuedOn: c.issuedOn,
    expiresOn: c.expiresOn,
    revokedOn: c.revokedOn,
    revokeReason: c.revokeReason,
    statusToday: certificationStatusOn(c, today),
  };
}


/** Today's status as SQL over alias `c`, in the order `certificationStatusOn` decides it. */
const STATUS_SQL: Record<CertificationView['statusToday'], string> = {
  revoked: 'c.revoked_on <= :today',
  expired: '(c.revoked_on IS NULL OR c.revoked_on > :today) AND c.expires_on < :today',
  not_yet_valid: '(c.revoked_on IS NULL OR c.revoked_on > :today) AND c.expires_on >= :today AND c.issued_on > :today',
  valid: '(c.revoked_on IS NULL OR c.revoked_on > :today) AND c.expires_on >= :today AND c.issued_on <= :today',
};

@Injectable()
export class CertificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async issue(actor: Actor, request: IssueCertificationRequest): Promise<CertificationView> {
    assertRole(actor, [...CERTIFIERS], '发放执法证 issue an enforcement certificate');
    const problem = issueProblem(request.issuedOn, request.expiresOn);
    if (problem) throw new DomainException('CERTIFICATION_DATE_INVALID', problem, [{ field: 'expiresOn', messages: [problem] }]);
    const holder = await this.visibleUser(actor, request.userId);
    if (!holder.roles.includes('enforcement_officer') || holder.countyCode === '') {
      throw new DomainException('CERTIFICATION_HOLDER_INVALID', `${holder.username} 不是县乡执法人员 is not an enforcement officer of a county`, [{ field: 'userId', messages: ['requires the enforcement_officer role'] }]);
    }
    await assertCatalogCategories(this.dataSource, holder.countyCode, request.categories);
    try {
      return await this.uow.run(async (tx) => {
        const entity = tx.em.create(CertificationEntity, {
          id: randomUUID(),
          countyCode: holder.countyCode,
          userId: holder.id,
          jurisdictionCode: holder.jurisdictionCode,
          certificateNo: request.certificateNo,
          categories: request.categories,
          issuedOn: request.issuedOn,
          expiresOn: request.expiresOn,
          revokedOn: null,
          revokeReason: null,
          revokedAt: null,
          createdAt: new Date(),
        });
        await tx.em.insert(CertificationEntity, entity);
        const view = toView(entity, holder, todayInShanghai());
        tx.audit({ countyCode: entity.countyCode, action: 'certification.issue', resourceType: 'certification', resourceId: entity.id, jurisdictionCode: entity.jurisdictionCode, after: view });
        tx.emit<CertificationIssuedEvent>(
          AUTHORITY_EVENTS.certificationIssued,
          {
            certificationId: entity.id,
            countyCode: entity.countyCode,
            userId: entity.userId,
            jurisdictionCode: entity.jurisdictionCode,
            certificateNo: entity.certificateNo,
            categories: entity.categories,
            issuedOn: entity.issuedOn,
            expiresOn: entity.expiresOn,
          },
          entity.countyCode,
        );
        return view;
      });
    } catch (error) {
      if (isConstraintViolation(error, '23505', 'certification_no_unique')) throw new DomainException('CERTIFICATE_NO_TAKEN', `执法证号 ${request.certificateNo} 已被使用 Certificate number taken`);
      throw error;
    }
  }

  async revoke(actor: Actor, command: RevokeCertificationCommand): Promise<CertificationView> {
    assertRole(actor, [...CERTIFIERS], '撤销执法证 revoke an enforcement certificate');
    const today = todayInShanghai();
    const revokedOn = command.revokedOn ?? today;
    return this.uow.run(async (tx) => {
      const cert = await this.lockVisible(tx, actor, command.id);
      const problem = revocationProblem(cert, revokedOn, today);
      if (problem === 'revoked') throw new DomainException('CERTIFICATION_REVOKED', `执法证 ${cert.certificateNo} 已于 ${cert.revokedOn} 撤销 Revoked on ${cert.revokedOn}`);
      if (problem) throw new DomainException('CERTIFICATION_DATE_INVALID', problem, [{ field: 'revokedOn', messages: [problem] }]);
      const holder = await tx.em.getRepository(UserEntity).findOneByOrFail({ id: cert.userId });
      const before = toView(cert, holder, today);
      cert.revokedOn = revokedOn;
      cert.revokeReason = command.reason;
      cert.revokedAt = new Date();
      await tx.em.update(CertificationEntity, { id: cert.id }, { revokedOn, revokeReason: command.reason, revokedAt: cert.revokedAt });
      const after = toView(cert, holder, today);
      tx.audit({ countyCode: cert.countyCode, action: 'certification.revoke', resourceType: 'certification', resourceId: cert.id, jurisdictionCode: cert.jurisdictionCode, before, after: { ...after, reason: command.reason } });
      tx.emit<CertificationRevokedEvent>(
        AUTHORITY_EVENTS.certificationRevoked,
        { certificationId: cert.id, countyCode: cert.countyCode, userId: cert.userId, certificateNo: cert.certificateNo, revokedOn, reason: command.reason },
        cert.countyCode,
      );
      return after;
    });
  }

  async get(actor: Actor, id: string): Promise<CertificationView> {
    const cert = await this.dataSource.getRepository(CertificationEntity).findOneBy({ id });
    if (!cert || !visibleTo(actor, cert.jurisdictionCode)) throw new DomainException('CERTIFICATION_NOT_FOUND', `执法证记录 ${id} 不存在 Certification ${id} not found`);
    const holder = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: cert.userId });
    return toView(cert, holder, todayInShanghai());
  }

  async list(actor: Actor, query: ListCertificationsQuery): Promise<Page<CertificationView>> {
    const today = todayInShanghai();
    const qb = this.dataSource
      .getRepository(CertificationEntity)
      .createQueryBuilder('c')
      .where('c.jurisdiction_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.userId) qb.andWhere('c.user_id = :user', { user: query.userId });
    if (query.category) qb.andWhere(':category = ANY(c.categories)', { category: query.category });
    if (query.jurisdictionCode) qb.andWhere('c.jurisdiction_code LIKE :sub', { sub: `${scopePrefix(query.jurisdictionCode)}%` });
    if (query.status) qb.andWhere(STATUS_SQL[query.status], { today });
    const { items: rows, ...counted } = await readPage(qb.orderBy('c.expires_on', 'DESC').addOrderBy('c.certificate_no'), query);
    const holders = rows.length === 0 ? [] : await this.dataSource.getRepository(UserEntity).findBy({ id: In([...new Set(rows.map((r) => r.userId))]) });
    const byId = new Map(holders.map((u) => [u.id, u]));
    return { items: rows.map((r) => toView(r, byId.get(r.userId) as UserEntity, today)), ...counted };
  }

  /** "May officer O exercise power P on date D?" — certificate for P's category, and P held by O's town. */
  async mayExercise(actor: Actor, query: MayExerciseQuery): Promise<MayExerciseView> {
    const date = dateOrToday(query.date);
    // The officer and the item at once, then the three facts that hang on them at once: two round trips.
    const [officer, item] = await Promise.all([this.visibleUser(actor, query.userId), this.dataSource.getRepository(CatalogItemEntity).findOneBy({ id: query.itemId })]);
    if (!item) throw new DomainException('CATALOG_ITEM_NOT_FOUND', `事项 ${query.itemId} 不存在 Item not found`);
    const townCode = townOf(officer.jurisdictionCode);
    const [certifications, delegations, countyCatalog] = await Promise.all([
      this.dataSource.getRepository(CertificationEntity).find({ where: { userId: officer.id }, order: { expiresOn: 'DESC' } }),
      townCode === null ? Promise.resolve([]) : this.dataSource.getRepository(DelegationEntity).find({ where: { townCode, itemId: item.id }, order: { effectiveFrom: 'DESC' } }),
      this.dataSource.getRepository(CountyCatalogEntity).findOneBy({ countyCode: officer.countyCode }),
    ]);
    const decision = mayExercise({
      date,
      officer: { jurisdictionCode: officer.jurisdictionCode, active: officer.status === 'active' },
      item: { category: item.category, inCountyCatalog: countyCatalog?.versionId === item.versionId },
      certifications,
      delegations,
    });
    return {
      userId: officer.id,
      itemId: item.id,
      itemCode: item.basicCode,
      itemName: item.name,
      category: item.category,
      date,
      allowed: decision.allowed,
      reasons: decision.reasons.map(refusalView),
      townCode: decision.townCode,
      townMode: decision.townMode,
      certificationId: decision.certification?.id ?? null,
    };
  }

  private async visibleUser(actor: Actor, id: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user || !visibleTo(actor, user.jurisdictionCode)) throw new DomainException('USER_NOT_FOUND', `用户 ${id} 不存在 User ${id} not found`);
    return user;
  }

  private async lockVisible(tx: Transaction, actor: Actor, id: string): Promise<CertificationEntity> {
    const cert = await tx.em.getRepository(CertificationEntity).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
    if (!cert || !visibleTo(actor, cert.jurisdictionCode)) throw new DomainException('CERTIFICATION_NOT_FOUND', `执法证记录 ${id} 不存在 Certification ${id} not found`);
    return cert;
  }
}
