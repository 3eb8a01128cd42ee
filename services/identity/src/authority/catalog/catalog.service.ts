import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  POWER_KIND_LABELS,
  countyOf,
  type Actor,
  type CatalogItemView,
  type CatalogVersionView,
  type CountyCatalogView,
  type CreateCatalogVersionRequest,
  type ImportCatalogItemsCommand,
  type ImportCatalogItemsResult,
  type ListCatalogItemsQuery,
  type Page,
} from '@yiti/contracts';
import { DomainException, UnitOfWork, containsPattern, isConstraintViolation, readPage } from '@yiti/platform';
import { assertWithin, concerns } from '../../access/access-rules';
import { assertRole } from '../authority-access';
import { checkCatalogRows, detailsOf } from './catalog-import';
import { CatalogItemEntity, CatalogVersionEntity, CountyCatalogEntity } from './catalog.entity';

export function toCatalogItemView(entity: CatalogItemEntity): CatalogItemView {
  return {
    id: entity.id,
    versionId: entity.versionId,
    basicCode: entity.basicCode,
    name: entity.name,
    kind: entity.kind,
    kindLabel: POWER_KIND_LABELS[entity.kind],
    department: entity.department,
    category: entity.category,
    legalBasis: entity.legalBasis,
    ...(entity.details as object),
  };
}

