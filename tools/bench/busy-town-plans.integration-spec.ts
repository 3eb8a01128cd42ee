import { randomInt, randomUUID } from 'node:crypto';
import type { DataSource, Logger } from 'typeorm';
import type { Actor } from '@yiti/contracts';
import type { CalendarSource } from '@yiti/authority-client';
import { ApplicationQueries, approvalWindowDataSource, type ApprovalWindowConfig } from '@yiti/approval-window-service';
import { CHINA_HOLIDAYS, WorkingDayCalendar, todayInShanghai, withinCodePrefix, type PersonalDataProtector, type UnitOfWork } from '@yiti/platform';
import { TEST_DATABASE_URL } from '@yiti/testing';
import { preloadBusyTown } from './busy-town';

interface PlanNode {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
/** Whether a node's rows come through a LIMIT (the rows of its subqueries aside). */
const limited = (node: PlanNode): boolean => {
  const inputs = (node.Plans ?? []).filter((child) => !/SubPlan|InitPlan/.test(child['Parent Relationship'] ?? ''));
  return node['Node Type'] === 'Limit' || (inputs.length > 0 && inputs.every(limited));
};
/** Sorts of more than a page: not the top-N sort of a LIMIT, nor a sort of the rows of LIMITs. */
const fullSortsOf = (node: PlanNode, parent?: PlanNode): PlanNode[] => [
  ...(/Sort$/.test(node['Node Type']) && parent?.['Node Type'] !== 'Limit' && !limited(node) ? [node] : []),
  ...(node.Plans ?? []).flatMap((child) => fullSortsOf(child, node)),
];

/** Every SQL statement the queries send, as TypeORM logs it. */
class StatementRecorder implements Logger {
  statements: { sql: string; parameters: unknown[] }[] = [];
  logQuery(sql: string | { text: string }, parameters?: unknown[]): void {
    // A named statement (preparedQuery) reaches the logger as node-postgres's query config.
    this.statements.push({ sql: typeof sql === 'string' ? sql : sql.text, parameters: parameters ?? [] });
  }
  // Nothing else is recorded.
  logQueryError = () => undefined;
  logQuerySlow = () => undefined;
  logSchemaBuild = () => undefined;
  logMigration = () => undefined;
  log = () => undefined;
}

const APPLICATIONS = 50_000;

describe('reads of a year of a busy town (50,000 applications) use indexes, not scans or sorts of the town', () => {
  const countyCode = '320585';
  const townCode = `${countyCode}${randomInt(900, 1000)}`;
  const clerk: Actor = { userId: randomUUID(), username: 'plan.clerk', roles: ['window_clerk'], organisationId: randomUUID(), jurisdictionCode: townCode };
  const recorder = new StatementRecorder();
  let ds: DataSource;
  let queries: ApplicationQueries;
  let someId: string;

  /** The statements `read` sends, each explained and run (best of three): its plan's nodes and the server's execution time. */
  const explain = async (read: () => Promise<unknown>): Promise<{ sql: string; plan: PlanNode; nodes: PlanNode[]; ms: number }[]> => {
    recorder.statements = [];
    await read();
    // Each read with the settings its transaction made (SET LOCAL, set_config(…, true)) before it.
    const statements: { sql: string; parameters: unknown[]; settings: string[] }[] = [];
    let settings: string[] = [];
    for (const { sql, parameters } of recorder.statements) {
      if (/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(sql)) settings = [];
      else if (/^\s*(SET LOCAL\b|SELECT set_config\()/i.test(sql)) settings = [...settings, sql];
      else if (/^\s*(SELECT|WITH)\b/i.test(sql)) statements.push({ sql, parameters, settings });
    }
    expect(statements.length).toBeGreaterThan(0);
    return Promise.all(
      statements.map(async ({ sql, parameters, settings: set }) => {
        let best = { sql, plan: {} as PlanNode, nodes: [] as PlanNode[], ms: Infinity };
        for (let run = 0; run < 3; run++) {
          const [{ 'QUERY PLAN': [plan] }] = (await ds.transaction(async (em) => {
            for (const setting of set) await em.query(setting);
            return em.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters);
          })) as [{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }];
          if (plan['Execution Time'] < best.ms) best = { sql, plan: plan.Plan, nodes: nodesOf(plan.Plan), ms: plan['Execution Time'] };
        }
        return best;
      }),
    );
  };

  const expectIndexed = (plans: { plan: PlanNode; nodes: PlanNode[] }[]) => {
    for (const { plan, nodes } of plans) {
      expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).toEqual([]);
      expect(fullSortsOf(plan).map((n) => n['Node Type'])).toEqual([]);
    }
  };

  beforeAll(async () => {
    ds = approvalWindowDataSource({ DATABASE_URL: TEST_DATABASE_URL } as ApprovalWindowConfig);
    await ds.initialize();
    await ds.query('DELETE FROM approval_window.application WHERE town_code = $1', [townCode]);
    await preloadBusyTown(ds, {
      countyCode,
      townCode,
      townName: '繁忙镇',
      itemId: randomUUID(),
      item: { code: 'PLAN-1', name: '计划检查事项', kind: 'licensing', materials: [] },
      numberPrefix: `P${townCode}-`,
      applications: APPLICATIONS,
      applicant: { idCipher: 'x', idHash: 'x', phoneCipher: 'x' },
      handlingOrganisationId: clerk.organisationId,
    });
    ds.setOptions({ logging: ['query'], logger: recorder });
    const calendars = { current: () => new WorkingDayCalendar(CHINA_HOLIDAYS) } as unknown as CalendarSource;
    queries = new ApplicationQueries(ds, null as unknown as UnitOfWork, calendars, null as unknown as PersonalDataProtector, null as never);
    [{ id: someId }] = (await ds.query(`SELECT id FROM approval_window.application WHERE town_code = $1 AND status = 'accepted' LIMIT 1`, [townCode])) as [{ id: string }];
  }, 120_000);

  afterAll(async () => {
    ds.setOptions({ logging: false });
    await ds?.query('DELETE FROM approval_window.application WHERE town_code = $1', [townCode]);
    await ds?.destroy();
  });

  it('holds the preloaded year: 50,000 applications of the town across open and closed states', async () => {
    const rows = (await ds.query('SELECT status, count(*)::int AS n FROM approval_window.application WHERE town_code = $1 GROUP BY status', [townCode])) as { status: string; n: number }[];
    expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(APPLICATIONS);
    expect(rows.map((r) => r.status).sort()).toEqual(['accepted', 'approved', 'certificate_issued', 'not_accepted', 'received', 'rejected', 'withdrawn']);
  });

  it('reads a list page, the first and a later one, with or without a status, from the list-order indexes and counts at most 10 pages past it', async () => {
    const first = await queries.list(clerk, { townCode });
    expect(first).toMatchObject({ total: 200, totalExact: false, page: 1, pageSize: 20 });
    expect(first.items).toHaveLength(20);
    expect(await queries.list(clerk, { townCode, status: 'accepted', page: 3, pageSize: 50 })).toMatchObject({ total: 600, totalExact: false, page: 3, pageSize: 50 });
    expectIndexed(await explain(() => queries.list(clerk, { townCode })));
    expectIndexed(await explain(() => queries.list(clerk, { townCode, status: 'accepted', page: 3, pageSize: 50 })));
    expectIndexed(await explain(() => queries.list(clerk, {})));
  });

  it('refuses a page past the first 10,000 rows with a field error', async () => {
    await expect(queries.list(clerk, { townCode, page: 101, pageSize: 100 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('reads one application by its key', async () => {
    expectIndexed(await explain(() => queries.findVisible(clerk, someId)));
  });

  it('pages the deadlines as if every running clock had been read, dated and sorted', async () => {
    const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);
    const today = todayInShanghai();
    const within = 20;
    // Every running clock of the town, each dated on its own (the reference).
    const rows = (await ds.query(
      `SELECT id, application_no, status, received_on::text AS received_on, correction_notice_on IS NOT NULL AS corrected,
              (updated_at AT TIME ZONE 'Asia/Shanghai')::date::text AS updated_on, decision_due_on::text AS decision_due_on, certificate_due_on::text AS certificate_due_on
         FROM approval_window.application WHERE town_code = $1 AND status IN ('received', 'accepted', 'approved')`,
      [townCode],
    )) as { id: string; application_no: string; status: string; received_on: string; corrected: boolean; updated_on: string; decision_due_on: string | null; certificate_due_on: string | null }[];
    const dated = rows
      .map((r) => ({
        id: r.id,
        no: r.application_no,
        due: r.status === 'accepted' ? r.decision_due_on : r.status === 'approved' ? r.certificate_due_on : calendar.addWorkingDays(r.corrected ? r.updated_on : r.received_on, 5),
      }))
      .filter((e): e is { id: string; no: string; due: string } => e.due !== null)
      .sort((a, b) => a.due.localeCompare(b.due) || a.no.localeCompare(b.no));
    const overdue = dated.filter((e) => e.due < today).map((e) => e.id);
    const dueSoon = dated.filter((e) => e.due >= today && calendar.workingDaysBetween(today, e.due) <= within).map((e) => e.id);
    expect(overdue.length).toBeGreaterThan(100);
    expect(dueSoon.length).toBeGreaterThan(100);
    const dueOf = new Map(dated.map((e) => [e.id, e.due]));
    // Pages of 100 and of 20 (the bench's), whose ends fall within a due date's entries.
    for (const pageSize of [100, 20]) {
      const paged = { overdue: [] as string[], dueSoon: [] as string[] };
      for (let page = 1; page <= Math.ceil(Math.max(overdue.length, dueSoon.length) / pageSize) + 1; page++) {
        const view = await queries.deadlines(clerk, { townCode, withinWorkingDays: within, page, pageSize });
        expect({ overdueTotal: view.overdueTotal, dueSoonTotal: view.dueSoonTotal }).toEqual({ overdueTotal: overdue.length, dueSoonTotal: dueSoon.length });
        for (const e of [...view.overdue, ...view.dueSoon]) {
          expect({ dueOn: e.dueOn, itemName: e.itemName, workingDaysLeft: e.workingDaysLeft }).toEqual({
            dueOn: dueOf.get(e.applicationId),
            itemName: '计划检查事项',
            workingDaysLeft: e.dueOn < today ? -calendar.workingDaysBetween(e.dueOn, today) : calendar.workingDaysBetween(today, e.dueOn),
          });
        }
        paged.overdue.push(...view.overdue.map((e) => e.applicationId));
        paged.dueSoon.push(...view.dueSoon.map((e) => e.applicationId));
      }
      expect(paged).toEqual({ overdue, dueSoon });
    }
  });

  it("reads deadlines, a month's statistics and history in under 20 ms each, from indexes", async () => {
    const deadlines = await queries.deadlines(clerk, { townCode, withinWorkingDays: 20 });
    expect(deadlines.overdue.length).toBeLessThanOrEqual(100);
    expect(deadlines.overdueTotal + deadlines.dueSoonTotal).toBeGreaterThan(100);
    const today = todayInShanghai();
    const monthAgo = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 10);
    const reads = [
      () => queries.deadlines(clerk, { townCode, withinWorkingDays: 20 }),
      () => queries.statistics(clerk, { jurisdictionCode: townCode, from: monthAgo, to: today }),
      () => queries.history(clerk, someId),
    ];
    // The running clocks come from the index alone: no visit to every open application's heap page.
    const [runningClocks, ...rest] = await explain(reads[0] as () => Promise<unknown>);
    // Two statements: the clocks counted per kind and date in SQL, never by parallel workers (costlier
    // to start than the count); then the entries both pages show, cut to the page by PostgreSQL.
    expect(rest).toHaveLength(1);
    expect(runningClocks?.nodes.some((n) => /Aggregate$/.test(n['Node Type']))).toBe(true);
    for (const { nodes } of [runningClocks, ...rest]) expect(nodes?.filter((n) => /^Gather/.test(n['Node Type'])).map((n) => n['Node Type'])).toEqual([]);
    expect(rest[0]?.nodes.filter((n) => n['Node Type'] === 'Limit')).toHaveLength(2);
    expect(runningClocks?.nodes.filter((n) => n['Node Type'] === 'Bitmap Heap Scan').map((n) => n['Relation Name'])).toEqual([]);
    expect(runningClocks?.nodes.filter((n) => n['Node Type'] === 'Index Only Scan')).toHaveLength(4);
    // Decision clocks are read in due order up to the horizon: not a walk past every accepted
    // application (intake accepts most on the spot, each due a month later).
    const decisionClocks = runningClocks?.nodes.find((n) => n['Index Name'] === 'application_decision_clocks');
    expect(decisionClocks?.['Index Cond']).toContain('decision_due_on');
    expect(decisionClocks?.['Rows Removed by Filter'] ?? 0).toBe(0);
    for (const read of reads) {
      const plans = await explain(read);
      expectIndexed(plans);
      for (const { ms } of plans) expect(ms).toBeLessThan(20);
    }
  });

  it("reads a city's statistics over the range of its towns' codes, not a LIKE pattern", async () => {
    const province: Actor = { ...clerk, userId: randomUUID(), jurisdictionCode: '320000' };
    const today = todayInShanghai();
    const monthAgo = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 10);
    const city = await queries.statistics(province, { jurisdictionCode: '320500', from: monthAgo, to: today });
    expect(JSON.stringify(city)).toContain(townCode);
    const [plan] = await explain(() => queries.statistics(province, { jurisdictionCode: '320500', from: monthAgo, to: today }));
    const nodes = plan?.nodes ?? [];
    // The city is a range of town codes wherever the planner applies it (an index condition, or a filter beside the period's index).
    expect(nodes.some((n) => /town_code >= .*3205.*town_code < .*3206/.test(`${n['Index Cond'] ?? ''} ${n.Filter ?? ''}`))).toBe(true);
    expect(nodes.some((n) => /~~/.test(`${n['Index Cond'] ?? ''} ${n.Filter ?? ''}`))).toBe(false);
  });

  it("turns the platform's code prefix range into an index condition under the database's collation, where LIKE 'p%' stays a filter", async () => {
    const [{ collation }]: { collation: string }[] = await ds.query(`SELECT datcollate AS collation FROM pg_database WHERE datname = current_database()`);
    const conditionOf = (where: string) =>
      ds.transaction(async (em) => {
        await em.query('SET LOCAL enable_seqscan = off');
        const [{ 'QUERY PLAN': [plan] }] = (await em.query(`EXPLAIN (FORMAT JSON) SELECT count(*) FROM approval_window.application WHERE ${where}`)) as [{ 'QUERY PLAN': [{ Plan: PlanNode }] }];
        return nodesOf(plan.Plan).map((n) => n['Index Cond'] ?? '').join(' ');
      });
    expect(await conditionOf(withinCodePrefix('town_code', '3205'))).toMatch(/town_code >= '3205'.*town_code < '3206'/);
    if (collation !== 'C' && collation !== 'POSIX') expect({ collation, likeAsIndexCondition: /town_code/.test(await conditionOf(`town_code LIKE '3205%'`)) }).toEqual({ collation, likeAsIndexCondition: false });
  });
});
