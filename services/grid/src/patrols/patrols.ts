import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { patrolTransition, type Actor, type AppendPatrolPointsRequest, type ListPatrolsQuery, type Page, type PatrolAction, type PatrolState, type PatrolView, type Role, type StartPatrolRequest } from '@yiti/contracts';
import { DomainException, UnitOfWork, assertRole, readSqlPage } from '@yiti/platform';
import { GridScopes, scopeCondition, visibleInScope } from '../grids/grid-scope';
import { patrolDurationSeconds, trackDistanceMetres, validateTrackBatch } from './patrol-track';

/** Roles that read patrols: the grid workers, the town's leadership and command centre, the county. */
const PATROL_READING_ROLES: Role[] = ['grid_worker', 'leader', 'dispatcher', 'commander', 'county_admin', 'county_leader'];

const PATROL_COLUMNS = `p.id, p.county_code, p.town_code, p.grid_code, p.worker_id, p.status, p.started_at, p.ended_at, p.point_count, p.last_point_at, p.distance_m, p.duration_s`;

interface PatrolRow {
  id: string;
  county_code: string;
  town_code: string;
  grid_code: string;
  worker_id: string;
  status: PatrolState;
  started_at: Date;
  ended_at: Date | null;
  point_count: number;
  last_point_at: Date | null;
  distance_m: number | null;
  duration_s: number | null;
}

function toPatrolView(row: PatrolRow, track?: [number, number][]): PatrolView {
  return {
    id: row.id,
    gridCode: row.grid_code,
    workerId: row.worker_id,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at ? row.ended_at.toISOString() : null,
    pointCount: row.point_count,
    distanceMetres: row.distance_m,
    durationSeconds: row.duration_s,
    ...(track ? { track: { type: 'LineString' as const, coordinates: track } } : {}),
  };
}

const notFound = (id: string) => ({ code: 'PATROL_NOT_FOUND' as const, detail: `巡查 ${id} 不存在 Patrol ${id} not found` });

/**
 * 巡查 (patrols): a grid worker starts a patrol in one of their grids, uploads its track in batches
 * and ends it; the distance and duration are computed from the stored track. Each write is one unit
 * of work with its audit entry.
 */
