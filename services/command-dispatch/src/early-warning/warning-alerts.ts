import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor, ListWarningAlertsQuery, Page, Role, WarningAlertView, WarningRuleKind } from '@yiti/contracts';
import { assertRole, jurisdictionPattern, readSqlPage, UnitOfWork } from '@yiti/platform';
import { WorkOrderIntake, type InternalWorkOrderInput } from '../work-orders/work-order-intake';

export const ALERT_READERS: Role[] = ['dispatcher', 'commander', 'county_admin', 'county_leader', 'leader'];

/** An alert to raise: the rule, its stable key, what it says (no personal data) and the order it asks for. */
export interface AlertToRaise {
  countyCode: string;
  townCode: string | null;
  gridCode: string | null;
  ruleId: string;
  kind: WarningRuleKind;
  key: string;
  summary: string;
  details: Record<string, unknown>;
  order: Omit<InternalWorkOrderInput, 'countyCode' | 'channel' | 'sourceRef'>;
}

interface AlertRow {
  id: string;
  county_code: string;
  town_code: string | null;
  grid_code: string | null;
  rule_id: string;
  kind: WarningRuleKind;
  summary: string;
  details: Record<string, unknown>;
  work_order_id: string | null;
  created_at: Date;
}

const toAlertView = (r: AlertRow): WarningAlertView => ({
  id: r.id,
  ruleId: r.rule_id,
  kind: r.kind,
  countyCode: r.county_code,
  townCode: r.town_code,
  gridCode: r.grid_code,
  summary: r.summary,
  details: r.details,
  workOrderId: r.work_order_id,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * 预警 Alerts: one per rule and key. Raising one creates its work order first (through the intake,
 * idempotent by the alert's source ref), then the alert row with its audit entry: a retry after a
 * failure between the two finds the order and writes the alert; a repeated key raises nothing.
 */
@Injectable()
export class WarningAlerts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly intake: WorkOrderIntake,
  ) {}

  /** The keys of `keys` already raised for the rule. */
  async raisedKeys(ruleId: string, keys: string[]): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const rows: { alert_key: string }[] = await this.dataSource.query(`SELECT alert_key FROM command_dispatch.warning_alert WHERE rule_id = $1 AND alert_key = ANY($2::text[])`, [ruleId, keys]);
    return new Set(rows.map((r) => r.alert_key));
  }

  /** Raises the alert and its work order; false when the key was raised before. */
  async raise(alert: AlertToRaise): Promise<boolean> {
    const sourceRef = `alert:${alert.ruleId}:${alert.key}`;
    const existing = await this.intake.bySource(alert.countyCode, 'rule_alert', sourceRef);
    const order = existing ?? (await this.intake.createFromInternalSource({ ...alert.order, countyCode: alert.countyCode, channel: 'rule_alert', sourceRef })).row;
    return this.uow.run(async (tx) => {
      const id = randomUUID();
      const inserted: { id: string }[] = await tx.em.query(
        `INSERT INTO command_dispatch.warning_alert (id, county_code, town_code, grid_code, rule_id, kind, alert_key, summary, details, work_order_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (rule_id, alert_key) DO NOTHING RETURNING id`,
        [id, alert.countyCode, alert.townCode, alert.gridCode, alert.ruleId, alert.kind, alert.key, alert.summary, JSON.stringify(alert.details), order.id],
      );
      if (!inserted.length) return false;
      tx.audit({ countyCode: alert.countyCode, jurisdictionCode: alert.townCode ?? alert.countyCode, action: 'warning_alert.raise', resourceType: 'warning_alert', resourceId: id, after: { ruleId: alert.ruleId, kind: alert.kind, summary: alert.summary, workOrderId: order.id, orderNo: order.order_no } });
      return true;
    });
  }

  async list(actor: Actor, query: ListWarningAlertsQuery): Promise<Page<WarningAlertView>> {
    assertRole(actor, ALERT_READERS, '查看预警 Reading alerts');
    const params: unknown[] = [jurisdictionPattern(actor)];
    const where = ['COALESCE(town_code, county_code) LIKE $1'];
    const add = (clause: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(clause(params.length));
    };
    if (query.ruleId) add((n) => `rule_id = $${n}`, query.ruleId);
    if (query.townCode) add((n) => `town_code = $${n}`, query.townCode);
    if (query.kind) add((n) => `kind = $${n}`, query.kind);
    const page = await readSqlPage<AlertRow>(this.dataSource, { columns: 'id, county_code, town_code, grid_code, rule_id, kind, summary, details, work_order_id, created_at', from: 'command_dispatch.warning_alert', where: where.join(' AND '), order: 'created_at DESC, id DESC' }, params, query);
    return { ...page, items: page.items.map(toAlertView) };
  }
}
