import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DECISION_CLOCK_STATES,
  scopePrefix,
  type Actor,
  type CaseClock,
  type CaseState,
  type OfficerWorkloadQuery,
  type OfficerWorkloadView,
  type Page,
  type StatisticsQuery,
  type StatisticsView,
} from '@yiti/contracts';
import { DomainException, assertRole, readSqlPage, withinCodePrefix, todayInShanghai, visibleTo } from '@yiti/platform';
import { READERS } from '../penalties/on-the-spot-penalties';
import { checkPeriod, clockWindow, emptyFigures, teamView, totalOf, type TeamFigures } from './statistics-formulas';

/**
 * Where each clock of a case is read: the rows whose clock runs (`open`) and their due date. A
 * clock is served once the columns it reads exist (the later steps of the ordinary procedure add
 * them); until then it is left out of the answer rather than shown as zero.
 */
interface ClockSource {
  clock: CaseClock;
  table: 'penalty_case' | 'case_preservation';
  /** Columns of `table` the clock needs. */
  columns: string[];
  from: string;
  town: string;
  due: string;
  open: string;
}

const quoted = (states: readonly string[]) => states.map((s) => `'${s}'`).join(', ');
const CASE_FROM = 'enforcement.penalty_case c';
export const CLOCK_SOURCES: readonly ClockSource[] = [
  { clock: 'decision', table: 'penalty_case', columns: ['decision_due_on'], from: CASE_FROM, town: 'c.town_code', due: 'c.decision_due_on', open: `c.status IN (${quoted(DECISION_CLOCK_STATES)})` },
  { clock: 'statements', table: 'penalty_case', columns: ['statements_due_on'], from: CASE_FROM, town: 'c.town_code', due: 'c.statements_due_on', open: `c.status = 'statement_period'` },
  { clock: 'hearing_request', table: 'penalty_case', columns: ['hearing_request_due_on'], from: CASE_FROM, town: 'c.town_code', due: 'c.hearing_request_due_on', open: `c.status = 'statement_period'` },
  { clock: 'hearing', table: 'penalty_case', columns: ['hearing_on'], from: CASE_FROM, town: 'c.town_code', due: 'c.hearing_on', open: `c.status = 'hearing_noticed'` },
  { clock: 'service', table: 'penalty_case', columns: ['service_due_on'], from: CASE_FROM, town: 'c.town_code', due: 'c.service_due_on', open: `c.status = 'decided'` },
  { clock: 'payment', table: 'penalty_case', columns: ['payment_due_on', 'paid_on'], from: CASE_FROM, town: 'c.town_code', due: 'c.payment_due_on', open: `c.status = 'served' AND c.paid_on IS NULL` },
  {
    clock: 'preservation',
    table: 'case_preservation',
    columns: ['decision_due_on', 'outcome', 'case_id'],
    from: 'enforcement.case_preservation p JOIN enforcement.penalty_case c ON c.id = p.case_id',
    town: 'c.town_code',
    due: 'p.decision_due_on',
    open: 'p.outcome IS NULL',
  },
];

/**
 * Ordinary-procedure fines (决定书罚款) once the decision and payment columns exist. Collected is the
 * fine paid: the amount paid less the late fee (加处罚款, not a fine), never more than the fine.
 */
const CASE_FINE_COLUMNS = ['fine_fen', 'paid_fen', 'late_fee_fen', 'decided_on'];
/** States in which a filed case is no longer open. */
const ENDED_STATES: readonly CaseState[] = ['closed', 'referred_to_judiciary', 'transferred', 'not_filed'];
/** The most teams (towns) one answer lists. */
const MAX_TEAMS = 500;

/**
 * The codes under `prefix` ($1 holds it) as an index range, the platform's withinCodePrefix: a btree
 * index leading with the code serves it whatever the database's collation, where `LIKE 'p%'` is only
 * turned into an index range under the C collation. (The bound used to be `$1 || '~'`, which is no
 * bound under ICU or glibc en_US collations: they sort '~' before digits.)
 */
const within = (column: string, prefix: string) => withinCodePrefix(column, prefix, '$1');

