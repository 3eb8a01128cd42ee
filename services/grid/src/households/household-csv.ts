import { HOUSEHOLD_FLAG_CODES, type HouseholdFlagCode } from '@yiti/contracts';
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { gridCodeProblem } from '../grids/grid-codes';

/** 户 flags the command centre's early-warning rules read. */
export const HOUSEHOLD_FLAGS = HOUSEHOLD_FLAG_CODES;
export type HouseholdFlag = HouseholdFlagCode;
export const HOUSEHOLD_FLAG_LABELS: Record<HouseholdFlag, string> = { vacant: '空关户', left_behind_elderly: '留守老人户', low_income: '低收入户' };

/** The columns of a household file (UTF-8, header row first): a grid code, or a point to find the grid by. */
export const HOUSEHOLD_COLUMNS = ['address', 'grid_code', 'lng', 'lat', 'members', 'vacant', 'left_behind_elderly', 'low_income'] as const;

export interface HouseholdRow {
  /** Line of the file the record starts on (the header is line 1). */
  line: number;
  address: string;
  gridCode: string | null;
  point: { lng: number; lat: number } | null;
  members: number;
  flags: HouseholdFlag[];
}

export interface RowError {
  line: number;
  messages: string[];
}

export interface CsvImportProgress {
  rowsDone: number;
  accepted: number;
  rejected: number;
}

/** Bad rows kept for the report; past this only their count grows (bounded memory whatever the file). */
export const MAX_REPORTED_ROW_ERRORS = 1000;

const TRUE = new Set(['1', 'y', 'yes', 'true', '是']);
const FALSE = new Set(['', '0', 'n', 'no', 'false', '否']);

/** One record of the file, checked: the household, or every problem with it. */
export function householdRow(record: Record<string, string | undefined>, line: number): HouseholdRow | RowError {
  const messages: string[] = [];
  const address = (record.address ?? '').trim();
  if (!address || address.length > 200) messages.push('address: 须为1至200字 1-200 characters');
  const gridCode = (record.grid_code ?? '').trim() || null;
  if (gridCode && gridCodeProblem(gridCode)) messages.push(`grid_code: ${gridCodeProblem(gridCode)}`);
  const lngText = (record.lng ?? '').trim();
  const latText = (record.lat ?? '').trim();
  let point: HouseholdRow['point'] = null;
  if (lngText || latText) {
    const lng = Number(lngText);
    const lat = Number(latText);
    if (!lngText || !latText || !Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) messages.push('lng,lat: 须为经纬度(度) must be longitude and latitude in degrees');
    else point = { lng, lat };
  }
  if (!gridCode && !point && !messages.some((m) => m.startsWith('lng'))) messages.push('grid_code 或 lng,lat 须填其一 Give grid_code or lng,lat');
  const membersText = (record.members ?? '').trim();
  const members = membersText === '' ? 0 : Number(membersText);
  if (!Number.isInteger(members) || members < 0 || members > 100) messages.push('members: 须为0至100的整数 an integer 0-100');
  const flags: HouseholdFlag[] = [];
  for (const flag of HOUSEHOLD_FLAGS) {
    const value = (record[flag] ?? '').trim().toLowerCase();
    if (TRUE.has(value)) flags.push(flag);
    else if (!FALSE.has(value)) messages.push(`${flag}: 须为 是/否、1/0 或 yes/no`);
  }
  return messages.length ? { line, messages } : { line, address, gridCode, point, members, flags };
}

const isRowError = (row: HouseholdRow | RowError): row is RowError => 'messages' in row;

/**
 * Reads a household file as a stream (csv-parse), checking each record and handing the good ones
 * on in batches: at most one batch and the reported errors are held at a time, so memory is bounded
 * whatever the file's size. A bad record is reported with its line and the rest go on; a batch the
 * consumer refuses (e.g. no grid at the point) reports its own rows. `onProgress` follows each batch.
 */
export async function readHouseholdCsv(
  input: Readable,
  consume: (rows: HouseholdRow[]) => Promise<RowError[]>,
  options: { batchSize?: number; onProgress?: (progress: CsvImportProgress) => Promise<void> | void } = {},
): Promise<CsvImportProgress & { errors: RowError[] }> {
  const batchSize = options.batchSize ?? 1000;
  const errors: RowError[] = [];
  const progress: CsvImportProgress = { rowsDone: 0, accepted: 0, rejected: 0 };
  const report = (found: RowError[]) => {
    progress.rejected += found.length;
    for (const e of found) if (errors.length < MAX_REPORTED_ROW_ERRORS) errors.push(e);
  };
  let batch: HouseholdRow[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const refused = await consume(batch);
    report(refused);
    progress.accepted += batch.length - refused.length;
    progress.rowsDone += batch.length;
    batch = [];
    await options.onProgress?.({ ...progress });
  };
  const parser = input.pipe(parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const row = householdRow(record, info.lines);
    if (isRowError(row)) {
      report([row]);
      progress.rowsDone++;
    } else {
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
  return { ...progress, errors };
}
