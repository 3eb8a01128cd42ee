import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { levelOf, type Actor, type GridLocation, type GridSummaryView, type GridView, type GridWorkerWorkloadView, type ListGridsQuery, type LocatePointQuery, type Page, type Role } from '@yiti/contracts';
import { DomainException, assertRole, concerns, hasAnyRole, jurisdictionPattern } from '@yiti/platform';
import { readSqlPage } from '@yiti/platform';
import { GridLocator } from './grid-locator';
import { toGridView, type GridRow } from './grid-view';
import { GridScopes, scopeCondition, visibleInScope } from './grid-scope';

const WORKLOAD_READING_ROLES: Role[] = ['grid_worker', 'leader', 'dispatcher', 'commander', 'county_admin', 'county_leader'];

const GRID_COLUMNS = 'code, county_code, town_code, village_code, name, type, boundary, party_branch, full_time_worker_ids, part_time_worker_ids, workers, sample, updated_at';

/** Reads of grids, scoped to the caller's jurisdiction (a grid worker sees their grid), and point → grid. */
@Injectable()
export class GridQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly locator: GridLocator,
    private readonly scopes: GridScopes,
  ) {}

  async get(actor: Actor, code: string): Promise<GridView> {
    const rows: GridRow[] = await this.dataSource.query(`SELECT ${GRID_COLUMNS} FROM grid.grid WHERE code = $1`, [code]);
    return toGridView(visibleInScope(actor, await this.scopes.of(actor), rows[0], (g) => g.code, { code: 'GRID_NOT_FOUND', detail: `网格 ${code} 不存在 Grid ${code} not found` }));
  }

  async list(actor: Actor, query: ListGridsQuery): Promise<Page<GridView>> {
    const params: unknown[] = [];
    let where = scopeCondition(await this.scopes.of(actor), 'code', params);
    if (query.townCode) {
      params.push(query.townCode);
      where += ` AND town_code = $${params.length}`;
    }
    const { items, ...counted } = await readSqlPage<GridRow>(this.dataSource, { columns: GRID_COLUMNS, from: 'grid.grid', where, order: 'code' }, params, query);
    return { items: items.map(toGridView), ...counted };
  }

  /**
   * The grid a point lies in: in the given town (one the caller's jurisdiction concerns), else in
   * the caller's own town, else in any town with grids within the caller's jurisdiction.
   */
  async locate(actor: Actor, query: LocatePointQuery): Promise<GridLocation | null> {
    if (query.townCode && !concerns(actor, query.townCode)) throw new DomainException('FORBIDDEN_JURISDICTION', `区划 ${query.townCode} 不在您的管辖范围内 ${query.townCode} is outside your jurisdiction`);
    const towns = query.townCode ? [query.townCode] : await this.townsOf(actor);
    for (const townCode of towns) {
      const grid = await this.locator.locate(townCode, query.lng, query.lat);
      if (grid) return { code: grid.code, name: grid.name, townCode };
    }
    return null;
  }

  /** 网格台账: the grid's records and events counted (one statement; each count an index range of the grid). */
  async summary(actor: Actor, code: string): Promise<GridSummaryView> {
    await this.get(actor, code);
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM grid.household WHERE grid_code = $1) AS households,
              (SELECT count(*)::int FROM grid.household WHERE grid_code = $1 AND 'vacant' = ANY (flags)) AS vacant,
              (SELECT count(*)::int FROM grid.resident WHERE grid_code = $1) AS residents,
              (SELECT count(*)::int FROM grid.enterprise WHERE grid_code = $1) AS enterprises,
              (SELECT count(*)::int FROM grid.building WHERE grid_code = $1) AS buildings,
              (SELECT coalesce(jsonb_object_agg(status, n), '{}') FROM (SELECT status, count(*)::int AS n FROM grid.grid_event WHERE grid_code = $1 GROUP BY status) s) AS events`,
      [code],
    )) as { households: number; vacant: number; residents: number; enterprises: number; buildings: number; events: Record<string, number> }[];
    const r = row as NonNullable<typeof row>;
    return { gridCode: code, households: r.households, vacantHouseholds: r.vacant, residents: r.residents, enterprises: r.enterprises, buildings: r.buildings, eventsByStatus: r.events };
  }

  /**
   * 网格员工作量: the grids a worker serves and the events they reported, within the caller's
   * jurisdiction. A grid worker sees their own only (another's is 404).
   */
  async workload(actor: Actor, userId: string): Promise<GridWorkerWorkloadView> {
    assertRole(actor, WORKLOAD_READING_ROLES, '查阅网格员工作量 Reading a grid worker\'s workload');
    if (!hasAnyRole(actor, WORKLOAD_READING_ROLES.filter((r) => r !== 'grid_worker')) && userId !== actor.userId) {
      throw new DomainException('NOT_FOUND', '网格员不存在或不在管辖范围内 No such grid worker in your jurisdiction');
    }
    const pattern = jurisdictionPattern(actor);
    const grids: { code: string; full_time: boolean }[] = await this.dataSource.query(
      `SELECT code, full_time_worker_ids ? $2 AS full_time FROM grid.grid WHERE code LIKE $1 AND (full_time_worker_ids ? $2 OR part_time_worker_ids ? $2) ORDER BY code LIMIT 200`,
      [pattern, userId],
    );
    const events: { status: string; n: number; recent: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n, count(*) FILTER (WHERE reported_at > now() - interval '30 days')::int AS recent FROM grid.grid_event WHERE reported_by = $2 AND grid_code LIKE $1 GROUP BY status`,
      [pattern, userId],
    );
    if (!grids.length && !events.length && userId !== actor.userId) throw new DomainException('NOT_FOUND', '网格员不存在或不在管辖范围内 No such grid worker in your jurisdiction');
    const [households] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM grid.household WHERE grid_code = ANY($1::text[])`, [grids.map((g) => g.code)])) as { n: number }[];
    return {
      userId,
      fullTimeGrids: grids.filter((g) => g.full_time).map((g) => g.code),
      partTimeGrids: grids.filter((g) => !g.full_time).map((g) => g.code),
      eventsReported: events.reduce((sum, e) => sum + e.n, 0),
      eventsLast30Days: events.reduce((sum, e) => sum + e.recent, 0),
      eventsByStatus: Object.fromEntries(events.map((e) => [e.status, e.n])),
      households: households?.n ?? 0,
    };
  }

  private async townsOf(actor: Actor): Promise<string[]> {
    const level = levelOf(actor.jurisdictionCode);
    if (level === 'town' || level === 'village' || level === 'grid') return [actor.jurisdictionCode.slice(0, 9)];
    const rows: { town_code: string }[] = await this.dataSource.query(`SELECT town_code FROM grid.town_grids WHERE town_code LIKE $1 ORDER BY town_code LIMIT 500`, [jurisdictionPattern(actor)]);
    return rows.map((r) => r.town_code);
  }
}
