import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { todayInShanghai } from '@yiti/platform';
import type { Actor, CountEntry, DashboardQuery, DispatchDashboardView, WorkOrderChanges, WorkOrderChangesQuery } from '@yiti/contracts';
import { DomainException, jurisdictionPattern, visibleTo } from '@yiti/platform';

const OPEN = `('pending_dispatch', 'dispatched', 'returned', 'signed', 'handling', 'parked', 'feedback', 'rework', 'linked')`;
const RUNNING = `('dispatched', 'returned', 'signed', 'handling', 'rework')`;
/**
 * How long after its transaction began a change is first read. Ids are drawn when rows are written
 * but become visible at commit, so a reader that moved past a later id could miss an earlier one
 * still committing; reading only changes this old (by the transaction time) closes that gap for every
 * transaction shorter than this (ours take milliseconds).
 */
export const FEED_SETTLE_MS = 1000;

const entries = (rows: { key: string | null; count: number }[]): CountEntry[] => rows.map((r) => ({ key: r.key ?? '', count: r.count }));

/**
 * The live feed and the dashboard, within the caller's jurisdiction only: a town's users never see
 * another town's changes. Every query bounded (a page of changes; counts grouped, top 50).
 */
@Injectable()
export class FeedQueries {
  constructor(private readonly dataSource: DataSource) {}

  async changes(actor: Actor, query: WorkOrderChangesQuery): Promise<WorkOrderChanges> {
    const pattern = jurisdictionPattern(actor);
    if (!query.after) {
      const [{ last }]: { last: string | null }[] = await this.dataSource.query(
        `SELECT max(id)::text AS last FROM command_dispatch.work_order_change WHERE at < now() - make_interval(secs => $1)`,
        [FEED_SETTLE_MS / 1000],
      );
      return { items: [], last: last ?? '0' };
    }
    const rows: { id: string; type: string; payload: Record<string, unknown> }[] = await this.dataSource.query(
      `SELECT id::text AS id, type, payload FROM command_dispatch.work_order_change
       WHERE id > $1 AND county_code LIKE $2 AND COALESCE(town_code, county_code) LIKE $3 AND at < now() - make_interval(secs => $5) ORDER BY id LIMIT $4`,
      [query.after, pattern.length > 7 ? `${pattern.slice(0, 6)}%` : pattern, pattern, query.limit ?? 100, FEED_SETTLE_MS / 1000],
    );
    return { items: rows.map((r) => ({ id: r.id, type: r.type, data: r.payload })), last: rows.length > 0 ? (rows[rows.length - 1] as { id: string }).id : query.after };
  }

  async dashboard(actor: Actor, query: DashboardQuery): Promise<DispatchDashboardView> {
    if (query.townCode && !visibleTo(actor, query.townCode)) throw new DomainException('FORBIDDEN_JURISDICTION', `区划 ${query.townCode} 不在您的管辖范围内 ${query.townCode} is outside your jurisdiction`);
    const pattern = query.townCode ? `${query.townCode}%` : jurisdictionPattern(actor);
    const scope = `COALESCE(town_code, county_code) LIKE $1`;
    const today = todayInShanghai();
    const [byStatus, byCategory, byTown, [overdue], todayByChannel, [supervised]] = await Promise.all([
      this.dataSource.query(`SELECT status AS key, count(*)::int AS count FROM command_dispatch.work_order WHERE ${scope} GROUP BY status ORDER BY status`, [pattern]),
      this.dataSource.query(`SELECT category AS key, count(*)::int AS count FROM command_dispatch.work_order WHERE ${scope} AND status IN ${OPEN} GROUP BY category ORDER BY count(*) DESC, category LIMIT 50`, [pattern]),
      this.dataSource.query(`SELECT town_code AS key, count(*)::int AS count FROM command_dispatch.work_order WHERE ${scope} AND status IN ${OPEN} GROUP BY town_code ORDER BY town_code LIMIT 200`, [pattern]),
      this.dataSource.query(`SELECT count(*)::int AS n FROM command_dispatch.work_order WHERE ${scope} AND status IN ${RUNNING} AND due_at < now()`, [pattern]),
      this.dataSource.query(
        `SELECT channel AS key, count(*)::int AS count FROM command_dispatch.work_order WHERE ${scope} AND created_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai') GROUP BY channel ORDER BY channel`,
        [pattern, today],
      ),
      this.dataSource.query(
        `SELECT count(*)::int AS n FROM command_dispatch.supervision s JOIN command_dispatch.work_order o ON o.id = s.work_order_id
         WHERE COALESCE(o.town_code, o.county_code) LIKE $1 AND s.issued_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')`,
        [pattern, today],
      ),
    ]);
    const statuses = entries(byStatus);
    return {
      asOf: new Date().toISOString(),
      byStatus: statuses,
      openByCategory: entries(byCategory),
      openByTown: entries(byTown),
      overdue: (overdue as { n: number }).n,
      pendingDispatch: statuses.find((s) => s.key === 'pending_dispatch')?.count ?? 0,
      todayByChannel: entries(todayByChannel),
      supervisedToday: (supervised as { n: number }).n,
    };
  }
}
