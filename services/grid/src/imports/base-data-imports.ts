import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, BaseDataImportKind, BaseDataImportView, StartBaseDataImportRequest } from '@yiti/contracts';
import { DomainException, PersonalDataProtector, appendAudit, assertRole, assertWithin, insertAll, maskIdNumber, maskPhone, visibleOr404, type AttachmentStore, type AuditEntry } from '@yiti/platform';
import { GRID_ADMIN_ROLES } from '../grids/grid-commands';
import { GridLocator } from '../grids/grid-locator';
import { placeRows } from '../base-data/placement';
import { countDataRows, readCsvInBatches, type Checked, type RowError } from './csv-reader';
import { enterpriseRow, householdRow, residentRow, type EnterpriseRow, type HouseholdRow, type Placed, type ResidentRow } from './csv-rows';

export const GRID_ATTACHMENT_STORE = Symbol('GRID_ATTACHMENT_STORE');

interface ImportRow {
  id: string;
  town_code: string;
  kind: BaseDataImportKind;
  status: BaseDataImportView['status'];
  rows_total: number | null;
  rows_done: number;
  accepted: number;
  rejected: number;
  errors: RowError[];
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const IMPORT_COLUMNS = 'id, town_code, kind, status, rows_total, rows_done, accepted, rejected, errors, failure, created_at, finished_at';

const toImportView = (row: ImportRow): BaseDataImportView => ({
  id: row.id,
  townCode: row.town_code,
  kind: row.kind,
  status: row.status,
  rowsTotal: row.rows_total,
  rowsDone: row.rows_done,
  accepted: row.accepted,
  rejected: row.rejected,
  errors: row.errors,
  failure: row.failure,
  createdAt: row.created_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

/** One batch of a town's import, written in one transaction: refused rows are answered, the others written. */
interface BatchContext {
  em: EntityManager;
  importId: string;
  townCode: string;
  countyCode: string;
}

interface ImportKind<R extends Placed> {
  check(record: Record<string, string | undefined>, line: number): Checked<R>;
  /** Writes the placed rows; answers the rows refused on the way (duplicates). */
  write(ctx: BatchContext, rows: { row: R; gridCode: string }[]): Promise<RowError[]>;
}

/**
 * 基础信息导入: a CSV file (households, residents, enterprises) the gateway stored in the attachment
 * store, imported as a job. The file is read twice as a stream — once to count its rows (the
 * progress total), once through csv-parse in batches — so memory stays bounded whatever its size.
 * Each batch's records and its audit entry commit together; the job's progress follows each batch.
 */
@Injectable()
export class BaseDataImports {
  private readonly logger = new Logger(BaseDataImports.name);
  private readonly kinds: { [K in BaseDataImportKind]: ImportKind<Placed> };

  constructor(
    private readonly dataSource: DataSource,
    private readonly locator: GridLocator,
    private readonly personalData: PersonalDataProtector,
    @Inject(GRID_ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {
    this.kinds = {
      households: { check: householdRow, write: (ctx, rows) => this.writeHouseholds(ctx, rows as { row: HouseholdRow; gridCode: string }[]) },
      residents: { check: residentRow, write: (ctx, rows) => this.writeResidents(ctx, rows as { row: ResidentRow; gridCode: string }[]) },
      enterprises: { check: enterpriseRow, write: (ctx, rows) => this.writeEnterprises(ctx, rows as { row: EnterpriseRow; gridCode: string }[]) },
    } as { [K in BaseDataImportKind]: ImportKind<Placed> };
  }

  async start(actor: Actor, request: StartBaseDataImportRequest): Promise<BaseDataImportView> {
    assertRole(actor, GRID_ADMIN_ROLES, '基础信息导入 Importing base data');
    assertWithin(actor, request.townCode);
    const probe = await this.store.open(request.attachmentHash);
    if (!probe) throw new DomainException('ATTACHMENT_NOT_FOUND', '导入文件不存在 The import file is not stored');
    probe.destroy();
    const id = randomUUID();
    const countyCode = request.townCode.slice(0, 6);
    const row = await this.dataSource.transaction(async (em) => {
      const [created] = (await em.query(
        `INSERT INTO grid.base_data_import (id, county_code, town_code, kind, status, attachment_hash, created_by) VALUES ($1, $2, $3, $4, 'running', $5, $6) RETURNING ${IMPORT_COLUMNS}`,
        [id, countyCode, request.townCode, request.kind, request.attachmentHash, actor.userId],
      )) as ImportRow[];
      await appendAudit(em, 'grid', [this.auditOf(actor, { countyCode, jurisdictionCode: request.townCode, action: 'base_data_import.start', resourceType: 'base_data_import', resourceId: id, after: { kind: request.kind, attachmentHash: request.attachmentHash } })]);
      return created as ImportRow;
    });
    void this.run(id, actor, request);
    return toImportView(row);
  }

  async get(actor: Actor, id: string): Promise<BaseDataImportView> {
    const rows: ImportRow[] = await this.dataSource.query(`SELECT ${IMPORT_COLUMNS} FROM grid.base_data_import WHERE id = $1`, [id]);
    return toImportView(visibleOr404(actor, rows[0], (r) => r.town_code, { code: 'BASE_DATA_IMPORT_NOT_FOUND', detail: `导入任务 ${id} 不存在 Import ${id} not found` }));
  }

  /** The job itself, after the answer: a failure is recorded on the job (a process stopping mid-import leaves it running: not resumed yet). */
  private async run(importId: string, actor: Actor, request: StartBaseDataImportRequest): Promise<void> {
    const { townCode, kind: kindName } = request;
    const countyCode = townCode.slice(0, 6);
    const kind = this.kinds[kindName];
    try {
      const total = await countDataRows(await this.openFile(request.attachmentHash));
      await this.dataSource.query(`UPDATE grid.base_data_import SET rows_total = $2 WHERE id = $1`, [importId, total]);
      const gridCodes = new Set(((await this.dataSource.query(`SELECT code FROM grid.grid WHERE town_code = $1`, [townCode])) as { code: string }[]).map((r) => r.code));
      const result = await readCsvInBatches(
        await this.openFile(request.attachmentHash),
        kind.check,
        async (rows) => {
          const { placed, refused } = await placeRows(this.locator, townCode, gridCodes, rows);
          if (!placed.length) return refused;
          const duplicates = await this.dataSource.transaction(async (em) => {
            const ctx = { em, importId, townCode, countyCode };
            const found = await kind.write(ctx, placed);
            await appendAudit(em, 'grid', [
              this.auditOf(actor, { countyCode, jurisdictionCode: townCode, action: `${kindName}.import_batch`, resourceType: 'base_data_import', resourceId: importId, after: { written: placed.length - found.length, firstLine: placed[0]?.row.line, lastLine: placed.at(-1)?.row.line } }),
            ]);
            return found;
          });
          return [...refused, ...duplicates].sort((a, b) => a.line - b.line);
        },
        { onProgress: (p) => this.dataSource.query(`UPDATE grid.base_data_import SET rows_done = $2, accepted = $3, rejected = $4 WHERE id = $1`, [importId, p.rowsDone, p.accepted, p.rejected]).then(() => undefined) },
      );
      await this.dataSource.query(`UPDATE grid.base_data_import SET status = 'done', rows_done = $2, accepted = $3, rejected = $4, errors = $5, finished_at = now() WHERE id = $1`, [
        importId,
        result.rowsDone,
        result.accepted,
        result.rejected,
        JSON.stringify(result.errors),
      ]);
    } catch (error) {
      const failure = error instanceof Error ? error.message : 'failed';
      this.logger.error({ importId, error: failure }, 'base data import failed');
      await this.dataSource.query(`UPDATE grid.base_data_import SET status = 'failed', failure = $2, finished_at = now() WHERE id = $1`, [importId, failure.slice(0, 500)]).catch(() => undefined);
    }
  }

  private async openFile(hash: string): Promise<Readable> {
    const stream = await this.store.open(hash);
    if (!stream) throw new Error(`import file ${hash} is no longer stored`);
    return stream;
  }

  private auditOf(actor: Actor, entry: Omit<AuditEntry, 'actorId' | 'actorRoles' | 'actorOrganisationId'>): AuditEntry {
    return { ...entry, actorId: actor.userId, actorRoles: actor.roles, actorOrganisationId: actor.organisationId ?? null };
  }

  private async writeHouseholds(ctx: BatchContext, rows: { row: HouseholdRow; gridCode: string }[]): Promise<RowError[]> {
    await insertAll(ctx.em, [
      {
        table: 'grid.household',
        columns: ['id', 'county_code', 'town_code', 'grid_code', 'address', 'members', 'meter_number', 'flags', 'lng', 'lat', 'import_id'],
        rows: rows.map(({ row, gridCode }) => [randomUUID(), ctx.countyCode, ctx.townCode, gridCode, row.address, row.members, row.meterNumber, row.flags, row.point?.lng ?? null, row.point?.lat ?? null, ctx.importId]),
      },
    ]);
    return [];
  }

  /** Residents: ID numbers encrypted and hashed here; a number already registered in the county (or twice in the batch) is a bad row. */
  private async writeResidents(ctx: BatchContext, rows: { row: ResidentRow; gridCode: string }[]): Promise<RowError[]> {
    const hashed = rows.map((r) => ({ ...r, hashes: this.personalData.searchHashes(r.row.idNumber) }));
    const known: { id_hash: string }[] = await ctx.em.query(`SELECT id_hash FROM grid.resident WHERE county_code = $1 AND id_hash = ANY($2::text[])`, [ctx.countyCode, hashed.flatMap((r) => r.hashes)]);
    const taken = new Set(known.map((k) => k.id_hash));
    const refused: RowError[] = [];
    const fresh: typeof hashed = [];
    for (const r of hashed) {
      if (r.hashes.some((h) => taken.has(h))) refused.push({ line: r.row.line, messages: ['id_number: 该身份证号已登记 already registered'] });
      else {
        fresh.push(r);
        taken.add(r.hashes[0] as string);
      }
    }
    if (fresh.length) {
      await insertAll(ctx.em, [
        {
          table: 'grid.resident',
          columns: ['id', 'county_code', 'town_code', 'grid_code', 'name', 'id_cipher', 'id_hash', 'id_masked', 'phone_cipher', 'phone_masked', 'address', 'lng', 'lat', 'import_id'],
          rows: fresh.map(({ row, gridCode, hashes }) => [
            randomUUID(),
            ctx.countyCode,
            ctx.townCode,
            gridCode,
            row.name,
            this.personalData.encrypt(row.idNumber),
            hashes[0],
            maskIdNumber(row.idNumber),
            row.phone ? this.personalData.encrypt(row.phone) : null,
            row.phone ? maskPhone(row.phone) : null,
            row.address,
            row.point?.lng ?? null,
            row.point?.lat ?? null,
            ctx.importId,
          ]),
        },
      ]);
    }
    return refused;
  }

  /** Enterprises and places: a credit code already registered in the county (or twice in the batch) is a bad row. */
  private async writeEnterprises(ctx: BatchContext, rows: { row: EnterpriseRow; gridCode: string }[]): Promise<RowError[]> {
    const known: { credit_code: string }[] = await ctx.em.query(`SELECT credit_code FROM grid.enterprise WHERE county_code = $1 AND credit_code = ANY($2::text[])`, [ctx.countyCode, rows.map((r) => r.row.creditCode)]);
    const taken = new Set(known.map((k) => k.credit_code));
    const refused: RowError[] = [];
    const fresh: typeof rows = [];
    for (const r of rows) {
      if (taken.has(r.row.creditCode)) refused.push({ line: r.row.line, messages: [`credit_code: ${r.row.creditCode} 已登记 already registered`] });
      else {
        fresh.push(r);
        taken.add(r.row.creditCode);
      }
    }
    if (fresh.length) {
      await insertAll(ctx.em, [
        {
          table: 'grid.enterprise',
          columns: ['id', 'county_code', 'town_code', 'grid_code', 'name', 'credit_code', 'kind', 'type', 'risk_level', 'address', 'lng', 'lat', 'import_id'],
          rows: fresh.map(({ row, gridCode }) => [randomUUID(), ctx.countyCode, ctx.townCode, gridCode, row.name, row.creditCode, row.kind, row.type, row.riskLevel, row.address, row.point?.lng ?? null, row.point?.lat ?? null, ctx.importId]),
        },
      ]);
    }
    return refused;
  }
}
