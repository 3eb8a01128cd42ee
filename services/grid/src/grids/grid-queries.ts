import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { levelOf, type Actor, type GridLocation, type GridView, type ListGridsQuery, type LocatePointQuery, type Page } from '@yiti/contracts';
import { DomainException, concerns, jurisdictionPattern, visibleOr404 } from '@yiti/platform';
import { readSqlPage } from '@yiti/platform';
import { GridLocator } from './grid-locator';
import { toGridView, type GridRow } from './grid-view';

const GRID_COLUMNS = 'code, county_code, town_code, village_code, name, type, boundary, party_branch, full_time_worker_ids, part_time_worker_ids, sample, updated_at';

/** Reads of grids, scoped to the caller's jurisdiction (a grid worker sees their grid), and point → grid. */
@Injectable()
export class GridQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly locator: GridLocator,
  ) {}

  async get(actor: Actor, code: string): Promise<GridView> {
    const rows: GridRow[] = await this.dataSource.query(`SELECT ${GRID_COLUMNS} FROM grid.grid WHERE code = $1`, [code]);
    return toGridView(visibleOr404(actor, rows[0], (g) => g.code, { code: 'GRID_NOT_FOUND', detail: `网格 ${code} 不存在 Grid ${code} not found` }));
  }

  async list(actor: Actor, query: ListGridsQuery): Promise<Page<GridView>> {
    const params: unknown[] = [jurisdictionPattern(actor)];
    let where = 'code LIKE $1';
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

  private async townsOf(actor: Actor): Promise<string[]> {
    const level = levelOf(actor.jurisdictionCode);
    if (level === 'town' || level === 'village' || level === 'grid') return [actor.jurisdictionCode.slice(0, 9)];
    const rows: { town_code: string }[] = await this.dataSource.query(`SELECT town_code FROM grid.town_grids WHERE town_code LIKE $1 ORDER BY town_code LIMIT 500`, [jurisdictionPattern(actor)]);
    return rows.map((r) => r.town_code);
  }
}
