import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ENTERPRISE_TYPE_LABELS, RISK_LEVEL_LABELS, type Actor, type BuildingView, type EnterpriseView, type ListByGridQuery, type ListEnterprisesQuery, type Page, type RegisterBuildingRequest, type RegisterEnterpriseRequest } from '@yiti/contracts';
import { DomainException, UnitOfWork, assertRole, readSqlPage } from '@yiti/platform';
import { BASE_DATA_READ_ROLES, Placement } from './placement';
import { GridScopes, scopeCondition, visibleInScope } from '../grids/grid-scope';

interface EnterpriseRow {
  id: string;
  grid_code: string;
  name: string;
  credit_code: string;
  kind: EnterpriseView['kind'];
  type: EnterpriseView['type'];
  risk_level: EnterpriseView['riskLevel'];
  address: string | null;
  lng: number | null;
  lat: number | null;
}

interface BuildingRow {
  id: string;
  grid_code: string;
  name: string;
  address: string | null;
  floors: number | null;
  use: BuildingView['use'];
  lng: number | null;
  lat: number | null;
}

const ENTERPRISE_COLUMNS = 'id, grid_code, name, credit_code, kind, type, risk_level, address, lng, lat';
const BUILDING_COLUMNS = 'id, grid_code, name, address, floors, use, lng, lat';

const toEnterpriseView = (r: EnterpriseRow): EnterpriseView => ({
  id: r.id,
  gridCode: r.grid_code,
  name: r.name,
  creditCode: r.credit_code,
  kind: r.kind,
  type: r.type,
  typeLabel: ENTERPRISE_TYPE_LABELS[r.type],
  riskLevel: r.risk_level,
  riskLabel: RISK_LEVEL_LABELS[r.risk_level],
  address: r.address,
  lng: r.lng,
  lat: r.lat,
});

const toBuildingView = (r: BuildingRow): BuildingView => ({ id: r.id, gridCode: r.grid_code, name: r.name, address: r.address, floors: r.floors, use: r.use, lng: r.lng, lat: r.lat });

/** 企业与场所 (GB 32100 credit code verified by the request's validation, once per county) and 楼栋, each in one grid. */
@Injectable()
export class Enterprises {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly placement: Placement,
    private readonly scopes: GridScopes,
  ) {}

  async register(actor: Actor, request: RegisterEnterpriseRequest): Promise<EnterpriseView> {
    const grid = await this.placement.forWrite(actor, request, '企业场所登记 Registering an enterprise');
    const row: EnterpriseRow = { id: randomUUID(), grid_code: grid.code, name: request.name, credit_code: request.creditCode, kind: request.kind, type: request.type, risk_level: request.riskLevel, address: request.address ?? null, lng: request.lng ?? null, lat: request.lat ?? null };
    return this.uow.run(async (tx) => {
      const taken: unknown[] = await tx.em.query(`SELECT 1 FROM grid.enterprise WHERE county_code = $1 AND credit_code = $2`, [grid.countyCode, row.credit_code]);
      if (taken.length) throw new DomainException('ENTERPRISE_ALREADY_REGISTERED', `统一社会信用代码 ${row.credit_code} 已在本县登记 Already registered in the county`);
      await tx.em.query(
        `INSERT INTO grid.enterprise (id, county_code, town_code, grid_code, name, credit_code, kind, type, risk_level, address, lng, lat) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [row.id, grid.countyCode, grid.townCode, row.grid_code, row.name, row.credit_code, row.kind, row.type, row.risk_level, row.address, row.lng, row.lat],
      );
      tx.audit({ countyCode: grid.countyCode, jurisdictionCode: grid.code, action: 'enterprise.register', resourceType: 'enterprise', resourceId: row.id, before: null, after: toEnterpriseView(row) });
      return toEnterpriseView(row);
    });
  }

  async get(actor: Actor, id: string): Promise<EnterpriseView> {
    assertRole(actor, BASE_DATA_READ_ROLES, '查阅企业场所 Reading enterprises');
    const rows: EnterpriseRow[] = await this.dataSource.query(`SELECT ${ENTERPRISE_COLUMNS} FROM grid.enterprise WHERE id = $1`, [id]);
    return toEnterpriseView(visibleInScope(actor, await this.scopes.of(actor), rows[0], (r) => r.grid_code, { code: 'ENTERPRISE_NOT_FOUND', detail: `企业场所 ${id} 不存在 Not found` }));
  }

  async list(actor: Actor, query: ListEnterprisesQuery): Promise<Page<EnterpriseView>> {
    assertRole(actor, BASE_DATA_READ_ROLES, '查阅企业场所 Reading enterprises');
    const params: unknown[] = [];
    let where = scopeCondition(await this.scopes.of(actor), 'grid_code', params);
    if (query.gridCode) {
      params.push(query.gridCode);
      where += ` AND grid_code = $${params.length}`;
    }
    if (query.riskLevel) {
      params.push(query.riskLevel);
      where += ` AND risk_level = $${params.length}`;
    }
    const { items, ...counted } = await readSqlPage<EnterpriseRow>(this.dataSource, { columns: ENTERPRISE_COLUMNS, from: 'grid.enterprise', where, order: 'grid_code, id' }, params, query);
    return { items: items.map(toEnterpriseView), ...counted };
  }

  async registerBuilding(actor: Actor, request: RegisterBuildingRequest): Promise<BuildingView> {
    const grid = await this.placement.forWrite(actor, request, '楼栋登记 Registering a building');
    const row: BuildingRow = { id: randomUUID(), grid_code: grid.code, name: request.name, address: request.address ?? null, floors: request.floors ?? null, use: request.use, lng: request.lng ?? null, lat: request.lat ?? null };
    return this.uow.run(async (tx) => {
      await tx.em.query(`INSERT INTO grid.building (id, county_code, town_code, grid_code, name, address, floors, use, lng, lat) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
        row.id,
        grid.countyCode,
        grid.townCode,
        row.grid_code,
        row.name,
        row.address,
        row.floors,
        row.use,
        row.lng,
        row.lat,
      ]);
      tx.audit({ countyCode: grid.countyCode, jurisdictionCode: grid.code, action: 'building.register', resourceType: 'building', resourceId: row.id, before: null, after: toBuildingView(row) });
      return toBuildingView(row);
    });
  }

  async listBuildings(actor: Actor, query: ListByGridQuery): Promise<Page<BuildingView>> {
    assertRole(actor, BASE_DATA_READ_ROLES, '查阅楼栋 Reading buildings');
    const params: unknown[] = [];
    let where = scopeCondition(await this.scopes.of(actor), 'grid_code', params);
    if (query.gridCode) {
      params.push(query.gridCode);
      where += ` AND grid_code = $${params.length}`;
    }
    const { items, ...counted } = await readSqlPage<BuildingRow>(this.dataSource, { columns: BUILDING_COLUMNS, from: 'grid.building', where, order: 'grid_code, id' }, params, query);
    return { items: items.map(toBuildingView), ...counted };
  }
}
