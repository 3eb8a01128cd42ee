import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUTHORITY_SUBJECTS, MAX_INDICATOR_PERIOD_DAYS, MAX_PAGE_DEPTH, pageWindow, type Actor, type AnnualAssessmentQuery, type AnnualAssessmentView, type AssessedUnit, type IndicatorsQuery, type IndicatorsView, type Role } from '@yiti/contracts';
import { assertRole, assertWithin, DomainException, jurisdictionPattern, ServiceClient } from '@yiti/platform';
import { assessmentScore, computeIndicators, rank, type OrderFacts, type Period } from './indicators';

export const INDICATOR_READERS: Role[] = ['dispatcher', 'commander', 'county_admin', 'county_leader', 'leader'];

/** The most orders one computation reads (a county's year of orders is well below). */
const MAX_FACTS = 500_000;

const DAY_MS = 86_400_000;

/** [from 00:00, the day after `to` 00:00) in Asia/Shanghai. */
export function periodOf(from: string, to: string): Period {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + DAY_MS);
  const days = (end.getTime() - start.getTime()) / DAY_MS;
  if (days < 1 || days > MAX_INDICATOR_PERIOD_DAYS) throw new DomainException('INDICATOR_PERIOD_INVALID', `统计期间须为 1 至 ${MAX_INDICATOR_PERIOD_DAYS} 天,且 from ≤ to The period is 1 to ${MAX_INDICATOR_PERIOD_DAYS} days`, [{ field: 'to', messages: ['from ≤ to, at most 366 days'] }]);
  return { start, end };
}

interface FactRow {
  unit_id: string | null;
  unit_name: string | null;
  town_code: string | null;
  clock_started_at: Date | null;
  due_at: Date | null;
  feedback_at: Date | null;
  closed_at: Date | null;
  rework_at: Date[] | null;
  extended_at: Date[] | null;
  evaluated_at: Date | null;
  satisfaction: string | null;
}

/**
 * 督查考核 Indicators computed from the orders and their steps for any period: the first feedback
 * and the first closing come from the step history (a later 重办 does not move a past period's
 * figures); linkage parents are left out (their sub-tasks are assessed, each with its unit).
 */
@Injectable()
export class Assessment {
  constructor(
    private readonly dataSource: DataSource,
    private readonly client: ServiceClient,
  ) {}

