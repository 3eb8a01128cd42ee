import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { levelOf, type Actor, type ListWorkOrdersQuery, type Page, type WorkOrderView } from '@yiti/contracts';
import { jurisdictionPattern, readSqlPage, visibleOr404 } from '@yiti/platform';
import { toWorkOrderView, type WorkOrderRow } from './work-order-row';

/**
 * The caller's orders as SQL the indexes serve: a town's (or a village's, a grid's) user reads the
 * town's orders (town_code =), a county's user the county's (county_code =, including those still
 * without a town), a city's or province's by county prefix.
 */
export function scopeClause(actor: Actor, param: number): { sql: string; value: string } {
  const code = actor.jurisdictionCode;
  const level = levelOf(code);
  if (level === 'town' || level === 'village' || level === 'grid') return { sql: `town_code = $${param}`, value: code.slice(0, 9) };
  if (level === 'county') return { sql: `county_code = $${param}`, value: code };
  return { sql: `county_code LIKE $${param}`, value: jurisdictionPattern(actor) };
}

/** The jurisdiction an order belongs to: its town, or its county while no town is known. */
export const jurisdictionOf = (row: Pick<WorkOrderRow, 'town_code' | 'county_code'>): string => row.town_code ?? row.county_code;

/**
 * Reading orders, always within the caller's jurisdiction: an order of another town is not
 * admitted to exist (404). SQL in one place.
 */
@Injectable()
export class WorkOrderQueries {
  constructor(private readonly dataSource: DataSource) {}

  async findVisible(actor: Actor, id: string): Promise<WorkOrderRow> {
    const rows: WorkOrderRow[] = await this.dataSource.query(`SELECT * FROM command_dispatch.work_order WHERE id = $1`, [id]);
    return visibleOr404(actor, rows[0], jurisdictionOf, { code: 'WORK_ORDER_NOT_FOUND', detail: `工单 ${id} 不存在 Work order ${id} not found` });
  }

  async get(actor: Actor, id: string): Promise<WorkOrderView> {
    return toWorkOrderView(await this.findVisible(actor, id));
  }

  /** Orders in the caller's jurisdiction, newest first, by status, town, channel, unit, overdue or a pending extension. */
  async list(actor: Actor, query: ListWorkOrdersQuery): Promise<Page<WorkOrderView>> {
    const scope = scopeClause(actor, 1);
    const params: unknown[] = [scope.value];
    const where = [scope.sql];
    const add = (clause: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(clause(params.length));
    };
    if (query.status) add((n) => `status = $${n}`, query.status);
    if (query.townCode) add((n) => `town_code = $${n}`, query.townCode);
    if (query.channel) add((n) => `channel = $${n}`, query.channel);
    if (query.unitId) add((n) => `unit_id = $${n}`, query.unitId);
    if (query.overdue === 'true') where.push(`due_at < now() AND status NOT IN ('closed', 'evaluated', 'cancelled', 'feedback', 'linked')`);
    if (query.extensionPending === 'true') where.push(`pending_extension IS NOT NULL`);
    const page = await readSqlPage<WorkOrderRow>(this.dataSource, { columns: '*', from: 'command_dispatch.work_order', where: where.join(' AND '), order: 'created_at DESC, id DESC' }, params, query);
    const now = new Date();
    return { ...page, items: page.items.map((row) => toWorkOrderView(row, now)) };
  }

  /** The order's steps in order (bounded: an order has few; at most 500 are answered). */
  async history(actor: Actor, id: string): Promise<{ action: string; from: string | null; to: string; actorId: string | null; unitId: string | null; reasons: string | null; details: Record<string, unknown>; at: string }[]> {
    await this.findVisible(actor, id);
    const rows: { action: string; from_status: string | null; to_status: string; actor_id: string | null; unit_id: string | null; reasons: string | null; details: Record<string, unknown>; at: Date }[] = await this.dataSource.query(
      `SELECT action, from_status, to_status, actor_id, unit_id, reasons, details, at FROM command_dispatch.work_order_step WHERE work_order_id = $1 ORDER BY seq LIMIT 500`,
      [id],
    );
    return rows.map((r) => ({ action: r.action, from: r.from_status, to: r.to_status, actorId: r.actor_id, unitId: r.unit_id, reasons: r.reasons, details: r.details, at: new Date(r.at).toISOString() }));
  }

  /** The sub-tasks of a linkage (at most 20). */
  async subTasks(actor: Actor, id: string): Promise<WorkOrderView[]> {
    await this.findVisible(actor, id);
    const rows: WorkOrderRow[] = await this.dataSource.query(`SELECT * FROM command_dispatch.work_order WHERE parent_id = $1 ORDER BY created_at, order_no LIMIT 20`, [id]);
    return rows.map((row) => toWorkOrderView(row));
  }
}
