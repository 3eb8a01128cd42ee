import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthorityClient } from '@yiti/authority-client';
import { IDENTITY_SUBJECTS, type Actor, type FieldError, type GridWorker, type ImportGridsRequest, type ImportGridsResult, type Role } from '@yiti/contracts';
import { DomainException, ServiceClient, UnitOfWork, assertRole, assertWithin, type AuditInput } from '@yiti/platform';
import { gridParents } from './grid-codes';
import type { Boundary } from './grid-geometry';
import { planGridImport, townBoundaryErrors, villageBoundaryErrors } from './grid-import';

/** Roles that draw a town's grids (网格划分): the town's leadership and the county administrator. */
export const GRID_ADMIN_ROLES: Role[] = ['leader', 'county_admin'];

/** Changes to a town's grids: an import writes every feature or, when any is bad, none. */
@Injectable()
export class GridCommands {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
    private readonly client: ServiceClient,
  ) {}

  async importGrids(actor: Actor, request: ImportGridsRequest): Promise<ImportGridsResult> {
    assertRole(actor, GRID_ADMIN_ROLES, '网格划分 Drawing grids');
    assertWithin(actor, request.townCode);
    // The town must be one identity knows (JURISDICTION_NOT_FOUND otherwise).
    await this.authority.town(request.townCode);
    const workers = await this.resolveWorkers(request);
    return this.uow.run((tx) => applyGridImport(tx.em, request, (entry) => tx.audit(entry), workers));
  }

  /**
   * 网格员: each named worker must be a user identity knows (as the caller may see them), active,
   * holding the grid worker role, placed in the town. Refused per feature otherwise, nothing imported.
   */
  private async resolveWorkers(request: ImportGridsRequest): Promise<Map<string, GridWorker[]>> {
    const ids = [...new Set(request.grids.features.flatMap((f) => [...(f.properties.fullTimeWorkerIds ?? []), ...(f.properties.partTimeWorkerIds ?? [])]))];
    const users = new Map<string, { displayName: string; problem: string | null }>();
    for (let i = 0; i < ids.length; i += 10) {
      await Promise.all(
        ids.slice(i, i + 10).map(async (id) => {
          try {
            const user = await this.client.request(IDENTITY_SUBJECTS.getUser, { id });
            const problem =
              user.status !== 'active' ? '用户已停用 the user is disabled'
              : !user.roles.includes('grid_worker') ? '用户不是网格员 the user lacks the grid_worker role'
              : !user.jurisdictionCode.startsWith(request.townCode) ? `用户不在乡镇 ${request.townCode} the user is not placed in the town`
              : null;
            users.set(id, { displayName: user.displayName, problem });
          } catch (error) {
            if (error instanceof DomainException && error.code === 'USER_NOT_FOUND') users.set(id, { displayName: '', problem: '用户不存在 no such user' });
            else throw error;
          }
        }),
      );
    }
    const errors: FieldError[] = [];
    const byGrid = new Map<string, GridWorker[]>();
    request.grids.features.forEach((f, i) => {
      const workers: GridWorker[] = [];
      for (const [field, fullTime] of [['fullTimeWorkerIds', true], ['partTimeWorkerIds', false]] as const) {
        (f.properties[field] ?? []).forEach((userId, j) => {
          const user = users.get(userId);
          if (user?.problem) errors.push({ field: `grids.features[${i}].properties.${field}[${j}]`, messages: [`${userId}: ${user.problem}`] });
          else workers.push({ userId, displayName: user?.displayName ?? '', fullTime });
        });
      }
      byGrid.set(f.properties.code, workers);
    });
    if (errors.length) throw new DomainException('GRID_IMPORT_INVALID', `${errors.length} 处错误,未导入任何网格 ${errors.length} problems: nothing imported`, errors);
    return byGrid;
  }
}

/**
 * One import in the caller's transaction: the town's row is locked (imports of a town follow each
 * other), the features planned against the grids the last import left, then every grid upserted,
 * audited, and the town's revision bumped so every replica rebuilds its point index.
 */
