import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import {
  AUTHORITY_EVENTS,
  POWER_MODE_LABELS,
  levelOf,
  scopePrefix,
  type Actor,
  type AdjustDelegationCommand,
  type DelegationChangeView,
  type DelegationStatisticsQuery,
  type DelegationStatisticsView,
  type DelegationView,
  type GrantDelegationsRequest,
  type GrantDelegationsResult,
  type ListDelegationsQuery,
  type Page,
  type PowerAdjustedEvent,
  type PowerDelegatedEvent,
  type PowerMode,
  type PowerModeQuery,
  type PowerModeView,
  type PowerRevokedEvent,
  type TownPowerView,
  type TownPowersQuery,
  type WithdrawDelegationCommand,
} from '@yiti/contracts';
import { addMonths, dateOrToday, DomainException, type IsoDate, isRealDate, todayInShanghai, type Transaction, UnitOfWork, readPage } from '@yiti/platform';
import { assertWithin, concerns, visibleTo } from '../../access/access-rules';
import { JurisdictionEntity } from '../../jurisdictions/jurisdiction.entity';
import { assertRole } from '../authority-access';
import { CatalogItemEntity, CountyCatalogEntity } from '../catalog/catalog.entity';
import { DelegationChangeEntity, DelegationEntity } from './delegation.entity';
import { adjustmentProblem, effectiveDelegation, modeOn, transitionEndingToday, withdrawalProblem } from './delegation-rules';

const DELEGATORS = ['province_admin', 'county_admin'] as const;

function periodOf(d: DelegationEntity) {
  return { effectiveFrom: d.effectiveFrom, transitionUntil: d.transitionUntil, withdrawnOn: d.withdrawnOn };
}

function toView(d: DelegationEntity, item: Pick<CatalogItemEntity, 'basicCode' | 'name'>, today: IsoDate): DelegationView {
  return {
    id: d.id,
    countyCode: d.countyCode,
    townCode: d.townCode,
    itemId: d.itemId,
    itemCode: item.basicCode,
    itemName: item.name,
    kind: d.itemKind,
    decisionNo: d.decisionNo,
    effectiveFrom: d.effectiveFrom,
    transitionUntil: d.transitionUntil,
    withdrawnOn: d.withdrawnOn,
    withdrawReason: d.withdrawReason,
    modeToday: modeOn(periodOf(d), today),
  };
}

/** modeOn (delegation-rules) as SQL on a delegation `d` and a date `:today`, to filter a list by mode. */
const IN_FORCE_SQL = 'd.effective_from <= :today AND (d.withdrawn_on IS NULL OR d.withdrawn_on > :today)';
const MODE_ON_DATE_SQL: Record<PowerMode, string> = {
  county: `NOT (${IN_FORCE_SQL})`,
  transition: `${IN_FORCE_SQL} AND d.transition_until > :today`,
  delegated: `${IN_FORCE_SQL} AND (d.transition_until IS NULL OR d.transition_until <= :today)`,
};

