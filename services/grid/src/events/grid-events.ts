import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { GRID_EVENTS, levelOf, type Actor, type GridEventReportedEvent, type GridEventView, type ListGridEventsQuery, type Page, type ReportGridEventRequest, type Role } from '@yiti/contracts';
import { DomainException, UnitOfWork, assertRole } from '@yiti/platform';
import { readSqlPage } from '@yiti/platform';
import { GridLocator } from '../grids/grid-locator';
import { GridScopes, scopeCondition, visibleInScope } from '../grids/grid-scope';
import { categoryLabel, toGridEventView, type GridEventRow } from '../grids/grid-view';

/** Roles that read grid events: the grid workers, the town's leadership and command centre, the county. */
const EVENT_READING_ROLES: Role[] = ['grid_worker', 'leader', 'dispatcher', 'commander', 'county_admin', 'county_leader'];

const EVENT_COLUMNS = `e.id, e.grid_code, g.name AS grid_name, e.county_code, e.town_code, e.kind, e.category, e.description, e.lng, e.lat, e.address, e.photos, e.status, e.work_order_id, e.work_order_no, e.reported_by, e.reported_at`;

/**
 * 巡查上报: a grid worker reports what they found; the grid is the one the point lies in, among the
 * grids of the worker's town. The event goes to the command centre (`grid.event.reported`) through
 * the outbox, with its audit entry, in one write.
 */
@Injectable()
export class GridEvents {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly locator: GridLocator,
    private readonly scopes: GridScopes,
  ) {}

  async report(actor: Actor, request: ReportGridEventRequest): Promise<GridEventView> {
    assertRole(actor, ['grid_worker'], '巡查上报 Reporting an event');
    const level = levelOf(actor.jurisdictionCode);
    if (level !== 'town' && level !== 'village' && level !== 'grid') throw new DomainException('FORBIDDEN_JURISDICTION', '网格员须属于一个乡镇 A grid worker belongs to a town');
    const label = categoryLabel(request.kind, request.category);
    if (!label) throw new DomainException('VALIDATION_FAILED', `「${request.category}」不是${request.kind === 'component' ? '部件' : '事件'}类别 Not a ${request.kind} category`, [{ field: 'category', messages: [`not a ${request.kind} category`] }]);
    const townCode = actor.jurisdictionCode.slice(0, 9);
    const grid = await this.locator.locate(townCode, request.lng, request.lat);
    if (!grid) {
      throw new DomainException('GRID_POINT_OUTSIDE_TOWN', `位置 [${request.lng}, ${request.lat}] 不在乡镇 ${townCode} 的任何网格内 The point lies outside every grid of town ${townCode}`, [
        { field: 'lng,lat', messages: [`[${request.lng},${request.lat}] is in no grid of ${townCode}`] },
      ]);
    }
    const countyCode = townCode.slice(0, 6);
    const row: GridEventRow = {
      id: randomUUID(),
      grid_code: grid.code,
      grid_name: grid.name,
      county_code: countyCode,
      town_code: townCode,
      kind: request.kind,
      category: request.category,
      description: request.description,
      lng: request.lng,
      lat: request.lat,
      address: request.address ?? null,
      photos: request.photos ?? [],
      status: 'reported',
      work_order_id: null,
      work_order_no: null,
      reported_by: actor.userId,
      reported_at: new Date(),
    };
    return this.uow.writeOnce(async (tx) => {
      tx.stage({
        table: 'grid.grid_event',
        columns: ['id', 'county_code', 'town_code', 'grid_code', 'kind', 'category', 'description', 'lng', 'lat', 'address', 'photos', 'status', 'reported_by', 'reported_at'],
        rows: [[row.id, row.county_code, row.town_code, row.grid_code, row.kind, row.category, row.description, row.lng, row.lat, row.address, JSON.stringify(row.photos), row.status, row.reported_by, row.reported_at]],
      });
      tx.audit({ countyCode, jurisdictionCode: row.grid_code, action: 'grid_event.report', resourceType: 'grid_event', resourceId: row.id, before: null, after: { gridCode: row.grid_code, kind: row.kind, category: row.category, lng: row.lng, lat: row.lat, photos: row.photos } });
      tx.emit<GridEventReportedEvent>(
        GRID_EVENTS.eventReported,
        { eventId: row.id, countyCode, townCode, gridCode: row.grid_code, kind: row.kind, category: row.category, description: row.description, lng: row.lng, lat: row.lat, photos: row.photos, reportedBy: row.reported_by, reportedAt: row.reported_at.toISOString() },
        countyCode,
      );
      return toGridEventView(row);
    });
  }

  async get(actor: Actor, id: string): Promise<GridEventView> {
    assertRole(actor, EVENT_READING_ROLES, '查阅网格事件 Reading grid events');
    const rows: GridEventRow[] = await this.dataSource.query(`SELECT ${EVENT_COLUMNS} FROM grid.grid_event e JOIN grid.grid g ON g.code = e.grid_code WHERE e.id = $1`, [id]);
    return toGridEventView(visibleInScope(actor, await this.scopes.of(actor), rows[0], (e) => e.grid_code, { code: 'GRID_EVENT_NOT_FOUND', detail: `网格事件 ${id} 不存在 Grid event ${id} not found` }));
  }

  /** Events within the caller's scope (a grid worker: their grids'), newest first. */
  async list(actor: Actor, query: ListGridEventsQuery): Promise<Page<GridEventView>> {
    assertRole(actor, EVENT_READING_ROLES, '查阅网格事件 Reading grid events');
    const params: unknown[] = [];
    let where = scopeCondition(await this.scopes.of(actor), 'e.grid_code', params);
    if (query.gridCode) {
      params.push(query.gridCode);
      where += ` AND e.grid_code = $${params.length}`;
    }
    if (query.status) {
      params.push(query.status);
      where += ` AND e.status = $${params.length}`;
    }
    const { items, ...counted } = await readSqlPage<GridEventRow>(
      this.dataSource,
      { columns: EVENT_COLUMNS, from: 'grid.grid_event e JOIN grid.grid g ON g.code = e.grid_code', where, order: 'e.reported_at DESC, e.id' },
      params,
      query,
    );
    return { items: items.map(toGridEventView), ...counted };
  }
}