  async facts(scopePattern: string, period: Period): Promise<OrderFacts[]> {
    const rows: FactRow[] = await this.dataSource.query(
      `SELECT w.unit_id, w.unit_name, w.town_code, w.clock_started_at, w.due_at, s.feedback_at, s.closed_at, s.rework_at, s.extended_at, s.evaluated_at, s.satisfaction
       FROM command_dispatch.work_order w
       CROSS JOIN LATERAL (
         SELECT min(at) FILTER (WHERE action = 'feed_back') AS feedback_at,
                min(at) FILTER (WHERE to_status = 'closed') AS closed_at,
                array_agg(at) FILTER (WHERE action = 'verify_fail') AS rework_at,
                array_agg(at) FILTER (WHERE action = 'approve_extension') AS extended_at,
                max(at) FILTER (WHERE action = 'evaluate' AND at < $3) AS evaluated_at,
                (array_agg(details->>'satisfaction' ORDER BY at DESC) FILTER (WHERE action = 'evaluate' AND at < $3))[1] AS satisfaction
         FROM command_dispatch.work_order_step st WHERE st.work_order_id = w.id
       ) s
       WHERE COALESCE(w.town_code, w.county_code) LIKE $1 AND w.status <> 'cancelled' AND w.created_at < $3
         AND NOT EXISTS (SELECT 1 FROM command_dispatch.work_order c WHERE c.parent_id = w.id)
         AND ((w.due_at >= $2 AND w.due_at < $3) OR EXISTS (
           SELECT 1 FROM command_dispatch.work_order_step p WHERE p.work_order_id = w.id AND p.at >= $2 AND p.at < $3 AND (p.to_status = 'closed' OR p.action IN ('feed_back', 'evaluate'))))
       LIMIT ${MAX_FACTS + 1}`,
      [scopePattern, period.start, period.end],
    );
    if (rows.length > MAX_FACTS) throw new DomainException('INDICATOR_PERIOD_INVALID', `期间内工单超过 ${MAX_FACTS} 件,请缩短期间 More than ${MAX_FACTS} orders: shorten the period`);
    const date = (d: Date | null) => (d ? new Date(d) : null);
    return rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      townCode: r.town_code,
      dispatchedAt: date(r.clock_started_at),
      dueAt: date(r.due_at),
      feedbackAt: date(r.feedback_at),
      closedAt: date(r.closed_at),
      reworkAt: (r.rework_at ?? []).map((d) => new Date(d)),
      extendedAt: (r.extended_at ?? []).map((d) => new Date(d)),
      evaluatedAt: date(r.evaluated_at),
      satisfaction: r.satisfaction,
    }));
  }

  async indicators(actor: Actor, query: IndicatorsQuery): Promise<IndicatorsView> {
    assertRole(actor, INDICATOR_READERS, '查看考核指标 Reading assessment indicators');
    const period = periodOf(query.from, query.to);
    let scope = jurisdictionPattern(actor);
    if (query.townCode) {
      assertWithin(actor, query.townCode);
      scope = query.townCode;
    }
    const groupBy = query.groupBy ?? 'unit';
    const rankBy = query.rankBy ?? 'onTimeClosureRate';
    const { groups, totals } = computeIndicators(await this.facts(scope, period), period, groupBy);
    const ranked = rank(groups, rankBy);
    const { page, pageSize, offset } = pageWindow(query);
    if (offset >= MAX_PAGE_DEPTH) throw new DomainException('VALIDATION_FAILED', 'page too deep', [{ field: 'page', messages: ['too deep'] }]);
    return { from: query.from, to: query.to, groupBy, rankBy, totals, items: ranked.slice(offset, offset + pageSize), total: ranked.length, totalExact: true, page, pageSize };
  }

  /**
   * 年度考核: the town's year per handling unit; dispatched agencies (派驻机构, from identity's
   * registry: matched by id, or by name for orders routed before the agency was registered) carry the
   * town's weight (≥ 50 %) and the weighted score; the town's other units are its own institutions.
   */
  async annual(actor: Actor, query: AnnualAssessmentQuery): Promise<AnnualAssessmentView> {
    assertRole(actor, INDICATOR_READERS, '年度考核 Annual assessment');
    assertWithin(actor, query.townCode);
    const period = periodOf(`${query.year}-01-01`, `${query.year}-12-31`);
    const { groups } = computeIndicators(await this.facts(query.townCode, period), period, 'unit');
    const agencies = (await this.client.request(AUTHORITY_SUBJECTS.listDispatchedAgencies, { townCode: query.townCode, pageSize: 100 })).items;
    const assessed = (g: (typeof groups)[number] | undefined, unitId: string, name: string, weight: number | null): AssessedUnit => {
      const counts = g?.counts ?? { dueToClose: 0, closed: 0, closedOnTime: 0, dueToHandle: 0, handledOnTime: 0, reworked: 0, extended: 0, evaluated: 0, satisfied: 0 };
      const values = g?.values ?? { closureRate: null, onTimeClosureRate: null, onTimeHandlingRate: null, reworkRate: null, extensionRate: null, satisfactionRate: null, averageHandlingHours: null };
      const score = assessmentScore(values);
      return { unitId, name, counts, values, score, townWeight: weight, weightedScore: score !== null && weight !== null ? Math.round(score * weight) / 100 : null };
    };
    const used = new Set<string>();
    const agencyRows = agencies.map((a) => {
      const g = groups.find((x) => x.key === a.id) ?? groups.find((x) => x.name === a.name);
      if (g) used.add(g.key);
      return assessed(g, a.id, a.name, a.townAssessmentWeight);
    });
    const institutions = groups.filter((g) => !used.has(g.key)).sort((a, b) => a.name.localeCompare(b.name, 'zh')).slice(0, 500).map((g) => assessed(g, g.key, g.name, null));
    return { townCode: query.townCode, year: query.year, agencies: agencyRows, institutions };
  }
}