@Injectable()
export class DelegationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  /** Grants many items to many towns in one decision: all or nothing. */
  async grant(actor: Actor, request: GrantDelegationsRequest): Promise<GrantDelegationsResult> {
    assertRole(actor, [...DELEGATORS], '赋权 delegate powers');
    if (!isRealDate(request.effectiveFrom)) throw new DomainException('DELEGATION_DATE_INVALID', `${request.effectiveFrom} 不是有效日期 is not a date`);
    const counties = new Set(request.townCodes.map((t) => t.slice(0, 6)));
    if (counties.size !== 1) throw new DomainException('DELEGATION_TOWN_INVALID', '一次赋权只能针对同一县的乡镇 One decision covers towns of one county');
    const countyCode = [...counties][0] as string;
    for (const town of request.townCodes) assertWithin(actor, town);

    const towns = await this.dataSource.getRepository(JurisdictionEntity).findBy({ code: In(request.townCodes) });
    const missingTowns = request.townCodes.filter((code) => !towns.some((t) => t.code === code && t.level === 'town'));
    if (missingTowns.length > 0) throw new DomainException('DELEGATION_TOWN_INVALID', `不是本县的乡镇(街道) Not towns of ${countyCode}: ${missingTowns.join(', ')}`);

    const catalog = await this.dataSource.getRepository(CountyCatalogEntity).findOneBy({ countyCode });
    if (!catalog) throw new DomainException('COUNTY_CATALOG_NOT_SET', `${countyCode} 尚未选用目录版本 has not chosen a catalog version`);
    const items = await this.dataSource.getRepository(CatalogItemEntity).findBy({ id: In(request.itemIds), versionId: catalog.versionId });
    const missingItems = request.itemIds.filter((id) => !items.some((i) => i.id === id));
    if (missingItems.length > 0) {
      throw new DomainException('DELEGATION_ITEM_INVALID', `事项不在本县选用的目录中 Items not in the county's catalog: ${missingItems.join(', ')}`, [{ field: 'itemIds', messages: missingItems }]);
    }

    const transitionUntil = request.transitionMonths ? addMonths(request.effectiveFrom, request.transitionMonths) : null;
    const today = todayInShanghai();
    return this.uow.run(async (tx) => {
      const open = await tx.em.getRepository(DelegationEntity).find({ where: { townCode: In(request.townCodes), itemId: In(request.itemIds) } });
      const clashes = open.filter((d) => d.withdrawnOn === null || d.withdrawnOn > request.effectiveFrom);
      if (clashes.length > 0) {
        throw new DomainException(
          'DELEGATION_EXISTS',
          `${clashes.length} 项已赋予 ${clashes.length} town/item pairs are already delegated`,
          clashes.map((d) => ({ field: `${d.townCode}/${d.itemId}`, messages: [`delegated from ${d.effectiveFrom} (${d.id})`] })),
        );
      }
      const created: DelegationView[] = [];
      for (const town of request.townCodes) {
        for (const item of items) {
          const entity = tx.em.create(DelegationEntity, {
            id: randomUUID(),
            countyCode,
            townCode: town,
            itemId: item.id,
            itemKind: item.kind,
            decisionNo: request.decisionNo,
            effectiveFrom: request.effectiveFrom,
            transitionUntil,
            withdrawnOn: null,
            withdrawReason: null,
            createdAt: new Date(),
          });
          await tx.em.insert(DelegationEntity, entity);
          const view = toView(entity, item, today);
          await this.recordChange(tx, actor, entity, 'granted', null, null, view);
          tx.emit<PowerDelegatedEvent>(
            AUTHORITY_EVENTS.powerDelegated,
            { delegationId: entity.id, countyCode, townCode: town, itemId: item.id, itemCode: item.basicCode, kind: item.kind, effectiveFrom: entity.effectiveFrom, transitionUntil, decisionNo: request.decisionNo },
            countyCode,
          );
          created.push(view);
        }
      }
      return { created };
    });
  }

  async adjust(actor: Actor, command: AdjustDelegationCommand): Promise<DelegationView> {
    assertRole(actor, [...DELEGATORS], '调整赋权 adjust a delegation');
    const today = todayInShanghai();
    return this.uow.run(async (tx) => {
      const delegation = await this.lockVisible(tx, actor, command.id);
      const until = command.transitionUntil ?? transitionEndingToday(periodOf(delegation), today);
      const problem = adjustmentProblem(periodOf(delegation), until, today);
      if (problem === 'withdrawn') throw new DomainException('DELEGATION_WITHDRAWN');
      if (problem) throw new DomainException('DELEGATION_DATE_INVALID', problem, [{ field: 'transitionUntil', messages: [problem] }]);
      const item = await this.item(tx, delegation.itemId);
      const before = toView(delegation, item, today);
      delegation.transitionUntil = until;
      await tx.em.update(DelegationEntity, { id: delegation.id }, { transitionUntil: until });
      const after = toView(delegation, item, today);
      await this.recordChange(tx, actor, delegation, 'adjusted', command.reason, before, after);
      tx.emit<PowerAdjustedEvent>(AUTHORITY_EVENTS.powerAdjusted, { delegationId: delegation.id, townCode: delegation.townCode, itemId: delegation.itemId, transitionUntil: until, reason: command.reason }, delegation.countyCode);
      return after;
    });
  }

  async withdraw(actor: Actor, command: WithdrawDelegationCommand): Promise<DelegationView> {
    assertRole(actor, [...DELEGATORS], '收回赋权 withdraw a delegation');
    const today = todayInShanghai();
    return this.uow.run(async (tx) => {
      const delegation = await this.lockVisible(tx, actor, command.id);
      const problem = withdrawalProblem(periodOf(delegation), command.withdrawnOn, today);
      if (problem === 'withdrawn') throw new DomainException('DELEGATION_WITHDRAWN');
      if (problem) throw new DomainException('DELEGATION_DATE_INVALID', problem, [{ field: 'withdrawnOn', messages: [problem] }]);
      const item = await this.item(tx, delegation.itemId);
      const before = toView(delegation, item, today);
      delegation.withdrawnOn = command.withdrawnOn;
      delegation.withdrawReason = command.reason;
      await tx.em.update(DelegationEntity, { id: delegation.id }, { withdrawnOn: command.withdrawnOn, withdrawReason: command.reason });
      const after = toView(delegation, item, today);
      await this.recordChange(tx, actor, delegation, 'withdrawn', command.reason, before, after);
      tx.emit<PowerRevokedEvent>(AUTHORITY_EVENTS.powerRevoked, { delegationId: delegation.id, townCode: delegation.townCode, itemId: delegation.itemId, withdrawnOn: command.withdrawnOn, reason: command.reason }, delegation.countyCode);
      return after;
    });
  }

  async list(actor: Actor, query: ListDelegationsQuery): Promise<Page<DelegationView>> {
    const today = todayInShanghai();
    const qb = this.dataSource
      .getRepository(DelegationEntity)
      .createQueryBuilder('d')
      .where('d.town_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.townCode) qb.andWhere('d.town_code = :town', { town: query.townCode });
    if (query.itemId) qb.andWhere('d.item_id = :item', { item: query.itemId });
    if (query.kind) qb.andWhere('d.item_kind = :kind', { kind: query.kind });
    if (query.decisionNo) qb.andWhere('d.decision_no = :decisionNo', { decisionNo: query.decisionNo });
    if (query.mode) qb.andWhere(MODE_ON_DATE_SQL[query.mode], { today });
    if (!(query.includeWithdrawn === true || query.includeWithdrawn === 'true')) qb.andWhere('d.withdrawn_on IS NULL');
    const { items: rows, ...counted } = await readPage(qb.orderBy('d.town_code').addOrderBy('d.effective_from', 'DESC'), query);
    const items = await this.itemsById(rows.map((r) => r.itemId));
    return { items: rows.map((r) => toView(r, items.get(r.itemId) as CatalogItemEntity, today)), ...counted };
  }

  async history(actor: Actor, id: string): Promise<DelegationChangeView[]> {
    const delegation = await this.dataSource.getRepository(DelegationEntity).findOneBy({ id });
    if (!delegation || !visibleTo(actor, delegation.townCode)) throw new DomainException('DELEGATION_NOT_FOUND');
    const changes = await this.dataSource.getRepository(DelegationChangeEntity).find({ where: { delegationId: id }, order: { id: 'ASC' } });
    return changes.map((c) => ({ action: c.action, reason: c.reason, before: c.before, after: c.after, actorId: c.actorId, at: c.at.toISOString() }));
  }

  /** "Does town T hold power P on date D, and how?" */
  async mode(actor: Actor, query: PowerModeQuery): Promise<PowerModeView> {
    if (!concerns(actor, query.townCode)) {
      throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${query.townCode} 不存在 ${query.townCode} not found`);
    }
    const date = dateOrToday(query.date);
    const item = await this.dataSource.getRepository(CatalogItemEntity).findOneBy({ id: query.itemId });
    if (!item) throw new DomainException('CATALOG_ITEM_NOT_FOUND');
    const delegations = await this.dataSource.getRepository(DelegationEntity).find({ where: { townCode: query.townCode, itemId: query.itemId }, order: { effectiveFrom: 'DESC' } });
    const { mode, delegation } = effectiveDelegation(delegations, date);
    return {
      townCode: query.townCode,
      itemId: query.itemId,
      date,
      mode,
      modeLabel: POWER_MODE_LABELS[mode],
      townMayExercise: mode !== 'county',
      delegationId: delegation?.id ?? null,
      department: item.department,
    };
  }

  /** The powers a town holds (alone or in transition) on a date. */
  async townPowers(actor: Actor, query: TownPowersQuery): Promise<TownPowerView[]> {
    if (!concerns(actor, query.townCode)) throw new DomainException('JURISDICTION_NOT_FOUND');
    const date = dateOrToday(query.date);
    const qb = this.dataSource
      .getRepository(DelegationEntity)
      .createQueryBuilder('d')
      .where('d.town_code = :town AND d.effective_from <= :date AND (d.withdrawn_on IS NULL OR d.withdrawn_on > :date)', { town: query.townCode, date });
    if (query.kind) qb.andWhere('d.item_kind = :kind', { kind: query.kind });
    const rows = await qb.getMany();
    const items = await this.itemsById(rows.map((r) => r.itemId));
    return rows
      .map((d) => {
        const item = items.get(d.itemId) as CatalogItemEntity;
        return { itemId: d.itemId, itemCode: item.basicCode, itemName: item.name, kind: d.itemKind, mode: modeOn(periodOf(d), date), delegationId: d.id };
      })
      .sort((a, b) => a.itemCode.localeCompare(b.itemCode));
  }

  async statistics(actor: Actor, query: DelegationStatisticsQuery): Promise<DelegationStatisticsView> {
    if (levelOf(query.countyCode) !== 'county') throw new DomainException('VALIDATION_FAILED', `${query.countyCode} 不是县级代码 not a county code`);
    if (!visibleTo(actor, query.countyCode)) throw new DomainException('JURISDICTION_NOT_FOUND');
    const date = dateOrToday(query.date);
    const rows: { code: string; name: string; licensing: number; penalty: number; in_transition: number }[] = await this.dataSource.query(
      `SELECT j.code, j.name,
              count(d.id) FILTER (WHERE d.item_kind = 'licensing')::int AS licensing,
              count(d.id) FILTER (WHERE d.item_kind = 'penalty')::int AS penalty,
              count(d.id) FILTER (WHERE d.transition_until > $2::date)::int AS in_transition
       FROM identity.jurisdiction j
       LEFT JOIN identity.delegation d ON d.town_code = j.code AND d.effective_from <= $2::date AND (d.withdrawn_on IS NULL OR d.withdrawn_on > $2::date)
       WHERE j.level = 'town' AND j.parent_code = $1
       GROUP BY j.code, j.name ORDER BY j.code`,
      [query.countyCode, date],
    );
    const towns = rows.length;
    const average = (pick: (r: (typeof rows)[number]) => number) => (towns === 0 ? 0 : Math.round((rows.reduce((sum, r) => sum + pick(r), 0) / towns) * 10) / 10);
    return {
      countyCode: query.countyCode,
      date,
      towns,
      averageLicensing: average((r) => r.licensing),
      averagePenalty: average((r) => r.penalty),
      perTown: rows.map((r) => ({ townCode: r.code, townName: r.name, licensing: r.licensing, penalty: r.penalty, inTransition: r.in_transition })),
    };
  }

  private async lockVisible(tx: Transaction, actor: Actor, id: string): Promise<DelegationEntity> {
    const delegation = await tx.em.getRepository(DelegationEntity).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id }).getOne();
    if (!delegation || !visibleTo(actor, delegation.townCode)) throw new DomainException('DELEGATION_NOT_FOUND', `赋权记录 ${id} 不存在 Delegation ${id} not found`);
    return delegation;
  }

  private async item(tx: Transaction, id: string): Promise<CatalogItemEntity> {
    return tx.em.getRepository(CatalogItemEntity).findOneByOrFail({ id });
  }

  private async itemsById(ids: string[]): Promise<Map<string, CatalogItemEntity>> {
    if (ids.length === 0) return new Map();
    const items = await this.dataSource.getRepository(CatalogItemEntity).findBy({ id: In([...new Set(ids)]) });
    return new Map(items.map((i) => [i.id, i]));
  }

  private async recordChange(tx: Transaction, actor: Actor, d: DelegationEntity, action: DelegationChangeEntity['action'], reason: string | null, before: DelegationView | null, after: DelegationView): Promise<void> {
    await tx.em.query(
      `INSERT INTO identity.delegation_change (delegation_id, action, reason, before, after, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [d.id, action, reason, before === null ? null : JSON.stringify(before), JSON.stringify(after), actor.userId],
    );
    tx.audit({ countyCode: d.countyCode, action: `delegation.${action}`, resourceType: 'delegation', resourceId: d.id, jurisdictionCode: d.townCode, before, after: { ...after, reason } });
  }
}