@Injectable()
export class Patrols {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly scopes: GridScopes,
  ) {}

  async start(actor: Actor, request: StartPatrolRequest): Promise<PatrolView> {
    assertRole(actor, ['grid_worker'], '开始巡查 Starting a patrol');
    const grids: { code: string; county_code: string; town_code: string }[] = await this.dataSource.query(`SELECT code, county_code, town_code FROM grid.grid WHERE code = $1`, [request.gridCode]);
    const grid = visibleInScope(actor, await this.scopes.of(actor), grids[0], (g) => g.code, { code: 'GRID_NOT_FOUND', detail: `网格 ${request.gridCode} 不存在 Grid ${request.gridCode} not found` });
    const row: PatrolRow = {
      id: randomUUID(),
      county_code: grid.county_code,
      town_code: grid.town_code,
      grid_code: grid.code,
      worker_id: actor.userId,
      status: 'open',
      started_at: new Date(),
      ended_at: null,
      point_count: 0,
      last_point_at: null,
      distance_m: null,
      duration_s: null,
    };
    return this.uow.run(async (tx) => {
      await tx.em.query(`INSERT INTO grid.patrol (id, county_code, town_code, grid_code, worker_id, status, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        row.id,
        row.county_code,
        row.town_code,
        row.grid_code,
        row.worker_id,
        row.status,
        row.started_at,
      ]);
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.grid_code, action: 'patrol.start', resourceType: 'patrol', resourceId: row.id, before: null, after: { gridCode: row.grid_code, status: row.status } });
      return toPatrolView(row);
    });
  }

  async append(actor: Actor, request: AppendPatrolPointsRequest): Promise<PatrolView> {
    return this.step(actor, request.id, 'append_points', async (em, row) => {
      const checked = validateTrackBatch(
        request.points.map((p) => ({ lng: p.lng, lat: p.lat, time: p.at })),
        { startedAt: row.started_at, lastAt: row.last_point_at, pointCount: row.point_count },
      );
      if ('problem' in checked) {
        const { reason, index } = checked.problem;
        throw new DomainException('VALIDATION_FAILED', `轨迹点有误 (${reason}) Track points refused: ${reason}`, [{ field: index === undefined ? 'points' : `points[${index}]`, messages: [reason] }]);
      }
      const points = checked.points;
      const params: unknown[] = [];
      const values = points.map((p, i) => {
        params.push(row.id, row.point_count + i, p.lng, p.lat, p.at);
        const b = i * 5;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
      });
      await em.query(`INSERT INTO grid.patrol_point (patrol_id, seq, lng, lat, at) VALUES ${values.join(', ')}`, params);
      return { ...row, point_count: row.point_count + points.length, last_point_at: points[points.length - 1].at };
    });
  }

  async end(actor: Actor, id: string): Promise<PatrolView> {
    return this.step(actor, id, 'end', async (em, row) => {
      const points: { lng: number; lat: number }[] = await em.query(`SELECT lng, lat FROM grid.patrol_point WHERE patrol_id = $1 ORDER BY seq`, [row.id]);
      const endedAt = new Date();
      return { ...row, status: 'ended', ended_at: endedAt, distance_m: trackDistanceMetres(points), duration_s: patrolDurationSeconds(row.started_at, endedAt) };
    });
  }

  /** One lifecycle step on a locked patrol: the worker's own, in scope, allowed by the transition table. */
  private async step(actor: Actor, id: string, action: PatrolAction, apply: (em: EntityManager, row: PatrolRow) => Promise<PatrolRow>): Promise<PatrolView> {
    assertRole(actor, ['grid_worker'], '巡查 Patrolling');
    const scope = await this.scopes.of(actor);
    return this.uow.run(async (tx) => {
      const rows: PatrolRow[] = await tx.em.query(`SELECT ${PATROL_COLUMNS} FROM grid.patrol p WHERE p.id = $1 FOR UPDATE`, [id]);
      const row = visibleInScope(actor, scope, rows[0], (p) => p.grid_code, notFound(id));
      if (row.worker_id !== actor.userId) throw new DomainException('FORBIDDEN_ROLE', `只有巡查人本人可操作 Only the patrolling worker may do this`);
      const transition = patrolTransition(row.status, action);
      if (!transition) throw new DomainException('INVALID_TRANSITION', `巡查状态 ${row.status} 不允许 ${action} A ${row.status} patrol does not allow ${action}`);
      const next = { ...(await apply(tx.em, row)), status: transition.to };
      await tx.em.query(`UPDATE grid.patrol SET status = $2, ended_at = $3, point_count = $4, last_point_at = $5, distance_m = $6, duration_s = $7 WHERE id = $1`, [
        next.id,
        next.status,
        next.ended_at,
        next.point_count,
        next.last_point_at,
        next.distance_m,
        next.duration_s,
      ]);
      tx.audit({
        countyCode: row.county_code,
        jurisdictionCode: row.grid_code,
        action: `patrol.${action}`,
        resourceType: 'patrol',
        resourceId: row.id,
        before: { status: row.status, pointCount: row.point_count },
        after: { status: next.status, pointCount: next.point_count, distanceMetres: next.distance_m, durationSeconds: next.duration_s },
      });
      return toPatrolView(next);
    });
  }

  async get(actor: Actor, id: string): Promise<PatrolView> {
    assertRole(actor, PATROL_READING_ROLES, '查阅巡查 Reading patrols');
    const rows: PatrolRow[] = await this.dataSource.query(`SELECT ${PATROL_COLUMNS} FROM grid.patrol p WHERE p.id = $1`, [id]);
    const row = visibleInScope(actor, await this.scopes.of(actor), rows[0], (p) => p.grid_code, notFound(id));
    const points: { lng: number; lat: number }[] = await this.dataSource.query(`SELECT lng, lat FROM grid.patrol_point WHERE patrol_id = $1 ORDER BY seq`, [id]);
    return toPatrolView(row, points.map((p) => [p.lng, p.lat]));
  }

  /** Patrols within the caller's scope, newest first. */
  async list(actor: Actor, query: ListPatrolsQuery): Promise<Page<PatrolView>> {
    assertRole(actor, PATROL_READING_ROLES, '查阅巡查 Reading patrols');
    const params: unknown[] = [];
    let where = scopeCondition(await this.scopes.of(actor), 'p.grid_code', params);
    if (query.gridCode) {
      params.push(query.gridCode);
      where += ` AND p.grid_code = $${params.length}`;
    }
    if (query.workerId) {
      params.push(query.workerId);
      where += ` AND p.worker_id = $${params.length}`;
    }
    const { items, ...counted } = await readSqlPage<PatrolRow>(this.dataSource, { columns: PATROL_COLUMNS, from: 'grid.patrol p', where, order: 'p.started_at DESC, p.id' }, params, query);
    return { items: items.map((r) => toPatrolView(r)), ...counted };
  }
}
