import { parse } from 'csv-parse/sync';
import { isCalendarDate, MAX_READINGS_PER_BATCH, type MeterReadingItem } from '@yiti/contracts';
import { DomainException } from '@yiti/platform';

const HEADER = ['meter_no', 'household_id', 'day', 'value'];
const METER = /^[A-Za-z0-9-]{1,40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Problems of one line (the header is line 1). */
export interface LineProblem {
  field: string;
  messages: string[];
}

/**
 * The readings of a CSV batch (header meter_no,household_id,day,value). Every line is checked; any
 * bad line refuses the whole batch (VALIDATION_FAILED naming up to 100 lines), so nothing is half-written.
 */
export function readReadingsCsv(csv: string): MeterReadingItem[] {
  let records: string[][];
  try {
    records = parse(csv, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new DomainException('VALIDATION_FAILED', `CSV 无法解析 CSV could not be read: ${error instanceof Error ? error.message : ''}`.slice(0, 300), [{ field: 'csv', messages: ['not CSV'] }]);
  }
  const [header, ...rows] = records;
  if (!header || header.join(',').toLowerCase() !== HEADER.join(',')) throw new DomainException('VALIDATION_FAILED', `CSV 表头须为 ${HEADER.join(',')} The header must be ${HEADER.join(',')}`, [{ field: 'csv', messages: [`header must be ${HEADER.join(',')}`] }]);
  if (rows.length === 0 || rows.length > MAX_READINGS_PER_BATCH) throw new DomainException('VALIDATION_FAILED', `每批 1 至 ${MAX_READINGS_PER_BATCH} 条读数 A batch holds 1 to ${MAX_READINGS_PER_BATCH} readings`, [{ field: 'csv', messages: [`1 to ${MAX_READINGS_PER_BATCH} rows`] }]);
  const problems: LineProblem[] = [];
  const readings: MeterReadingItem[] = [];
  rows.forEach((row, i) => {
    const line = i + 2;
    const [meterNo, householdId, day, raw] = row;
    const messages: string[] = [];
    if (row.length !== 4) messages.push('4 columns expected');
    if (!METER.test(meterNo ?? '')) messages.push('meter_no: 1–40 letters, digits or -');
    if (!UUID.test(householdId ?? '')) messages.push('household_id: a UUID');
    if (!isCalendarDate(day)) messages.push('day: YYYY-MM-DD');
    const value = Number(raw);
    if (raw === undefined || raw === '' || !Number.isFinite(value) || value < 0 || value > 100_000 || !/^\d+(\.\d{1,3})?$/.test(raw)) messages.push('value: 0 to 100000, at most 3 decimals');
    if (messages.length) problems.push({ field: `csv line ${line}`, messages });
    else readings.push({ meterNo, householdId, day, value });
  });
  if (problems.length) throw new DomainException('VALIDATION_FAILED', `${problems.length} 行读数有误,未写入任何数据 ${problems.length} bad lines: nothing written`, problems.slice(0, 100));
  return readings;
}
