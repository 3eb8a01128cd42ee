import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SUPERVISION_LEVEL_LABELS, type Actor, type ListSupervisionsQuery, type Page, type Role, type SupervisionLevel, type SupervisionView } from '@yiti/contracts';
import { assertRole, DomainException, readSqlPage, UnitOfWork, visibleOr404, visibleTo } from '@yiti/platform';
import { scopeClause } from '../work-orders/work-order-queries';

/** Who reads the 督办 list: the centre (大屏), the leaders it is addressed to, and the units' staff (their own). */
export const SUPERVISION_READERS: Role[] = ['dispatcher', 'commander', 'leader', 'county_leader', 'county_admin', 'work_order_handler'];
/** Who acknowledges (签收) a notice for the level addressed: the town's leader, the county's leadership, the commander. */
export const SUPERVISION_ACKNOWLEDGERS: Role[] = ['leader', 'county_leader', 'commander'];

export interface SupervisionRow {
  id: string;
  work_order_id: string;
  order_no: string;
  round: number;
  escalated_to: SupervisionLevel;
  addressee_code: string;
  county_code: string;
  town_code: string | null;
  unit_id: string | null;
  unit_name: string | null;
  category: string;
  title: string;
  due_at: Date;
  issued_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

const COLUMNS = `s.id, s.work_order_id, o.order_no, s.round, s.escalated_to, s.addressee_code, s.county_code, s.town_code, s.unit_id, s.unit_name, o.category, o.title, s.due_at, s.issued_at, s.acknowledged_at, s.acknowledged_by`;
const FROM = `command_dispatch.supervision s JOIN command_dispatch.work_order o ON o.id = s.work_order_id`;

export const toSupervisionView = (r: SupervisionRow): SupervisionView => ({
  id: r.id,
  workOrderId: r.work_order_id,
  orderNo: r.order_no,
  round: r.round,
  level: r.escalated_to,
  levelLabel: SUPERVISION_LEVEL_LABELS[r.escalated_to],
  addresseeJurisdictionCode: r.addressee_code,
  countyCode: r.county_code,
  townCode: r.town_code,
  unitId: r.unit_id,
  unitName: r.unit_name,
  category: r.category,
  title: r.title,
  dueAt: new Date(r.due_at).toISOString(),
  issuedAt: new Date(r.issued_at).toISOString(),
  acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
  acknowledgedBy: r.acknowledged_by,
});

const notFound = (id: string) => ({ code: 'SUPERVISION_NOT_FOUND' as const, detail: `督办单 ${id} 不存在 Supervision notice ${id} not found` });

/**
 * 督办单 The automatic 督办 notices (written by the SLA scan, one per order and round): the list of the
 * caller's jurisdiction for the command-centre screen and the leaders addressed, a unit's own, and
 * the acknowledgement (签收) by the level addressed, once, audited.
 */
@Injectable()
export class Supervisions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async list(actor: Actor, query: ListSupervisionsQuery): Promise<Page<SupervisionView>> {
    assertRole(actor, SUPERVISION_READERS, '查看督办 Reading 督办 notices');
    if (query.townCode && !visibleTo(actor, query.townCode)) throw new DomainException('FORBIDDEN_JURISDICTION', `区划 ${query.townCode} 不在您的管辖范围内 ${query.townCode} is outside your jurisdiction`);
    const scope = scopeClause(actor, 1);
    const params: unknown[] = [scope.value];
    const where = [`s.${scope.sql}`];
    const add = (clause: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(clause(params.length));
    };
    if (query.townCode) add((n) => `s.town_code = $${n}`, query.townCode);
    if (query.level) add((n) => `s.escalated_to = $${n}`, query.level);
    if (query.unitId) add((n) => `s.unit_id = $${n}`, query.unitId);
    // A unit's staff read their own unit's notices only.
    const unitOnly = query.mine === 'true' || (actor.roles.includes('work_order_handler') && !actor.roles.some((r) => r !== 'work_order_handler' && SUPERVISION_READERS.includes(r)));
    if (unitOnly) add((n) => `s.unit_id = $${n}`, actor.organisationId || '00000000-0000-0000-0000-000000000000');
    if (query.acknowledged === 'true') where.push('s.acknowledged_at IS NOT NULL');
    if (query.acknowledged === 'false') where.push('s.acknowledged_at IS NULL');
    const page = await readSqlPage<SupervisionRow>(this.dataSource, { columns: COLUMNS, from: FROM, where: where.join(' AND '), order: 's.issued_at DESC, s.id DESC' }, params, query);
    return { ...page, items: page.items.map(toSupervisionView) };
  }

  /**
   * 签收督办: a leader of the jurisdiction addressed (a town's notice by its leader or the county's,
   * a county's by the county's leadership) records that it reached them; once (again answers the same).
   */
  async acknowledge(actor: Actor, id: string): Promise<SupervisionView> {
    assertRole(actor, SUPERVISION_ACKNOWLEDGERS, '签收督办 Acknowledging a 督办 notice');
    return this.uow.run(async (tx) => {
      const rows: SupervisionRow[] = await tx.em.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
      // Seen by whoever's jurisdiction holds the order; acknowledged only by the level addressed (or above it).
      const row = visibleOr404(actor, rows[0], (r) => r.town_code ?? r.county_code, notFound(id));
      if (!visibleTo(actor, row.addressee_code)) {
        throw new DomainException('FORBIDDEN_JURISDICTION', `本督办单发往 ${row.addressee_code},由该级领导签收 The notice is addressed to ${row.addressee_code}; its leadership acknowledges it`);
      }
      if (row.acknowledged_at) return toSupervisionView(row);
      const now = new Date();
      await tx.em.query(`UPDATE command_dispatch.supervision SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1`, [id, now, actor.userId]);
      tx.audit({ countyCode: row.county_code, jurisdictionCode: row.town_code ?? row.county_code, action: 'supervision.acknowledge', resourceType: 'supervision', resourceId: id, before: { acknowledged: false }, after: { acknowledged: true, workOrderId: row.work_order_id, round: row.round, level: row.escalated_to } });
      return toSupervisionView({ ...row, acknowledged_at: now, acknowledged_by: actor.userId });
    });
  }
}
