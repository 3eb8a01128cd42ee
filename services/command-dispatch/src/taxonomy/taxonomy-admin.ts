import { Injectable } from '@nestjs/common';
import { DEFAULT_SLA_POLICIES, SLA_POLICY_KEYS, slaLimitProblem, type Actor, type CategoryView, type DispatchSettingsView, type SaveCategoryRequest, type SaveDispatchSettingsRequest, type SlaLimit, type SlaPolicyKey } from '@yiti/contracts';
import { DomainException, UnitOfWork, assertRole, assertWithin, concerns } from '@yiti/platform';
import { CountySettings } from '../work-orders/county-settings';

const invalid = (field: string, message: string) => new DomainException('VALIDATION_FAILED', `${field}: ${message}`, [{ field, messages: [message] }]);

/** The county's policies over the defaults, each validated; unknown keys refused. */
export function validPolicies(policies: Record<string, unknown>): Partial<Record<SlaPolicyKey, SlaLimit>> {
  const valid: Partial<Record<SlaPolicyKey, SlaLimit>> = {};
  for (const [key, value] of Object.entries(policies)) {
    if (!(SLA_POLICY_KEYS as string[]).includes(key)) throw invalid(`slaPolicies.${key}`, `unknown; one of ${SLA_POLICY_KEYS.join(', ')}`);
    const limit = value as SlaLimit;
    if (!limit || typeof limit !== 'object' || !['working_days', 'working_hours', 'same_day'].includes(limit.unit)) throw invalid(`slaPolicies.${key}`, 'a limit is { unit: working_days | working_hours | same_day, amount }');
    const problem = slaLimitProblem(limit);
    if (problem) throw invalid(`slaPolicies.${key}`, problem);
    valid[key as SlaPolicyKey] = { unit: limit.unit, amount: limit.amount };
  }
  return valid;
}

/**
 * The county admin's taxonomy (分类目录) and dispatch settings: validated on save, audited; every
 * instance reads them afresh within CountySettings' short memory.
 */
@Injectable()
export class TaxonomyAdmin {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly settings: CountySettings,
  ) {}

  async list(actor: Actor, countyCode: string): Promise<CategoryView[]> {
    if (!concerns(actor, countyCode)) throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${countyCode} 不存在 ${countyCode} not found`);
    return (await this.settings.taxonomy(countyCode)).map((e) => ({ code: e.code, name: e.name, kind: e.kind, dutyCategory: e.dutyCategory, sla: e.sla }));
  }

  async save(actor: Actor, request: SaveCategoryRequest): Promise<CategoryView> {
    assertRole(actor, ['county_admin'], '编辑分类目录 Editing the taxonomy');
    assertWithin(actor, request.countyCode);
    if ((request.slaUnit === undefined) !== (request.slaAmount === undefined)) throw invalid('slaAmount', 'slaUnit and slaAmount go together');
    const sla = request.slaUnit !== undefined && request.slaAmount !== undefined ? { unit: request.slaUnit, amount: request.slaAmount } : null;
    const problem = sla ? slaLimitProblem(sla) : null;
    if (problem) throw invalid('slaAmount', problem);
    const view: CategoryView = { code: request.code, name: request.name.trim(), kind: request.kind, dutyCategory: request.dutyCategory?.trim() || null, sla };
    await this.uow.run(async (tx) => {
      await tx.em.query(
        `INSERT INTO command_dispatch.category (county_code, code, name, kind, duty_category, sla_unit, sla_amount, active, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
         ON CONFLICT (county_code, code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, duty_category = EXCLUDED.duty_category, sla_unit = EXCLUDED.sla_unit, sla_amount = EXCLUDED.sla_amount, active = EXCLUDED.active, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [request.countyCode, view.code, view.name, view.kind, view.dutyCategory, sla?.unit ?? null, sla?.amount ?? null, request.active ?? true, actor.userId],
      );
      tx.audit({ countyCode: request.countyCode, jurisdictionCode: request.countyCode, action: 'category.save', resourceType: 'category', resourceId: `${request.countyCode}/${view.code}`, before: null, after: { ...view, active: request.active ?? true } });
    });
    this.settings.forget(request.countyCode);
    return view;
  }

  async getSettings(actor: Actor, countyCode: string): Promise<DispatchSettingsView> {
    if (!concerns(actor, countyCode)) throw new DomainException('JURISDICTION_NOT_FOUND', `区划 ${countyCode} 不存在 ${countyCode} not found`);
    const settings = await this.settings.of(countyCode);
    return { countyCode, dueSoonHours: settings.dueSoonHours, resuperviseHours: settings.resuperviseHours, slaPolicies: { ...DEFAULT_SLA_POLICIES, ...settings.slaPolicies } };
  }

  async saveSettings(actor: Actor, request: SaveDispatchSettingsRequest): Promise<DispatchSettingsView> {
    assertRole(actor, ['county_admin'], '设置调度时限 Setting dispatch limits');
    assertWithin(actor, request.countyCode);
    const policies = validPolicies(request.slaPolicies ?? {});
    await this.uow.run(async (tx) => {
      await tx.em.query(
        `INSERT INTO command_dispatch.county_setting (county_code, due_soon_hours, resupervise_hours, sla_policies, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (county_code) DO UPDATE SET due_soon_hours = EXCLUDED.due_soon_hours, resupervise_hours = EXCLUDED.resupervise_hours, sla_policies = EXCLUDED.sla_policies, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [request.countyCode, request.dueSoonHours, request.resuperviseHours, JSON.stringify(policies), actor.userId],
      );
      tx.audit({ countyCode: request.countyCode, jurisdictionCode: request.countyCode, action: 'dispatch_settings.save', resourceType: 'county_setting', resourceId: request.countyCode, before: null, after: { dueSoonHours: request.dueSoonHours, resuperviseHours: request.resuperviseHours, slaPolicies: policies } });
    });
    this.settings.forget(request.countyCode);
    return { countyCode: request.countyCode, dueSoonHours: request.dueSoonHours, resuperviseHours: request.resuperviseHours, slaPolicies: { ...DEFAULT_SLA_POLICIES, ...policies } };
  }
}