export async function applyGridImport(em: EntityManager, request: ImportGridsRequest, audit: (entry: AuditInput) => void, workers: ReadonlyMap<string, GridWorker[]> = new Map()): Promise<ImportGridsResult> {
  const given = (request.townBoundary ?? null) as Boundary | null;
  const boundaryErrors = given ? townBoundaryErrors(given) : [];
  if (boundaryErrors.length) throw new DomainException('GRID_IMPORT_INVALID', '乡镇边界无效 The town boundary is invalid', boundaryErrors);
  const countyCode = request.townCode.slice(0, 6);

  await em.query(`INSERT INTO grid.town_grids (town_code, county_code) VALUES ($1, $2) ON CONFLICT (town_code) DO NOTHING`, [request.townCode, countyCode]);
  const [town] = (await em.query(`SELECT boundary FROM grid.town_grids WHERE town_code = $1 FOR UPDATE`, [request.townCode])) as { boundary: Boundary | null }[];
  const townBoundary = given ?? town?.boundary ?? null;
  const villages = request.villages ?? [];
  const villageErrors = villageBoundaryErrors(request.townCode, townBoundary, villages);
  if (villageErrors.length) throw new DomainException('GRID_IMPORT_INVALID', `${villageErrors.length} 处村(社区)边界错误,未导入任何网格 Village boundaries refused: nothing imported`, villageErrors);
  const storedVillages: { code: string; boundary: Boundary }[] = await em.query(`SELECT code, boundary FROM grid.village WHERE town_code = $1`, [request.townCode]);
  const villageBoundaries = new Map<string, Boundary>([...storedVillages.map((v) => [v.code, v.boundary] as const), ...villages.map((v) => [v.code, v.boundary as unknown as Boundary] as const)]);
  const existing: { code: string; boundary: Boundary; name: string; type: string }[] = await em.query(`SELECT code, name, type, boundary FROM grid.grid WHERE town_code = $1`, [request.townCode]);
  const plan = planGridImport({ townCode: request.townCode, townBoundary, villageBoundaries, features: request.grids.features, existing });
  if (!plan.ok) throw new DomainException('GRID_IMPORT_INVALID', `${plan.errors.length} 处错误,未导入任何网格 ${plan.errors.length} problems: nothing imported`, plan.errors);

  const before = new Map(existing.map((g) => [g.code, g]));
  const sample = request.sample === true;
  for (const { properties: p, geometry } of plan.grids) {
    await em.query(
      `INSERT INTO grid.grid (code, county_code, town_code, village_code, name, type, boundary, party_branch, full_time_worker_ids, part_time_worker_ids, sample, workers)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, boundary = EXCLUDED.boundary, party_branch = EXCLUDED.party_branch,
         full_time_worker_ids = EXCLUDED.full_time_worker_ids, part_time_worker_ids = EXCLUDED.part_time_worker_ids, sample = EXCLUDED.sample, workers = EXCLUDED.workers, updated_at = now()`,
      [
        p.code,
        countyCode,
        request.townCode,
        gridParents(p.code).villageCode,
        p.name,
        p.type,
        JSON.stringify(geometry),
        p.partyBranch ? JSON.stringify(p.partyBranch) : null,
        JSON.stringify(p.fullTimeWorkerIds ?? []),
        JSON.stringify(p.partTimeWorkerIds ?? []),
        sample,
        JSON.stringify(workers.get(p.code) ?? []),
      ],
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
  const previousVillage = (code: string) => {
    const stored = storedVillages.find((s) => s.code === code);
    return stored ? { boundary: stored.boundary } : null;
  };
  for (const v of villages) {
    await em.query(
      `INSERT INTO grid.village (code, town_code, name, boundary) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET name = COALESCE(EXCLUDED.name, grid.village.name), boundary = EXCLUDED.boundary, updated_at = now()`,
      [v.code, request.townCode, v.name ?? null, JSON.stringify(v.boundary)],
    );
    audit({ countyCode, jurisdictionCode: v.code, action: 'village_boundary.set', resourceType: 'village_boundary', resourceId: v.code, before: previousVillage(v.code), after: { name: v.name ?? null, boundary: v.boundary } });
  }
  await em.query(`UPDATE grid.town_grids SET boundary = COALESCE($2, boundary), revision = revision + 1, updated_at = now() WHERE town_code = $1`, [request.townCode, given ? JSON.stringify(given) : null]);
  if (given) audit({ countyCode, jurisdictionCode: request.townCode, action: 'town_boundary.set', resourceType: 'town_boundary', resourceId: request.townCode, before: town?.boundary ? { boundary: town.boundary } : null, after: { boundary: given } });
  const codes = plan.grids.map((g) => g.properties.code);
  const created = codes.filter((c) => !before.has(c)).length;
  return { townCode: request.townCode, created, updated: codes.length - created, codes };
}
