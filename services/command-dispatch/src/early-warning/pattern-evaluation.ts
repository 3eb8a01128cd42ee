import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, EvaluateWarningRulesRequest, EvaluateWarningRulesResult, HotspotParams, RepeatParams, Role } from '@yiti/contracts';
import { assertRole, assertWithin } from '@yiti/platform';
import { groupsToRaise, patternAlertKey } from './alert-windows';
import { findHotspots, type LocatedOrder } from './hotspots';
import { findRepeats, type CallerOrder } from './repeats';
import { WarningAlerts } from './warning-alerts';
import { WarningRules, type WarningRuleRow } from './warning-rules';

export const EVALUATORS: Role[] = ['dispatcher', 'commander'];

/** The most orders one rule reads for its window (a county's orders of one category in ≤ 90 days). */
const MAX_WINDOW_ORDERS = 50_000;

/**
 * 研判 Hotspot and repeat rules over the county's work orders (rule alerts themselves excluded):
 * each cluster or repeat raises one alert and one order to the dispatchers' queue of its town. A
 * hotspot is keyed by its H3 cell, a repeat by its key hash, each with the rule's window: a group
 * alerted within the rule's last D days is not alerted again, and the key stops two evaluations
 * (two instances' timers, a dispatcher's request) from raising one twice. The rule timers
 * (RuleTimers) run every active rule on a schedule; `evaluate` runs them on request.
 */
@Injectable()
export class PatternEvaluation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: WarningRules,
    private readonly alerts: WarningAlerts,
  ) {}

  async evaluate(actor: Actor, request: EvaluateWarningRulesRequest, now = new Date()): Promise<EvaluateWarningRulesResult> {
    assertRole(actor, EVALUATORS, '研判 Evaluating rules');
    assertWithin(actor, request.countyCode);
    const rules = [...(await this.rules.active(request.countyCode, 'hotspot', request.ruleId)), ...(await this.rules.active(request.countyCode, 'repeat', request.ruleId))];
    let alerts = 0;
    for (const rule of rules) alerts += await this.evaluateRule(rule, now);
    return { rules: rules.length, alerts };
  }

  /** One hotspot or repeat rule over its window ending `now`: the alerts it raised. */
  evaluateRule(rule: WarningRuleRow, now = new Date()): Promise<number> {
    return rule.kind === 'hotspot' ? this.hotspots(rule, now) : rule.kind === 'repeat' ? this.repeats(rule, now) : Promise.resolve(0);
  }

  /** The keys of the rule's alerts of its last `days` days (a rule raises few: at most 10,000 read). */
  private async recentKeys(rule: WarningRuleRow, days: number, now: Date): Promise<string[]> {
    const rows: { alert_key: string }[] = await this.dataSource.query(`SELECT alert_key FROM command_dispatch.warning_alert WHERE rule_id = $1 AND created_at > $2 LIMIT 10000`, [rule.id, new Date(now.getTime() - days * 86_400_000)]);
    return rows.map((r) => r.alert_key);
  }

  private async hotspots(rule: WarningRuleRow, now: Date): Promise<number> {
    const params = rule.params as HotspotParams;
    const rows: { id: string; category: string; lng: number; lat: number; created_at: Date; town_code: string | null }[] = await this.dataSource.query(
      `SELECT id, category, lng, lat, created_at, town_code FROM command_dispatch.work_order
       WHERE county_code = $1 AND category = $2 AND channel <> 'rule_alert' AND lng IS NOT NULL AND lat IS NOT NULL AND status <> 'cancelled' AND created_at > $3 AND created_at <= $4
       ORDER BY created_at DESC LIMIT ${MAX_WINDOW_ORDERS}`,
      [rule.county_code, params.category, new Date(now.getTime() - params.days * 86_400_000), now],
    );
    const orders: LocatedOrder[] = rows.map((r) => ({ id: r.id, category: r.category, lng: r.lng, lat: r.lat, createdAt: new Date(r.created_at), townCode: r.town_code }));
    let raised = 0;
    const found = groupsToRaise('hotspot', findHotspots(params, orders, now), (spot) => spot.cell, await this.recentKeys(rule, params.days, now));
    for (const spot of found) {
      const ok = await this.alerts.raise({
        countyCode: rule.county_code,
        townCode: spot.townCode,
        gridCode: null,
        ruleId: rule.id,
        kind: 'hotspot',
        key: patternAlertKey('hotspot', spot.cell, now, params.days),
        summary: `${params.days} 天内 ${params.radiusMetres} 米范围 ${spot.orderIds.length} 件 ${params.category} 工单聚集`,
        details: { cell: spot.cell, centre: spot.centre, orders: spot.orderIds.length, orderIds: spot.orderIds.slice(0, 100), category: params.category },
        order: {
          category: 'rule_alert.check_visit',
          townCode: spot.townCode,
          title: `热点预警:${rule.name}`,
          description: `${params.days} 天内 ${params.radiusMetres} 米范围内 ${spot.orderIds.length} 件同类工单,请研判处置 Hotspot: ${spot.orderIds.length} orders of ${params.category}`,
          fields: { cell: spot.cell, orders: spot.orderIds.length },
        },
      });
      if (ok) raised++;
    }
    return raised;
  }

  private async repeats(rule: WarningRuleRow, now: Date): Promise<number> {
    const params = rule.params as RepeatParams;
    const rows: { id: string; category: string; caller_phone_hash: string | null; address: string | null; created_at: Date; town_code: string | null }[] = await this.dataSource.query(
      `SELECT id, category, caller_phone_hash, address, created_at, town_code FROM command_dispatch.work_order
       WHERE county_code = $1 AND channel <> 'rule_alert' AND status <> 'cancelled' AND created_at > $2 AND created_at <= $3 AND ($4::text IS NULL OR category = $4)
         AND ${params.key === 'caller' ? 'caller_phone_hash IS NOT NULL' : 'address IS NOT NULL'}
       ORDER BY created_at DESC LIMIT ${MAX_WINDOW_ORDERS}`,
      [rule.county_code, new Date(now.getTime() - params.days * 86_400_000), now, params.category ?? null],
    );
    const orders: CallerOrder[] = rows.map((r) => ({ id: r.id, category: r.category, callerHash: r.caller_phone_hash, address: r.address, createdAt: new Date(r.created_at), townCode: r.town_code }));
    let raised = 0;
    const found = groupsToRaise('repeat', findRepeats(params, orders, now), (group) => group.keyHash, await this.recentKeys(rule, params.days, now));
    for (const group of found) {
      const ok = await this.alerts.raise({
        countyCode: rule.county_code,
        townCode: group.townCode,
        gridCode: null,
        ruleId: rule.id,
        kind: 'repeat',
        key: patternAlertKey('repeat', group.keyHash, now, params.days),
        summary: `${params.days} 天内同一${params.key === 'caller' ? '来电人' : '地址'}诉求 ${group.orderIds.length} 次`,
        details: { key: params.key, keyHash: group.keyHash, orders: group.orderIds.length, orderIds: group.orderIds.slice(0, 100) },
        order: {
          category: 'rule_alert.check_visit',
          townCode: group.townCode,
          title: `重复诉求预警:${rule.name}`,
          description: `${params.days} 天内同一${params.key === 'caller' ? '来电人' : '地址'}诉求 ${group.orderIds.length} 次,请研判 Repeat: ${group.orderIds.length} orders`,
          fields: { keyHash: group.keyHash, orders: group.orderIds.length },
        },
      });
      if (ok) raised++;
    }
    return raised;
  }
}
