import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DUTY_KIND_LABELS,
  DUTY_KINDS,
  levelOf,
  scopePrefix,
  type Actor,
  type DutyKind,
  type DutyRoutingQuery,
  type DutyRoutingView,
  type DutyStatisticsQuery,
  type DutyStatisticsView,
  type DutyView,
  type ListDutiesQuery,
  type Page,
} from '@yiti/contracts';
import { DomainException, containsPattern, readPage } from '@yiti/platform';
import { concerns, visibleTo } from '../../access/access-rules';
import { OrganisationEntity } from '../../organisations/organisation.entity';
import { responsibleOrganisationFor } from '../admission/admission-duties';
import { DutyEntity } from './duty.entity';

export function toDutyView(d: DutyEntity): DutyView {
  return {
    id: d.id,
    townCode: d.townCode,
    name: d.name,
    kind: d.kind,
    kindLabel: DUTY_KIND_LABELS[d.kind],
    description: d.description ?? undefined,
    basis: d.basis ?? undefined,
    shared: d.shared,
    primaryLevel: d.primaryLevel,
    countyDepartment: d.countyDepartment ?? undefined,
    eventCategories: d.eventCategories,
    responsibleOrganisationKind: d.responsibleOrganisationKind,
    responsibleOrganisationId: d.responsibleOrganisationId,
    admissionId: d.admissionId,
    listedAt: d.listedAt.toISOString(),
  };
}

/** When several duties of a town cover a category, the town's own duty leads over assisting ones. */
const ROUTING_PRECEDENCE: Record<DutyKind, number> = { basic: 0, cooperative: 1, recalled: 2 };

export function pickRoutingDuty<T extends Pick<DutyEntity, 'kind' | 'listedAt'>>(duties: T[]): T | null {
  return [...duties].sort((a, b) => ROUTING_PRECEDENCE[a.kind] - ROUTING_PRECEDENCE[b.kind] || a.listedAt.getTime() - b.listedAt.getTime())[0] ?? null;
}

/** Town duty lists (职责清单), read by people and by the command centre for routing. */
@Injectable()
export class DutiesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(actor: Actor, query: ListDutiesQuery): Promise<Page<DutyView>> {
    const qb = this.dataSource.getRepository(DutyEntity).createQueryBuilder('d').where('d.town_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode).slice(0, 9)}%` });
    if (query.townCode) qb.andWhere('d.town_code = :town', { town: query.townCode });
    if (query.kind) qb.andWhere('d.kind = :kind', { kind: query.kind });
    if (query.shared) qb.andWhere('d.shared = :shared', { shared: query.shared === 'true' });
    if (query.primaryLevel) qb.andWhere('d.primary_level = :level', { level: query.primaryLevel });
    if (query.category) qb.andWhere(':category = ANY(d.event_categories)', { category: query.category });
    if (query.name) qb.andWhere('d.name ILIKE :name', { name: containsPattern(query.name) });
    const { items: rows, ...counted } = await readPage(qb.orderBy('d.town_code').addOrderBy('d.kind').addOrderBy('d.name'), query);
    return { items: rows.map(toDutyView), ...counted };
  }

  /** Who handles an event of this category in this town: the command centre's routing question. */
  async route(actor: Actor, query: DutyRoutingQuery): Promise<DutyRoutingView> {
    if (!concerns(actor, query.townCode)) throw new DomainException('JURISDICTION_NOT_FOUND');
    const duties = await this.dataSource.getRepository(DutyEntity).createQueryBuilder('d').where('d.town_code = :town AND :category = ANY(d.event_categories)', { town: query.townCode, category: query.category }).getMany();
    const duty = pickRoutingDuty(duties);
    if (!duty) return { townCode: query.townCode, category: query.category, covered: false, duty: null, responsibleOrganisationId: null, responsibleOrganisationName: null, primaryLevel: 'county', countyDepartment: null };
    const organisation = await this.responsibleOrganisation(duty);
    return {
      townCode: query.townCode,
      category: query.category,
      covered: true,
      duty: toDutyView(duty),
      responsibleOrganisationId: organisation?.id ?? null,
      responsibleOrganisationName: organisation?.name ?? null,
      primaryLevel: duty.kind === 'recalled' ? 'county' : duty.primaryLevel,
      countyDepartment: duty.countyDepartment,
    };
  }

  /**
   * The institution the admission fixed for the duty; for a duty admitted before its town had one,
   * the town's only institution of the duty's kind (several: none, someone must name it).
   */
  private async responsibleOrganisation(duty: DutyEntity): Promise<OrganisationEntity | null> {
    const organisations = this.dataSource.getRepository(OrganisationEntity);
    if (duty.responsibleOrganisationId) return organisations.findOneBy({ id: duty.responsibleOrganisationId });
    const candidates = await organisations.find({ where: { jurisdictionCode: duty.townCode, kind: duty.responsibleOrganisationKind }, take: 2 });
    const id = responsibleOrganisationFor(duty, duty.townCode, candidates);
    return candidates.find((o) => o.id === id) ?? null;
  }

  /** Counts as the seed reports them, e.g. shared duties split into county-led and town-led. */
  async statistics(actor: Actor, query: DutyStatisticsQuery): Promise<DutyStatisticsView> {
    if (levelOf(query.countyCode) !== 'county' || !visibleTo(actor, query.countyCode)) throw new DomainException('JURISDICTION_NOT_FOUND');
    const [totals]: { total: number; shared: number; county_led: number; town_led: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total,
              count(DISTINCT name) FILTER (WHERE shared)::int AS shared,
              count(DISTINCT name) FILTER (WHERE shared AND primary_level = 'county')::int AS county_led,
              count(DISTINCT name) FILTER (WHERE shared AND primary_level = 'town')::int AS town_led
       FROM identity.duty WHERE county_code = $1`,
      [query.countyCode],
    );
    const kinds: { kind: DutyKind; n: number }[] = await this.dataSource.query(`SELECT kind, count(*)::int AS n FROM identity.duty WHERE county_code = $1 GROUP BY kind`, [query.countyCode]);
    const byKind = Object.fromEntries(DUTY_KINDS.map((k) => [k, kinds.find((r) => r.kind === k)?.n ?? 0])) as Record<DutyKind, number>;
    return { countyCode: query.countyCode, total: totals?.total ?? 0, byKind, shared: totals?.shared ?? 0, sharedCountyLed: totals?.county_led ?? 0, sharedTownLed: totals?.town_led ?? 0 };
  }
}
