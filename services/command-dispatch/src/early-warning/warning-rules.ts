import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { WARNING_RULE_KIND_LABELS, type Actor, type CreateWarningRuleRequest, type ListWarningRulesQuery, type Page, type Role, type UpdateWarningRuleCommand, type WarningRuleKind, type WarningRuleParams, type WarningRuleView } from '@yiti/contracts';
import { assertRole, assertWithin, DomainException, isConstraintViolation, jurisdictionPattern, readSqlPage, UnitOfWork, visibleOr404 } from '@yiti/platform';
import { CountySettings } from '../work-orders/county-settings';
import { checkRuleParams } from './rule-params';
import { armRuleTimer } from './rule-timer-rows';

/** A county admin keeps the rules (rules as data); the centre's staff read them. */
export const RULE_EDITORS: Role[] = ['county_admin'];
export const RULE_READERS: Role[] = ['county_admin', 'dispatcher', 'commander', 'county_leader'];

export interface WarningRuleRow {
  id: string;
  county_code: string;
  name: string;
  kind: WarningRuleKind;
  params: WarningRuleParams;
  active: boolean;
  version: number;
  updated_by: string;
  updated_at: Date;
}

export const toRuleView = (r: WarningRuleRow): WarningRuleView => ({
  id: r.id,
  countyCode: r.county_code,
  name: r.name,
  kind: r.kind,
  kindLabel: WARNING_RULE_KIND_LABELS[r.kind],
  params: r.params,
  active: r.active,
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at).toISOString(),
});

const notFound = (id: string) => ({ code: 'WARNING_RULE_NOT_FOUND' as const, detail: `预警规则 ${id} 不存在 Rule ${id} not found` });

/** 研判预警规则: kept as rows, validated on save against the kind's parameters and the county taxonomy; every change audited. */
@Injectable()
export class WarningRules {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly settings: CountySettings,
  ) {}

  private async validParams(countyCode: string, kind: WarningRuleKind, raw: Record<string, unknown>): Promise<WarningRuleParams> {
    const categories = new Set((await this.settings.taxonomy(countyCode)).map((c) => c.code));
    const check = checkRuleParams(kind, raw, categories);
    if (!check.ok) throw new DomainException('WARNING_RULE_INVALID', `预警规则参数无效 Rule parameters invalid: ${check.problems.map((p) => `${p.field} ${p.messages.join('; ')}`).join(', ')}`, check.problems);
    return check.params;
  }

  async create(actor: Actor, request: CreateWarningRuleRequest): Promise<WarningRuleView> {
    assertRole(actor, RULE_EDITORS, '设置预警规则 Setting an early-warning rule');
    assertWithin(actor, request.countyCode);
    const params = await this.validParams(request.countyCode, request.kind, request.params);
    const row: WarningRuleRow = { id: randomUUID(), county_code: request.countyCode, name: request.name.trim(), kind: request.kind, params, active: request.active ?? true, version: 1, updated_by: actor.userId, updated_at: new Date() };
    try {
      return await this.uow.run(async (tx) => {
        await tx.em.query(`INSERT INTO command_dispatch.warning_rule (id, county_code, name, kind, params, active, version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)`, [row.id, row.county_code, row.name, row.kind, JSON.stringify(params), row.active, row.updated_by, row.updated_at]);
        await armRuleTimer(tx, row);
        const view = toRuleView(row);
        tx.audit({ countyCode: row.county_code, jurisdictionCode: row.county_code, action: 'warning_rule.create', resourceType: 'warning_rule', resourceId: row.id, after: view });
        return view;
      });
    } catch (error) {
      if (isConstraintViolation(error, '23505', 'warning_rule_name_unique')) throw new DomainException('VALIDATION_FAILED', `本县已有规则 ${row.name} The county has a rule of this name`, [{ field: 'name', messages: ['already used in the county'] }]);
      throw error;
    }
  }

  async update(actor: Actor, command: UpdateWarningRuleCommand): Promise<WarningRuleView> {
    assertRole(actor, RULE_EDITORS, '修改预警规则 Changing an early-warning rule');
    const current = await this.find(actor, command.id);
    assertWithin(actor, current.county_code);
    const params = await this.validParams(current.county_code, current.kind, command.params);
    return this.uow.run(async (tx) => {
      const [rows]: [WarningRuleRow[]] = await tx.em.query(
        `UPDATE command_dispatch.warning_rule SET name = $2, params = $3, active = $4, version = version + 1, updated_by = $5, updated_at = now() WHERE id = $1 RETURNING *`,
        [command.id, command.name.trim(), JSON.stringify(params), command.active, actor.userId],
      );
      await armRuleTimer(tx, rows[0]);
      const after = toRuleView(rows[0]);
      tx.audit({ countyCode: current.county_code, jurisdictionCode: current.county_code, action: 'warning_rule.update', resourceType: 'warning_rule', resourceId: command.id, before: toRuleView(current), after });
      return after;
    });
  }

  async find(actor: Actor, id: string): Promise<WarningRuleRow> {
    const rows: WarningRuleRow[] = await this.dataSource.query(`SELECT * FROM command_dispatch.warning_rule WHERE id = $1`, [id]);
    // A county's rules concern every town of it: visible to the county and to the towns below.
    return visibleOr404({ ...actor, jurisdictionCode: actor.jurisdictionCode.slice(0, 6) }, rows[0], (r) => r.county_code, notFound(id));
  }

  async get(actor: Actor, id: string): Promise<WarningRuleView> {
    assertRole(actor, RULE_READERS, '查看预警规则 Reading early-warning rules');
    return toRuleView(await this.find(actor, id));
  }

  async list(actor: Actor, query: ListWarningRulesQuery): Promise<Page<WarningRuleView>> {
    assertRole(actor, RULE_READERS, '查看预警规则 Reading early-warning rules');
    const params: unknown[] = [jurisdictionPattern({ ...actor, jurisdictionCode: actor.jurisdictionCode.slice(0, 6) })];
    let where = 'county_code LIKE $1';
    if (query.kind) {
      params.push(query.kind);
      where += ` AND kind = $${params.length}`;
    }
    const page = await readSqlPage<WarningRuleRow>(this.dataSource, { columns: '*', from: 'command_dispatch.warning_rule', where, order: 'county_code, name, id' }, params, query);
    return { ...page, items: page.items.map(toRuleView) };
  }

  /** The active rules of a kind in a county (a county keeps few: at most 200 are read). */
  async active(countyCode: string, kind: WarningRuleKind, ruleId?: string): Promise<WarningRuleRow[]> {
    return this.dataSource.query(`SELECT * FROM command_dispatch.warning_rule WHERE county_code = $1 AND kind = $2 AND active AND ($3::uuid IS NULL OR id = $3) ORDER BY id LIMIT 200`, [countyCode, kind, ruleId ?? null]);
  }
}
