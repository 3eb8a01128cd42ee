import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor, HouseholdFlagCode, HouseholdView, ListHouseholdsQuery, ListVacantHouseholdsQuery, Page, RegisterHouseholdRequest, VacantHouseholdView } from '@yiti/contracts';
import { DomainException, UnitOfWork, assertRole, concerns, readSqlPage } from '@yiti/platform';
import { BASE_DATA_READ_ROLES, Placement } from '../base-data/placement';
import { GridScopes, scopeCondition } from '../grids/grid-scope';

interface HouseholdRow {
  id: string;
  town_code: string;
  grid_code: string;
  address: string;
  members: number;
  meter_number: string | null;
  flags: HouseholdFlagCode[];
}

const COLUMNS = 'id, town_code, grid_code, address, members, meter_number, flags';

/** 户: households of the grids (imported from CSV), e.g. the vacant ones (空关户) the command centre watches. */
@Injectable()
export class Households {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly placement: Placement,
    private readonly scopes: GridScopes,
  ) {}

  /** One household in the grid given or found from its point, audited. */
  async register(actor: Actor, request: RegisterHouseholdRequest): Promise<HouseholdView> {
    const grid = await this.placement.forWrite(actor, request, '户登记 Registering a household');
    const view: HouseholdView = { id: randomUUID(), gridCode: grid.code, address: request.address, members: request.members, meterNumber: request.meterNumber ?? null, flags: request.flags };
    return this.uow.run(async (tx) => {
      await tx.em.query(
        `INSERT INTO grid.household (id, county_code, town_code, grid_code, address, members, meter_number, flags, lng, lat) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [view.id, grid.countyCode, grid.townCode, grid.code, view.address, view.members, view.meterNumber, view.flags, request.lng ?? null, request.lat ?? null],
      );
      tx.audit({ countyCode: grid.countyCode, jurisdictionCode: grid.code, action: 'household.register', resourceType: 'household', resourceId: view.id, before: null, after: view });
      return view;
    });
  }

  /** Households within the caller's jurisdiction (a grid worker: their grid's). */
  async list(actor: Actor, query: ListHouseholdsQuery): Promise<Page<HouseholdView>> {
    assertRole(actor, BASE_DATA_READ_ROLES, '查阅户信息 Reading households');
    const params: unknown[] = [];
    let where = scopeCondition(await this.scopes.of(actor), 'grid_code', params);
    if (query.gridCode) {
      params.push(query.gridCode);
      where += ` AND grid_code = $${params.length}`;
    }
    if (query.flag) {
      params.push([query.flag]);
      where += ` AND flags @> $${params.length}::text[]`;
    }
    const { items, ...counted } = await readSqlPage<HouseholdRow>(this.dataSource, { columns: COLUMNS, from: 'grid.household', where, order: 'grid_code, id' }, params, query);
    return { items: items.map((r) => ({ id: r.id, gridCode: r.grid_code, address: r.address, members: r.members, meterNumber: r.meter_number, flags: r.flags })), ...counted };
  }

  /** 空关户 with their meter numbers, by town and grid, paged: what the command centre's early-warning rules read (yiti.v1.grid.households.vacant). */
  async vacant(actor: Actor, query: ListVacantHouseholdsQuery): Promise<Page<VacantHouseholdView>> {
    assertRole(actor, BASE_DATA_READ_ROLES, '查阅空关户 Reading vacant households');
    for (const code of [query.townCode, query.gridCode]) {
      if (code && !concerns(actor, code)) throw new DomainException('FORBIDDEN_JURISDICTION', `区划 ${code} 不在您的管辖范围内 ${code} is outside your jurisdiction`);
    }
    const params: unknown[] = [];
    let where = `${scopeCondition(await this.scopes.of(actor), 'grid_code', params)} AND 'vacant' = ANY (flags)`;
    if (query.townCode) {
      params.push(query.townCode);
      where += ` AND town_code = $${params.length}`;
    }
    if (query.gridCode) {
      params.push(query.gridCode);
      where += ` AND grid_code = $${params.length}`;
    }
    const { items, ...counted } = await readSqlPage<HouseholdRow>(this.dataSource, { columns: COLUMNS, from: 'grid.household', where, order: 'town_code, grid_code, id' }, params, query);
    return { items: items.map((r) => ({ id: r.id, townCode: r.town_code, gridCode: r.grid_code, address: r.address, meterNumber: r.meter_number, flags: r.flags })), ...counted };
  }
}