@Injectable()
export class CatalogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async listVersions(): Promise<CatalogVersionView[]> {
    const rows: { id: string; code: string; name: string; published_on: string; licensing: number; penalty: number }[] = await this.dataSource.query(`
      SELECT v.id, v.code, v.name, to_char(v.published_on, 'YYYY-MM-DD') AS published_on,
             count(*) FILTER (WHERE i.kind = 'licensing')::int AS licensing, count(*) FILTER (WHERE i.kind = 'penalty')::int AS penalty
      FROM identity.catalog_version v LEFT JOIN identity.catalog_item i ON i.version_id = v.id
      GROUP BY v.id ORDER BY v.published_on DESC, v.code`);
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, publishedOn: r.published_on, licensingItems: r.licensing, penaltyItems: r.penalty }));
  }

  async getVersion(id: string): Promise<CatalogVersionView> {
    const version = (await this.listVersions()).find((v) => v.id === id);
    if (!version) throw new DomainException('CATALOG_VERSION_NOT_FOUND', `目录版本 ${id} 不存在 Catalog version ${id} not found`);
    return version;
  }

  async createVersion(actor: Actor, request: CreateCatalogVersionRequest): Promise<CatalogVersionView> {
    assertRole(actor, ['province_admin'], '发布目录版本 publish a catalog version');
    const id = randomUUID();
    try {
      await this.uow.run(async (tx) => {
        await tx.em.insert(CatalogVersionEntity, { id, code: request.code, name: request.name, publishedOn: request.publishedOn, createdAt: new Date() });
        tx.audit({ countyCode: '', action: 'catalog.version.create', resourceType: 'catalog_version', resourceId: id, after: request });
      });
    } catch (error) {
      if (isConstraintViolation(error, '23505', 'catalog_version_code_key')) throw new DomainException('CATALOG_VERSION_EXISTS', `目录版本 ${request.code} 已存在 ${request.code} exists`);
      throw error;
    }
    return this.getVersion(id);
  }

  /** All or nothing: any invalid row imports nothing and every row's problems come back. */
  async importItems(actor: Actor, command: ImportCatalogItemsCommand, parseCsv: (csv: string) => unknown[]): Promise<ImportCatalogItemsResult> {
    assertRole(actor, ['province_admin'], '导入目录事项 import catalog items');
    await this.getVersion(command.versionId);
    if ((command.items === undefined) === (command.csv === undefined)) {
      throw new DomainException('VALIDATION_FAILED', '须提供 items 或 csv 之一 Give either items or csv', [{ field: 'items', messages: ['give exactly one of items, csv'] }]);
    }
    const rows = command.items ?? parseCsv(command.csv as string);
    const existing: { basic_code: string }[] = await this.dataSource.query(`SELECT basic_code FROM identity.catalog_item WHERE version_id = $1`, [command.versionId]);
    const { items, errors } = await checkCatalogRows(rows, new Set(existing.map((e) => e.basic_code)));
    if (errors.length > 0) {
      throw new DomainException('CATALOG_IMPORT_INVALID', `${errors.length} 处错误,未导入任何事项 ${errors.length} problems; nothing imported`, errors.slice(0, 500).map((e) => ({ field: `row ${e.row}: ${e.field}`, messages: [e.message] })));
    }
    if (command.dryRun) return { imported: 0, checked: rows.length, errors: [] };
    await this.uow.run(async (tx) => {
      const entities = items.map((item) => tx.em.create(CatalogItemEntity, {
        id: randomUUID(),
        versionId: command.versionId,
        basicCode: item.basicCode,
        name: item.name,
        kind: item.kind,
        department: item.department,
        category: item.category,
        legalBasis: item.legalBasis,
        details: detailsOf(item),
      }));
      for (let i = 0; i < entities.length; i += 500) await tx.em.insert(CatalogItemEntity, entities.slice(i, i + 500));
      tx.audit({ countyCode: '', action: 'catalog.items.import', resourceType: 'catalog_version', resourceId: command.versionId, after: { imported: entities.length, codes: entities.map((e) => e.basicCode) } });
    });
    return { imported: items.length, checked: rows.length, errors: [] };
  }

  async listItems(query: ListCatalogItemsQuery): Promise<Page<CatalogItemView>> {
    const qb = this.dataSource.getRepository(CatalogItemEntity).createQueryBuilder('i').where('i.version_id = :versionId', { versionId: query.versionId });
    if (query.kind) qb.andWhere('i.kind = :kind', { kind: query.kind });
    if (query.category) qb.andWhere('i.category = :category', { category: query.category });
    if (query.q) qb.andWhere('(i.name ILIKE :q OR i.basic_code ILIKE :q)', { q: containsPattern(query.q) });
    const { items: rows, ...counted } = await readPage(qb.orderBy('i.kind').addOrderBy('i.basic_code'), query);
    return { items: rows.map(toCatalogItemView), ...counted };
  }

  async getItem(id: string): Promise<CatalogItemView> {
    const entity = await this.dataSource.getRepository(CatalogItemEntity).findOneBy({ id });
    if (!entity) throw new DomainException('CATALOG_ITEM_NOT_FOUND', `事项 ${id} 不存在 Item ${id} not found`);
    return toCatalogItemView(entity);
  }

  /** Each county uses one version of the provincial catalog. */
  async setCountyCatalog(actor: Actor, countyCode: string, versionId: string): Promise<CountyCatalogView> {
    assertRole(actor, ['province_admin', 'county_admin'], '选用目录版本 choose the county catalog');
    if (countyOf(countyCode) !== countyCode) throw new DomainException('VALIDATION_FAILED', `${countyCode} 不是县级代码 not a county code`);
    assertWithin(actor, countyCode);
    const version = await this.getVersion(versionId);
    await this.uow.run(async (tx) => {
      const before = await tx.em.findOneBy(CountyCatalogEntity, { countyCode });
      await tx.em.upsert(CountyCatalogEntity, { countyCode, versionId, setAt: new Date() }, ['countyCode']);
      tx.audit({ countyCode, action: 'catalog.county.set', resourceType: 'county_catalog', resourceId: countyCode, jurisdictionCode: countyCode, before: before ? { versionId: before.versionId } : null, after: { versionId } });
    });
    return { countyCode, version };
  }

  async getCountyCatalog(actor: Actor, countyCode: string): Promise<CountyCatalogView> {
    const row = await this.dataSource.getRepository(CountyCatalogEntity).findOneBy({ countyCode });
    if (!row || !concerns(actor, countyCode)) throw new DomainException('COUNTY_CATALOG_NOT_SET', `${countyCode} 尚未选用目录版本 has no catalog version`);
    return { countyCode, version: await this.getVersion(row.versionId) };
  }
}