/** A day's bounds in China time, for timestamp columns. */
const dayStart = (param: string) => `(${param}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
const dayAfter = (param: string) => `(${param}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;

/**
 * 查询统计: per team (town) and for the scope, for a period — cases by stage, every clock due soon
 * and overdue, fines decided / collected / outstanding, supervision tasks and random checks done —
 * and each officer's workload. Every figure is an aggregate over the rows of the period (or the
 * running clocks), read through an index that leads with the town: the cost follows the period's
 * rows, not the county's history; one row per team (bounded) and officers paged.
 */
@Injectable()
export class EnforcementStatistics {
  private columns: Promise<Map<string, Set<string>>> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async byTeam(actor: Actor, query: StatisticsQuery): Promise<StatisticsView> {
    assertRole(actor, READERS, '查询统计 Statistics');
    const scope = query.jurisdictionCode ?? actor.jurisdictionCode;
    if (!visibleTo(actor, scope)) throw new DomainException('FORBIDDEN_JURISDICTION', `区划 ${scope} 不在您的管辖范围内 ${scope} is outside your jurisdiction`);
    checkPeriod(query.from, query.to);
    const today = todayInShanghai();
    const window = clockWindow(today, query.dueSoonDays ?? 7);
    const pattern = scopePrefix(scope);
    const clocks = await this.servedClocks();
    const caseFines = await this.has('penalty_case', CASE_FINE_COLUMNS);
    const teams = new Map<string, TeamFigures>();
    const team = (code: string) => teams.get(code) ?? (teams.set(code, emptyFigures(code)).get(code) as TeamFigures);
    const period = [pattern, query.from, query.to];

    const [stages, filed, spot, fines, tasks, checks, clockRows] = await Promise.all([
      this.dataSource.query(
        `SELECT town_code, status, count(*)::int AS n FROM enforcement.penalty_case WHERE ${within('town_code', pattern)} AND registered_on BETWEEN $2 AND $3 GROUP BY town_code, status`,
        period,
      ) as Promise<{ town_code: string; status: CaseState; n: number }[]>,
      this.dataSource.query(`SELECT town_code, count(*)::int AS n FROM enforcement.penalty_case WHERE ${within('town_code', pattern)} AND filed_on BETWEEN $2 AND $3 GROUP BY town_code`, period) as Promise<{ town_code: string; n: number }[]>,
      this.dataSource.query(
        `SELECT town_code, count(*)::int AS n, sum(fine_fen)::bigint::text AS decided, (sum(fine_fen) FILTER (WHERE collected_on_the_spot))::bigint::text AS collected
         FROM enforcement.on_the_spot_penalty WHERE ${within('town_code', pattern)} AND decided_on BETWEEN $2 AND $3 GROUP BY town_code`,
        period,
      ) as Promise<{ town_code: string; n: number; decided: string | null; collected: string | null }[]>,
      caseFines
        ? (this.dataSource.query(
            `SELECT town_code, sum(fine_fen)::bigint::text AS decided, sum(least(coalesce(paid_fen, 0) - coalesce(late_fee_fen, 0), fine_fen))::bigint::text AS collected
             FROM enforcement.penalty_case WHERE ${within('town_code', pattern)} AND decided_on BETWEEN $2 AND $3 AND fine_fen IS NOT NULL GROUP BY town_code`,
            period,
          ) as Promise<{ town_code: string; decided: string | null; collected: string | null }[]>)
        : Promise.resolve([]),
      this.dataSource.query(
        `SELECT town_code, count(*)::int AS n, (count(*) FILTER (WHERE status <> 'open'))::int AS done FROM enforcement.supervision_task WHERE ${within('town_code', pattern)} AND approved_on BETWEEN $2 AND $3 GROUP BY town_code`,
        period,
      ) as Promise<{ town_code: string; n: number; done: number }[]>,
      this.dataSource.query(
        `SELECT town_code, count(*)::int AS n, (count(*) FILTER (WHERE result IS NOT NULL))::int AS recorded, (count(*) FILTER (WHERE result = 'problem_found'))::int AS problems
         FROM enforcement.check_assignment WHERE ${within('town_code', pattern)} AND drawn_at >= ${dayStart('$2')} AND drawn_at < ${dayAfter('$3')} GROUP BY town_code`,
        period,
      ) as Promise<{ town_code: string; n: number; recorded: number; problems: number }[]>,
      clocks.length === 0
        ? Promise.resolve([])
        : (this.dataSource.query(
            clocks
              .map(
                (c) =>
                  `SELECT '${c.clock}' AS clock, ${c.town} AS town_code, (count(*) FILTER (WHERE ${c.due} < $2::date))::int AS overdue, (count(*) FILTER (WHERE ${c.due} >= $2::date))::int AS due_soon
                   FROM ${c.from} WHERE ${within(c.town, pattern)} AND ${c.open} AND ${c.due} <= $3::date GROUP BY ${c.town}`,
              )
              .join(' UNION ALL '),
            [pattern, window.today, window.soonUntil],
          ) as Promise<{ clock: CaseClock; town_code: string; overdue: number; due_soon: number }[]>),
    ]);
    for (const r of stages) team(r.town_code).stages[r.status] = r.n;
    for (const r of filed) team(r.town_code).casesFiled = r.n;
    for (const r of [...spot, ...fines]) {
      const t = team(r.town_code);
      t.finesDecidedFen += Number(r.decided ?? 0);
      t.finesCollectedFen += Number(r.collected ?? 0);
    }
    for (const r of spot) team(r.town_code).onTheSpotDecided = r.n;
    for (const r of tasks) Object.assign(team(r.town_code), { supervisionTasks: r.n, supervisionTasksDone: r.done });
    for (const r of checks) Object.assign(team(r.town_code), { randomChecksPicked: r.n, randomChecksRecorded: r.recorded, randomChecksProblems: r.problems });
    for (const r of clockRows) team(r.town_code).clocks[r.clock] = { dueSoon: r.due_soon, overdue: r.overdue };
    const rows = [...teams.values()].sort((a, b) => (a.jurisdictionCode < b.jurisdictionCode ? -1 : 1)).slice(0, MAX_TEAMS);
    const served = clocks.map((c) => c.clock);
    return { from: query.from, to: query.to, today, teams: rows.map((t) => teamView(t, served)), total: teamView(totalOf(rows, scope), served) };
  }

  /** One row per officer of the caller's jurisdiction with any work: open cases, and the period's filings, on-the-spot penalties and random checks. */
  async officers(actor: Actor, query: OfficerWorkloadQuery): Promise<Page<OfficerWorkloadView>> {
    assertRole(actor, READERS, '执法人员工作量 Officer workload');
    checkPeriod(query.from, query.to);
    const pattern = scopePrefix(actor.jurisdictionCode);
    const workload = `(
      SELECT officer_id::text AS officer_id, sum(open_cases)::int AS open_cases, sum(cases_filed)::int AS cases_filed, sum(on_the_spot)::int AS on_the_spot, sum(random_checks)::int AS random_checks
      FROM (
        SELECT unnest(officer_ids) AS officer_id, (status NOT IN (${quoted(ENDED_STATES)}))::int AS open_cases, (filed_on BETWEEN $2 AND $3)::int AS cases_filed, 0 AS on_the_spot, 0 AS random_checks
          FROM enforcement.penalty_case WHERE ${within('town_code', pattern)} AND filed_on IS NOT NULL AND (status NOT IN (${quoted(ENDED_STATES)}) OR filed_on BETWEEN $2 AND $3)
        UNION ALL
        SELECT officer_id, 0, 0, 1, 0 FROM enforcement.on_the_spot_penalty WHERE ${within('town_code', pattern)} AND decided_on BETWEEN $2 AND $3
        UNION ALL
        SELECT unnest(inspector_ids), 0, 0, 0, 1 FROM enforcement.check_assignment WHERE ${within('town_code', pattern)} AND drawn_at >= ${dayStart('$2')} AND drawn_at < ${dayAfter('$3')}
      ) AS work GROUP BY officer_id) AS workload`;
    const { items, ...counted } = await readSqlPage<{ officer_id: string; open_cases: number; cases_filed: number; on_the_spot: number; random_checks: number }>(
      this.dataSource,
      { columns: '*', from: workload, where: 'true', order: 'officer_id' },
      [pattern, query.from, query.to],
      query,
    );
    return { items: items.map((r) => ({ officerId: r.officer_id, openCases: r.open_cases, casesFiled: r.cases_filed, onTheSpotDecided: r.on_the_spot, randomChecks: r.random_checks })), ...counted };
  }

  private async servedClocks(): Promise<ClockSource[]> {
    const served: ClockSource[] = [];
    for (const source of CLOCK_SOURCES) if (await this.has(source.table, source.columns)) served.push(source);
    return served;
  }

  /** Whether the enforcement table has every column (read once per process: columns only come with a migration, which restarts the service). */
  private async has(table: string, columns: readonly string[]): Promise<boolean> {
    this.columns ??= (
      this.dataSource.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'enforcement'`) as Promise<{ table_name: string; column_name: string }[]>
    ).then((rows) => {
      const map = new Map<string, Set<string>>();
      for (const r of rows) (map.get(r.table_name) ?? map.set(r.table_name, new Set()).get(r.table_name))?.add(r.column_name);
      return map;
    });
    const known = (await this.columns).get(table);
    return known !== undefined && columns.every((c) => known.has(c));
  }
}
