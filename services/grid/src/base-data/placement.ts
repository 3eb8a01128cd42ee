import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { levelOf, type Actor, type GridPlacement, type Role } from '@yiti/contracts';
import { DomainException, assertRole, assertWithin, jurisdictionPattern } from '@yiti/platform';
import { GridLocator } from '../grids/grid-locator';
import type { RowError } from '../imports/csv-reader';
import type { Placed } from '../imports/csv-rows';
import { GridScopes } from '../grids/grid-scope';

/** Who records base data (基础信息采集): grid workers in their grid, the town's leadership, the county. */
export const BASE_DATA_WRITE_ROLES: Role[] = ['grid_worker', 'leader', 'county_admin'];
/** Who reads base data (people's records): the grid workers, the town's leadership and command centre, the county. */
export const BASE_DATA_READ_ROLES: Role[] = ['grid_worker', 'leader', 'dispatcher', 'commander', 'county_admin', 'county_leader'];

export interface PlacedGrid {
  code: string;
  townCode: string;
  countyCode: string;
}

/**
 * The one grid a record belongs to: the grid code given, or the grid its point lies in
 * (point-in-polygon through the town's index). A write lands only within the caller's jurisdiction
 * (a grid worker listed on grids: in those grids).
 */
@Injectable()
export class Placement {
  constructor(
    private readonly dataSource: DataSource,
    private readonly locator: GridLocator,
    private readonly scopes: GridScopes,
  ) {}

  async forWrite(actor: Actor, placement: GridPlacement, what: string): Promise<PlacedGrid> {
    assertRole(actor, BASE_DATA_WRITE_ROLES, what);
    const grid = placement.gridCode ? await this.byCode(placement.gridCode) : await this.byPoint(actor, placement.lng as number, placement.lat as number);
    assertWithin(actor, grid.code);
    // A grid worker listed on grids writes in those grids only.
    const scope = await this.scopes.of(actor);
    if (scope.kind === 'grids' && !scope.codes.includes(grid.code)) throw new DomainException('FORBIDDEN_JURISDICTION', `网格 ${grid.code} 不是您负责的网格 Grid ${grid.code} is not one of your grids`);
    return grid;
  }

  private async byCode(code: string): Promise<PlacedGrid> {
    const rows: { code: string; town_code: string; county_code: string }[] = await this.dataSource.query(`SELECT code, town_code, county_code FROM grid.grid WHERE code = $1`, [code]);
    const row = rows[0];
    if (!row) throw new DomainException('GRID_NOT_FOUND', `网格 ${code} 不存在 Grid ${code} not found`);
    return { code: row.code, townCode: row.town_code, countyCode: row.county_code };
  }

  private async byPoint(actor: Actor, lng: number, lat: number): Promise<PlacedGrid> {
    const level = levelOf(actor.jurisdictionCode);
    const towns =
      level === 'town' || level === 'village' || level === 'grid'
        ? [actor.jurisdictionCode.slice(0, 9)]
        : ((await this.dataSource.query(`SELECT town_code FROM grid.town_grids WHERE town_code LIKE $1 ORDER BY town_code LIMIT 500`, [jurisdictionPattern(actor)])) as { town_code: string }[]).map((r) => r.town_code);
    for (const townCode of towns) {
      const grid = await this.locator.locate(townCode, lng, lat);
      if (grid) return { code: grid.code, townCode, countyCode: townCode.slice(0, 6) };
    }
    throw new DomainException('GRID_POINT_OUTSIDE_GRIDS', `位置 [${lng}, ${lat}] 不在您辖区的任何网格内 The point lies in no grid of your jurisdiction`, [{ field: 'lng,lat', messages: [`[${lng},${lat}] is in no grid`] }]);
  }
}

/**
 * Each imported row's grid within one town: the code given (a grid of the town) or the grid its
 * point lies in. Answers the placed rows and the refused ones.
 */
export async function placeRows<R extends Placed>(locator: GridLocator, townCode: string, gridCodes: ReadonlySet<string>, rows: R[]): Promise<{ placed: { row: R; gridCode: string }[]; refused: RowError[] }> {
  const index = rows.some((r) => !r.gridCode && r.point) ? await locator.townIndex(townCode) : null;
  const placed: { row: R; gridCode: string }[] = [];
  const refused: RowError[] = [];
  for (const row of rows) {
    const gridCode = row.gridCode ?? (row.point ? index?.locate(row.point.lng, row.point.lat)?.code : undefined);
    if (!gridCode) refused.push({ line: row.line, messages: [`lng,lat: [${row.point?.lng},${row.point?.lat}] 不在本镇任何网格内 in no grid of ${townCode}`] });
    else if (!gridCodes.has(gridCode)) refused.push({ line: row.line, messages: [`grid_code: 网格 ${gridCode} 不是本镇的网格 not a grid of ${townCode}`] });
    else placed.push({ row, gridCode });
  }
  return { placed, refused };
}
