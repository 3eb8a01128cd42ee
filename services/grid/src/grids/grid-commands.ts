import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthorityClient } from '@yiti/authority-client';
import type { Actor, ImportGridsRequest, ImportGridsResult, Role } from '@yiti/contracts';
import { DomainException, UnitOfWork, assertRole, assertWithin, type AuditInput } from '@yiti/platform';
import { gridParents } from './grid-codes';
import type { Boundary } from './grid-geometry';
import { planGridImport, townBoundaryErrors } from './grid-import';

/** Roles that draw a town's grids (网格划分): the town's leadership and the county administrator. */
export const GRID_ADMIN_ROLES: Role[] = ['leader', 'county_admin'];

/** Changes to a town's grids: an import writes every feature or, when any is bad, none. */
@Injectable()
export class GridCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
  ) {}

  async importGrids(actor: Actor, request: ImportGridsRequest): Promise<ImportGridsResult> {
    assertRole(actor, GRID_ADMIN_ROLES, '网格划分 Drawing grids');
    assertWithin(actor, request.townCode);
    // The town must be one identity knows (JURISDICTION_NOT_FOUND otherwise).
    await this.authority.town(request.townCode);
    return this.uow.run((tx) => applyGridImport(tx.em, request, (entry) => tx.audit(entry)));
  }
}

/**
 * One import in the caller's transaction: the town's row is locked (imports of a town follow each
 * other), the features planned against the grids the last import left, then every grid upserted,
 * audited, and the town's revision bumped so every replica rebuilds its point index.
 */
export async function applyGridImport(em: EntityManager, request: ImportGridsRequest, audit: (entry: AuditInput) => void): Promise<ImportGridsResult> {
  const given = (request.townBoundary ?? null) as Boundary | null;
  const boundaryErrors = given ? townBoundaryErrors(given) : [];
  if (boundaryErrors.length) throw new DomainException('GRID_IMPORT_INVALID', '乡镇边界无效 The town boundary is invalid', boundaryErrors);
  const countyCode = request.townCode.slice(0, 6);

  await em.query(`INSERT INTO grid.town_grids (town_code, county_code) VALUES ($1, $2) ON CONFLICT (town_code) DO NOTHING`, [request.townCode, countyCode]);
  const [town] = (await em.query(`SELECT boundary FROM grid.town_grids WHERE town_code = $1 FOR UPDATE`, [request.townCode])) as { boundary: Boundary | null }[];
  const existing: { code: string; boundary: Boundary; name: string; type: string }[] = await em.query(`SELECT code, name, type, boundary FROM grid.grid WHERE town_code = $1`, [request.townCode]);
  const plan = planGridImport({ townCode: request.townCode, townBoundary: given ?? town?.boundary ?? null, features: request.grids.features, existing });
  if (!plan.ok) throw new DomainException('GRID_IMPORT_INVALID', `${plan.errors.length} 处错误,未导入任何网格 ${plan.errors.length} problems: nothing imported`, plan.errors);

  const before = new Map(existing.map((g) => [g.code, g]));
  const sample = request.sample === true;
  for (const { properties: p, geometry } of plan.grids) {
    await em.query(
      `INSERT INTO grid.grid (code, county_code, town_code, village_code, name, type, boundary, party_branch, full_time_worker_ids, part_time_worker_ids, sample)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, boundary = EXCLUDED.boundary, party_branch = EXCLUDED.party_branch,
         full_time_worker_ids = EXCLUDED.full_time_worker_ids, part_time_worker_ids = EXCLUDED.part_time_worker_ids, sample = EXCLUDED.sample, updated_at = now()`,
      [p.code, countyCode, request.townCode, gridParents(p.code).villageCode, p.name, p.type, JSON.stringify(geometry), p.partyBranch ? JSON.stringify(p.partyBranch) : null, JSON.stringify(p.fullTimeWorkerIds ?? []), JSON.stringify(p.partTimeWorkerIds ?? []), sample],
    );
    const previous = before.get(p.code);
    audit({
      countyCode,
      jurisdictionCode: p.code,
      action: previous ? 'grid.update' : 'grid.create',
      resourceType: 'grid',
      resourceId: p.code,
      before: previous ? { name: previous.name, type: previous.type, boundary: previous.boundary } : null,
      after: { name: p.name, type: p.type, boundary: geometry, partyBranch: p.partyBranch ?? null, fullTimeWorkerIds: p.fullTimeWorkerIds ?? [], partTimeWorkerIds: p.partTimeWorkerIds ?? [], sample },
    });
  }
  await em.query(`UPDATE grid.town_grids SET boundary = COALESCE($2, boundary), revision = revision + 1, updated_at = now() WHERE town_code = $1`, [request.townCode, given ? JSON.stringify(given) : null]);
  if (given) audit({ countyCode, jurisdictionCode: request.townCode, action: 'town_boundary.set', resourceType: 'town_boundary', resourceId: request.townCode, before: town?.boundary ? { boundary: town.boundary } : null, after: { boundary: given } });
  const codes = plan.grids.map((g) => g.properties.code);
  const created = codes.filter((c) => !before.has(c)).length;
  return { townCode: request.townCode, created, updated: codes.length - created, codes };
}
