import { randomBytes } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import type { Actor } from '@yiti/contracts';
import { ResponseCipher, UnitOfWork, runWithContext, type IsoDate, type PlatformModuleOptions } from '@yiti/platform';
import { parseCatalogCsv } from '../authority/catalog/catalog-csv';
import { CatalogItemEntity, CatalogVersionEntity, CountyCatalogEntity } from '../authority/catalog/catalog.entity';
import { CatalogService } from '../authority/catalog/catalog.service';
import { readStandardCatalogCsv } from '../authority/catalog/standard-catalog';
import { DelegationEntity } from '../authority/delegation/delegation.entity';
import { DelegationService } from '../authority/delegation/delegation.service';
import { IDENTITY_SCHEMA } from '../identity.module';

export const DEMO_CATALOG_CODE = 'JS-SAMPLE';
const DEMO_COUNTY = '320585';
const DEMO_DECISION_NO = '太政发〔2025〕88号(示例)';

/** The seed acts as the province (publishes the catalog) and as Taicang's administrator (chooses it, delegates). */
const SEED_AS_PROVINCE: Actor = { userId: 'system:seed', username: 'seed', roles: ['province_admin'], organisationId: '', jurisdictionCode: '320000' };
const SEED_AS_COUNTY: Actor = { ...SEED_AS_PROVINCE, roles: ['county_admin'], jurisdictionCode: DEMO_COUNTY };

interface DemoGrant {
  townCode: string;
  effectiveFrom: IsoDate;
  transitionMonths?: number;
  holds: (item: CatalogItemEntity) => boolean;
}

/** Liuhe holds these since 2026-01-01; Chengxiang took the city-management penalties on 2026-12-01 with a 2-month transition. */
const DEMO_GRANTS: DemoGrant[] = [
  { townCode: '320585102', effectiveFrom: '2026-01-01', holds: (item) => ['城市管理', '市场监管', '住房建设', '民政'].includes(item.category) },
  { townCode: '320585100', effectiveFrom: '2026-12-01', transitionMonths: 2, holds: (item) => item.category === '城市管理' && item.kind === 'penalty' },
];

/**
 * The sample standard catalog as version JS-SAMPLE, chosen by Taicang, with demo delegations, each
 * written through the same service call as the API (so with its history, audit entries and events).
 * Only what is missing is added. Returns the number of catalog items imported.
 */
export async function seedDemoCatalog(dataSource: DataSource): Promise<number> {
  // In-process calls carry no Idempotency-Key, so the cipher for recorded responses is never used.
  const uow = new UnitOfWork(dataSource, { schema: IDENTITY_SCHEMA } as PlatformModuleOptions, new ResponseCipher(randomBytes(32).toString('hex')));
  const catalog = new CatalogService(dataSource, uow);
  const delegations = new DelegationService(dataSource, uow);
  const asSeed = <T>(actor: Actor, work: () => Promise<T>) => runWithContext({ correlationId: 'seed-demo', actor }, work);

  const versionId =
    (await dataSource.getRepository(CatalogVersionEntity).findOneBy({ code: DEMO_CATALOG_CODE }))?.id ??
    (await asSeed(SEED_AS_PROVINCE, () => catalog.createVersion(SEED_AS_PROVINCE, { code: DEMO_CATALOG_CODE, name: '江苏省赋予乡镇(街道)经济社会管理权限指导目录(示例数据)', publishedOn: '2021-01-01' }))).id;
  let imported = 0;
  if (!(await dataSource.getRepository(CatalogItemEntity).existsBy({ versionId }))) {
    const result = await asSeed(SEED_AS_PROVINCE, () => catalog.importItems(SEED_AS_PROVINCE, { versionId, csv: readStandardCatalogCsv() }, parseCatalogCsv));
    imported = result.imported;
  }
  if (!(await dataSource.getRepository(CountyCatalogEntity).existsBy({ countyCode: DEMO_COUNTY }))) {
    await asSeed(SEED_AS_COUNTY, () => catalog.setCountyCatalog(SEED_AS_COUNTY, DEMO_COUNTY, versionId));
  }
  if (!(await dataSource.getRepository(CountyCatalogEntity).existsBy({ countyCode: DEMO_COUNTY, versionId }))) return imported; // Taicang chose another version

  const items = await dataSource.getRepository(CatalogItemEntity).findBy({ versionId });
  for (const grant of DEMO_GRANTS) {
    const held = await dataSource.getRepository(DelegationEntity).findBy({ townCode: grant.townCode, itemId: In(items.map((i) => i.id)) });
    const itemIds = items.filter((item) => grant.holds(item) && !held.some((d) => d.itemId === item.id)).map((item) => item.id);
    if (itemIds.length === 0) continue;
    const request = { townCodes: [grant.townCode], itemIds, decisionNo: DEMO_DECISION_NO, effectiveFrom: grant.effectiveFrom, transitionMonths: grant.transitionMonths };
    await asSeed(SEED_AS_COUNTY, () => delegations.grant(SEED_AS_COUNTY, request));
  }
  return imported;
}
