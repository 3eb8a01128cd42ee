import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor, ListResidentsQuery, Page, RegisterResidentRequest, ResidentView, SearchResidentsRequest } from '@yiti/contracts';
import { DomainException, PersonalDataProtector, UnitOfWork, assertRole, maskIdNumber, maskPhone, readSqlPage } from '@yiti/platform';
import { BASE_DATA_READ_ROLES, Placement } from './placement';
import { GridScopes, scopeCondition, visibleInScope } from '../grids/grid-scope';

interface ResidentRow {
  id: string;
  grid_code: string;
  household_id: string | null;
  name: string;
  id_masked: string;
  phone_masked: string | null;
  address: string | null;
  created_at: Date;
}

const COLUMNS = 'id, grid_code, household_id, name, id_masked, phone_masked, address, created_at';

/** Only masked numbers ever leave the service: the ciphertexts are not even read. */
const toView = (r: ResidentRow): ResidentView => ({ id: r.id, gridCode: r.grid_code, householdId: r.household_id, name: r.name, idNumberMasked: r.id_masked, phoneMasked: r.phone_masked, address: r.address, createdAt: r.created_at.toISOString() });

/**
 * 居民: the ID number is verified (GB 11643 check digit, by the request's validation), stored
 * encrypted with a keyed search hash (the platform's personal-data protection), shown masked, and
 * found by its hash through a POST body — never in a URL.
 */
@Injectable()
export class Residents {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly placement: Placement,
    private readonly personalData: PersonalDataProtector,
    private readonly scopes: GridScopes,
  ) {}

  async register(actor: Actor, request: RegisterResidentRequest): Promise<ResidentView> {
    const grid = await this.placement.forWrite(actor, request, '居民登记 Registering a resident');
    const idNumber = request.idNumber.trim().toUpperCase();
    const hashes = this.personalData.searchHashes(idNumber);
    return this.uow.run(async (tx) => {
      const taken: unknown[] = await tx.em.query(`SELECT 1 FROM grid.resident WHERE county_code = $1 AND id_hash = ANY($2::text[]) LIMIT 1`, [grid.countyCode, hashes]);
      if (taken.length) throw new DomainException('RESIDENT_ALREADY_REGISTERED', '该身份证号已在本县登记 This ID number is already registered in the county');
      if (request.householdId) {
        const household: unknown[] = await tx.em.query(`SELECT 1 FROM grid.household WHERE id = $1 AND grid_code = $2`, [request.householdId, grid.code]);
        if (!household.length) throw new DomainException('HOUSEHOLD_NOT_FOUND', `户 ${request.householdId} 不在网格 ${grid.code} 内 No such household in the grid`);
      }
      const row: ResidentRow = { id: randomUUID(), grid_code: grid.code, household_id: request.householdId ?? null, name: request.name, id_masked: maskIdNumber(idNumber), phone_masked: request.phone ? maskPhone(request.phone) : null, address: request.address ?? null, created_at: new Date() };
      await tx.em.query(
        `INSERT INTO grid.resident (id, county_code, town_code, grid_code, household_id, name, id_cipher, id_hash, id_masked, phone_cipher, phone_masked, address, lng, lat, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [row.id, grid.countyCode, grid.townCode, grid.code, row.household_id, row.name, this.personalData.encrypt(idNumber), hashes[0], row.id_masked, request.phone ? this.personalData.encrypt(request.phone) : null, row.phone_masked, row.address, request.lng ?? null, request.lat ?? null, row.created_at],
      );
      tx.audit({ countyCode: grid.countyCode, jurisdictionCode: grid.code, action: 'resident.register', resourceType: 'resident', resourceId: row.id, before: null, after: { gridCode: grid.code, householdId: row.household_id, idNumber: row.id_masked, phone: row.phone_masked } });
      return toView(row);
    });
  }

  async get(actor: Actor, id: string): Promise<ResidentView> {
    assertRole(actor, BASE_DATA_READ_ROLES, '查阅居民信息 Reading residents');
    const rows: ResidentRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM grid.resident WHERE id = $1`, [id]);
    return toView(visibleInScope(actor, await this.scopes.of(actor), rows[0], (r) => r.grid_code, { code: 'RESIDENT_NOT_FOUND', detail: `居民 ${id} 不存在 Resident not found` }));
  }

  async list(actor: Actor, query: ListResidentsQuery): Promise<Page<ResidentView>> {
    assertRole(actor, BASE_DATA_READ_ROLES, '查阅居民信息 Reading residents');
    const params: unknown[] = [];
    let where = scopeCondition(await this.scopes.of(actor), 'grid_code', params);
    if (query.gridCode) {
      params.push(query.gridCode);
      where += ` AND grid_code = $${params.length}`;
    }
    const { items, ...counted } = await readSqlPage<ResidentRow>(this.dataSource, { columns: COLUMNS, from: 'grid.resident', where, order: 'grid_code, id' }, params, query);
    return { items: items.map(toView), ...counted };
  }

  /** By ID number: its keyed hashes (under every key still read), within the caller's jurisdiction. */
  async search(actor: Actor, request: SearchResidentsRequest): Promise<Page<ResidentView>> {
    assertRole(actor, BASE_DATA_READ_ROLES, '查阅居民信息 Reading residents');
    const params: unknown[] = [this.personalData.searchHashes(request.idNumber)];
    const where = `id_hash = ANY($1::text[]) AND ${scopeCondition(await this.scopes.of(actor), 'grid_code', params)}`;
    const { items, ...counted } = await readSqlPage<ResidentRow>(this.dataSource, { columns: COLUMNS, from: 'grid.resident', where, order: 'grid_code, id' }, params, request);
    return { items: items.map(toView), ...counted };
  }
}
