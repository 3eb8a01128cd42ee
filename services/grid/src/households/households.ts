import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { type Actor, type HouseholdFlagCode, type HouseholdImportView, type HouseholdView, type ImportHouseholdsRequest, type ListHouseholdsQuery, type Page } from '@yiti/contracts';
import { appendAudit, assertRole, assertWithin, insertAll, jurisdictionPattern, visibleOr404 } from '@yiti/platform';
import { readSqlPage } from '@yiti/platform';
import { GRID_ADMIN_ROLES } from '../grids/grid-commands';
import { GridLocator } from '../grids/grid-locator';
import { readHouseholdCsv, type HouseholdRow, type RowError } from './household-csv';

interface ImportRow {
  id: string;
  town_code: string;
  status: HouseholdImportView['status'];
  rows_done: number;
  accepted: number;
  rejected: number;
  errors: RowError[];
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const toImportView = (row: ImportRow): HouseholdImportView => ({
  id: row.id,
  townCode: row.town_code,
  status: row.status,
  rowsDone: row.rows_done,
  accepted: row.accepted,
  rejected: row.rejected,
  errors: row.errors,
  failure: row.failure,
  createdAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

const IMPORT_COLUMNS = 'id, town_code, status, rows_done, accepted, rejected, errors, failure, created_at, finished_at';

/**
 * 基础信息: households of the grids. A CSV import is a job: started at once, read as a stream in
 * batches (each batch's households, progress and audit entry in one transaction), polled by the client.
 */
@Injectable()
export class Households {
  private readonly logger = new Logger(Households.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly locator: GridLocator,
  ) {}

  async startImport(actor: Actor, request: ImportHouseholdsRequest): Promise<HouseholdImportView> {
    assertRole(actor, GRID_ADMIN_ROLES, '户籍导入 Importing households');
    assertWithin(actor, request.townCode);
    const id = randomUUID();
    const countyCode = request.townCode.slice(0, 6);
    const [row] = (await this.dataSource.query(`INSERT INTO grid.household_import (id, county_code, town_code, status, created_by) VALUES ($1, $2, $3, 'running', $4) RETURNING ${IMPORT_COLUMNS}`, [id, countyCode, request.townCode, actor.userId])) as ImportRow[];
    void this.run(id, actor, request.townCode, Readable.from([request.csv]));
    return toImportView(row as ImportRow);
  }

  async getImport(actor: Actor, id: string): Promise<HouseholdImportView> {
    const rows: ImportRow[] = await this.dataSource.query(`SELECT ${IMPORT_COLUMNS} FROM grid.household_import WHERE id = $1`, [id]);
    return toImportView(visibleOr404(actor, rows[0], (r) => r.town_code, { code: 'HOUSEHOLD_IMPORT_NOT_FOUND', detail: `导入任务 ${id} 不存在 Import ${id} not found` }));
  }

  /** Households within the caller's jurisdiction (a grid worker: their grid's), e.g. the vacant ones (空关户) of a grid. */
  async list(actor: Actor, query: ListHouseholdsQuery): Promise<Page<HouseholdView>> {
    const params: unknown[] = [jurisdictionPattern(actor)];
    let where = 'grid_code LIKE $1';
    if (query.gridCode) {
      params.push(query.gridCode);
      where += ` AND grid_code = $${params.length}`;
    }
    if (query.flag) {
      params.push([query.flag]);
      where += ` AND flags @> $${params.length}::text[]`;
    }
    const { items, ...counted } = await readSqlPage<{ id: string; grid_code: string; address: string; members: number; flags: HouseholdFlagCode[] }>(
      this.dataSource,
      { columns: 'id, grid_code, address, members, flags', from: 'grid.household', where, order: 'grid_code, id' },
      params,
      query,
    );
    return { items: items.map((r) => ({ id: r.id, gridCode: r.grid_code, address: r.address, members: r.members, flags: r.flags })), ...counted };
  }

  /** The job itself, after the answer: a failure is recorded on the job (a process stopping mid-import leaves it running: not resumed yet). */
  private async run(importId: string, actor: Actor, townCode: string, input: Readable): Promise<void> {
    try {
      const gridCodes = new Set(((await this.dataSource.query(`SELECT code FROM grid.grid WHERE town_code = $1`, [townCode])) as { code: string }[]).map((r) => r.code));
      const result = await readHouseholdCsv(input, (rows) => this.writeBatch(importId, actor, townCode, gridCodes, rows), {
        onProgress: (p) => this.dataSource.query(`UPDATE grid.household_import SET rows_done = $2, accepted = $3, rejected = $4 WHERE id = $1`, [importId, p.rowsDone, p.accepted, p.rejected]).then(() => undefined),
      });
      await this.dataSource.query(`UPDATE grid.household_import SET status = 'done', rows_done = $2, accepted = $3, rejected = $4, errors = $5, finished_at = now() WHERE id = $1`, [importId, result.rowsDone, result.accepted, result.rejected, JSON.stringify(result.errors)]);
    } catch (error) {
      this.logger.error({ importId, error: error instanceof Error ? error.message : String(error) }, 'household import failed');
      const failure = error instanceof Error ? error.message : 'failed';
      await this.dataSource.query(`UPDATE grid.household_import SET status = 'failed', failure = $2, finished_at = now() WHERE id = $1`, [importId, failure.slice(0, 500)]).catch(() => undefined);
    }
  }

  /** One batch: each row's grid (given, of this town; or found from its point), the households and one audit entry. */
  private async writeBatch(importId: string, actor: Actor, townCode: string, gridCodes: Set<string>, rows: HouseholdRow[]): Promise<RowError[]> {
    const refused: RowError[] = [];
    const accepted: { row: HouseholdRow; gridCode: string; id: string }[] = [];
    for (const row of rows) {
      const gridCode = row.gridCode ?? (row.point ? (await this.locator.locate(townCode, row.point.lng, row.point.lat))?.code : undefined);
      if (!gridCode) refused.push({ line: row.line, messages: [`lng,lat: [${row.point?.lng},${row.point?.lat}] 不在本镇任何网格内 in no grid of ${townCode}`] });
      else if (!gridCodes.has(gridCode)) refused.push({ line: row.line, messages: [`grid_code: 网格 ${gridCode} 不是本镇的网格 not a grid of ${townCode}`] });
      else accepted.push({ row, gridCode, id: randomUUID() });
    }
    if (accepted.length) {
      const countyCode = townCode.slice(0, 6);
      await this.dataSource.transaction(async (em) => {
        await insertAll(em, [
          {
            table: 'grid.household',
            columns: ['id', 'county_code', 'town_code', 'grid_code', 'address', 'members', 'flags', 'lng', 'lat', 'import_id'],
            rows: accepted.map(({ row, gridCode, id }) => [id, countyCode, townCode, gridCode, row.address, row.members, row.flags, row.point?.lng ?? null, row.point?.lat ?? null, importId]),
          },
        ]);
        await appendAudit(em, 'grid', [
          {
            countyCode,
            jurisdictionCode: townCode,
            action: 'household.import_batch',
            resourceType: 'household_import',
            resourceId: importId,
            after: { households: accepted.length, firstLine: accepted[0]?.row.line, lastLine: accepted.at(-1)?.row.line },
            actorId: actor.userId,
            actorRoles: actor.roles,
            actorOrganisationId: actor.organisationId ?? null,
          },
        ]);
      });
    }
    return refused;
  }
}
