import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { todayInShanghai } from '@yiti/platform';
import { levelOf, type Actor, type CountEntry, type DashboardQuery, type DispatchDashboardView, type WorkOrderChanges, type WorkOrderChangesQuery } from '@yiti/contracts';
import { DomainException, jurisdictionPattern, visibleTo } from '@yiti/platform';
import { scopeClause } from '../work-orders/work-order-queries';

const OPEN = `('pending_dispatch', 'dispatched', 'returned', 'signed', 'handling', 'parked', 'feedback', 'rework', 'linked')`;
const RUNNING = `('dispatched', 'returned', 'signed', 'handling', 'rework')`;
/**
 * A feed position `<tx>.<id>`: the transaction that wrote a change and the change's id. Ids are drawn
 * when rows are written but become visible at commit, so a reader moving past an id could miss an
 * earlier one still committing. Instead the feed reads in (tx, id) order only the changes of
 * transactions older than the oldest still running (the snapshot's xmin): every change that can
 * still appear belongs to a transaction at or after that horizon, so it sorts after everything read.
 * A change is read as soon as every transaction begun before it has ended (milliseconds), with no
 * settling delay.
 */
export function parsePosition(position: string): { tx: string; id: string } {
  const [tx, id] = position.split('.');
  return { tx: tx as string, id: id as string };
}
/**
 * Where the next read starts: after a full page, its last change; after a short one, the horizon
 * (everything before it was read), unless that is behind where the read started — never backwards.
 */
export function nextPosition(after: string, items: readonly { id: string }[], horizon: string, limit: number): string {
  if (items.length === limit) return (items[items.length - 1] as { id: string }).id;
  const start = parsePosition(after);
  return BigInt(horizon) > BigInt(start.tx) ? `${horizon}.0` : after;
}

const entries = (rows: { key: string | null; count: number }[]): CountEntry[] => rows.map((r) => ({ key: r.key ?? '', count: r.count }));

/**
 * The live feed and the dashboard, within the caller's jurisdiction only: a town's users never see
 * another town's changes. Every query bounded (a page of changes; counts grouped, top 50).
 */
@Injectable()
export class FeedQueries {
  constructor(private readonly dataSource: DataSource) {}

  async changes(actor: Actor, query: WorkOrderChangesQuery): Promise<WorkOrderChanges> {
    if (!query.after) {
      // From now on: everything of transactions not yet ended (at or after the horizon) is still to come.
      const [{ xmin }]: { xmin: string }[] = await this.dataSource.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`);
      return { items: [], last: `${xmin}.0` };
    }
    const after = parsePosition(query.after);
    const pattern = jurisdictionPattern(actor);
    const limit = query.limit ?? 100;
    // A user of a county or below reads their county's changes in position order from its index; a city's or province's, all in order.
    const level = levelOf(actor.jurisdictionCode);
    const county = level === 'county' || level === 'town' || level === 'village' || level === 'grid' ? actor.jurisdictionCode.slice(0, 6) : null;
    const rows: { id: string | null; tx: string | null; type: string; payload: Record<string, unknown>; xmin: string }[] = await this.dataSource.query(
      `WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
       SELECT c.id, c.tx, c.type, c.payload, h.xmin::text AS xmin FROM h LEFT JOIN LATERAL (
         SELECT id::text AS id, tx::text AS tx, type, payload FROM command_dispatch.work_order_change
          WHERE ${county ? `county_code = $5 AND (county_code, tx, id) > ($5, $1::xid8, $2::bigint)` : `county_code LIKE $5 AND (tx, id) > ($1::xid8, $2::bigint)`}
            AND tx < h.xmin AND COALESCE(town_code, county_code) LIKE $3
          ORDER BY tx, id LIMIT $4) c ON true`,
      [after.tx, after.id, pattern, limit, county ?? pattern],
    );
    const items = rows.filter((r) => r.id !== null).map((r) => ({ id: `${r.tx}.${r.id}`, type: r.type, data: r.payload }));
    return { items, last: nextPosition(query.after, items, (rows[0] as { xmin: string }).xmin, limit) };
  }

  async dashboard(actor: Actor, query: DashboardQuery): Promise<DispatchDashboardView> {
    if (query.townCode && !visibleTo(actor, query.townCode)) throw new DomainException('FORBIDDEN_JURISDICTION', `区划 ${query.townCode} 不在您的管辖范围内 ${query.townCode} is outside your jurisdiction`);
    const clause = query.townCode ? { sql: 'town_code = $1', value: query.townCode } : scopeClause(actor, 1);
    const pattern = clause.value;
    const scope = clause.sql;
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
         WHERE o.${scope} AND s.issued_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai')`,
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
