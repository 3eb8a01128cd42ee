import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor, type ErrorCode, type Role } from '@yiti/contracts';
import { DomainException, hasAnyRole, jurisdictionPattern, visibleOr404 } from '@yiti/platform';

/** Roles that see a whole jurisdiction's subtree, whatever grid they may also serve. */
const SUBTREE_ROLES: Role[] = ['leader', 'dispatcher', 'commander', 'county_admin', 'county_leader'];

/**
 * What of the grid data a caller sees: a grid worker listed on grids (full-time or part-time) of
 * their town sees exactly those grids; everyone else (and a grid worker listed on none) the
 * subtree of their jurisdiction.
 */
export type GridScope = { readonly kind: 'grids'; readonly codes: readonly string[] } | { readonly kind: 'subtree'; readonly pattern: string };

/** The SQL condition on a grid-code column for the scope, its parameter appended to params. */
export function scopeCondition(scope: GridScope, column: string, params: unknown[]): string {
  params.push(scope.kind === 'grids' ? scope.codes : scope.pattern);
  return scope.kind === 'grids' ? `${column} = ANY($${params.length}::text[])` : `${column} LIKE $${params.length}`;
}

/** The record if the scope covers its grid; else 404 with the given code (as for a record outside the jurisdiction). */
export function visibleInScope<T>(actor: Actor, scope: GridScope, record: T | null | undefined, gridOf: (record: T) => string, notFound: { code: ErrorCode; detail: string }): T {
  const seen = visibleOr404(actor, record, gridOf, notFound);
  if (scope.kind === 'grids' && !scope.codes.includes(gridOf(seen))) throw new DomainException(notFound.code, notFound.detail);
  return seen;
}

@Injectable()
export class GridScopes {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's scope: a grid worker's grids are read from the grid table (the grids of their town listing them). */
  async of(actor: Actor): Promise<GridScope> {
    if (!actor.roles.includes('grid_worker') || hasAnyRole(actor, SUBTREE_ROLES) || actor.jurisdictionCode.length < 9) return { kind: 'subtree', pattern: jurisdictionPattern(actor) };
    const rows: { code: string }[] = await this.dataSource.query(
      `SELECT code FROM grid.grid WHERE town_code = $1 AND (full_time_worker_ids ? $2 OR part_time_worker_ids ? $2) ORDER BY code LIMIT 200`,
      [actor.jurisdictionCode.slice(0, 9), actor.userId],
    );
    return rows.length ? { kind: 'grids', codes: rows.map((r) => r.code) } : { kind: 'subtree', pattern: jurisdictionPattern(actor) };
  }
}
