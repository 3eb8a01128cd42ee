import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AUTHORITY_EVENTS, type EventEnvelope, type PowerDelegatedEvent, type PowerKind } from '@yiti/contracts';
import { buildEventEnvelope, type AuditEntry } from '@yiti/platform';
import { detailsOf } from '../authority/catalog/catalog-import';
import { STANDARD_CATALOG_SAMPLE } from '../authority/catalog/standard-catalog.data';
import { addMonths } from '@yiti/platform';

export const DEMO_CATALOG_CODE = 'JS-SAMPLE';
const DEMO_DECISION_NO = '太政发〔2025〕88号(示例)';

/** Items per town in the demo: Liuhe holds these from 2026-01-01; Chengxiang takes some on 2026-12-01 with a 2-month transition. */
const LIUHE_CATEGORIES = ['城市管理', '市场监管', '住房建设', '民政'];
const CHENGXIANG_CATEGORIES = ['城市管理'];

/**
 * The sample standard catalog as version JS-SAMPLE, chosen by Taicang, with demo delegations.
 * Only what is missing is added. Sample data: the real catalog is imported by operators.
 */
export async function seedDemoCatalog(em: EntityManager, audits: AuditEntry[], events: EventEnvelope[], system: Pick<AuditEntry, 'actorId' | 'actorRoles' | 'correlationId'>): Promise<number> {
  const existing: { id: string }[] = await em.query(`SELECT id FROM identity.catalog_version WHERE code = $1`, [DEMO_CATALOG_CODE]);
  if (existing.length > 0) return 0;
  const versionId = randomUUID();
  await em.query(`INSERT INTO identity.catalog_version (id, code, name, published_on) VALUES ($1, $2, $3, '2021-01-01')`, [
    versionId,
    DEMO_CATALOG_CODE,
    '江苏省赋予乡镇(街道)经济社会管理权限指导目录(示例数据)',
  ]);
  const itemIds = new Map<string, { id: string; kind: string; category: string }>();
  for (const item of STANDARD_CATALOG_SAMPLE) {
    const id = randomUUID();
    itemIds.set(item.basicCode, { id, kind: item.kind, category: item.category });
    await em.query(
      `INSERT INTO identity.catalog_item (id, version_id, basic_code, name, kind, department, category, legal_basis, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, versionId, item.basicCode, item.name, item.kind, item.department, item.category, item.legalBasis, JSON.stringify(detailsOf(item))],
    );
  }
  await em.query(`INSERT INTO identity.county_catalog (county_code, version_id, set_at) VALUES ('320585', $1, now()) ON CONFLICT (county_code) DO NOTHING`, [versionId]);
  audits.push({ ...system, countyCode: '', action: 'catalog.version.create', resourceType: 'catalog_version', resourceId: versionId, after: { code: DEMO_CATALOG_CODE, items: STANDARD_CATALOG_SAMPLE.length } });

  const grants: [string, string, string, string | null][] = [];
  for (const [code, item] of itemIds) {
    if (LIUHE_CATEGORIES.includes(item.category)) grants.push(['320585102', code, '2026-01-01', null]);
    if (CHENGXIANG_CATEGORIES.includes(item.category) && item.kind === 'penalty') grants.push(['320585100', code, '2026-12-01', addMonths('2026-12-01', 2)]);
  }
  for (const [town, code, effectiveFrom, transitionUntil] of grants) {
    const item = itemIds.get(code) as { id: string; kind: string };
    const id = randomUUID();
    await em.query(
      `INSERT INTO identity.delegation (id, county_code, town_code, item_id, item_kind, decision_no, effective_from, transition_until, created_at)
       VALUES ($1, '320585', $2, $3, $4, $5, $6, $7, now())`,
      [id, town, item.id, item.kind, DEMO_DECISION_NO, effectiveFrom, transitionUntil],
    );
    const after = { townCode: town, itemCode: code, effectiveFrom, transitionUntil };
    await em.query(`INSERT INTO identity.delegation_change (delegation_id, action, reason, after, actor_id, at) VALUES ($1, 'granted', '示例数据', $2, $3, now())`, [id, JSON.stringify(after), system.actorId]);
    audits.push({ ...system, countyCode: '320585', action: 'delegation.granted', resourceType: 'delegation', resourceId: id, jurisdictionCode: town, after });
    // As a delegation made through the API announces itself: the services that cache town powers learn of it.
    const data: PowerDelegatedEvent = { delegationId: id, countyCode: '320585', townCode: town, itemId: item.id, itemCode: code, kind: item.kind as PowerKind, effectiveFrom, transitionUntil, decisionNo: DEMO_DECISION_NO };
    events.push(buildEventEnvelope({ subject: AUTHORITY_EVENTS.powerDelegated.subject, data, countyCode: '320585', correlationId: system.correlationId }));
  }
  return STANDARD_CATALOG_SAMPLE.length;
}
