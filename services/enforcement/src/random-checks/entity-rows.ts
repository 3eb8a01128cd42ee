import { parse } from 'csv-parse/sync';
import { MAX_ENTITY_IMPORT_ROWS, countyOf, isUnifiedSocialCreditCode, isWithinJurisdiction, type ImportRowErrorView } from '@yiti/contracts';
import { DomainException } from '@yiti/platform';

/** One inspected entity as imported: an organisation of a town, by its unified social credit code. */
export interface EntityRow {
  line: number;
  countyCode: string;
  townCode: string;
  creditCode: string;
  name: string;
  address: string | null;
}

/** Raw rows with their line numbers, from CSV text (header townCode,creditCode,name,address) via csv-parse. */
export function csvEntityRows(csv: string): { line: number; value: Record<string, unknown> }[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, relax_column_count: true, trim: true, info: true });
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new DomainException('VALIDATION_FAILED', `CSV 格式错误 CSV is malformed: ${e.message ?? String(error)}`, [{ field: `line ${e.lines ?? '?'}`, messages: [e.message ?? 'malformed CSV'] }]);
  }
  if (records.length > MAX_ENTITY_IMPORT_ROWS) throw new DomainException('VALIDATION_FAILED', `一次最多导入${MAX_ENTITY_IMPORT_ROWS}行 At most ${MAX_ENTITY_IMPORT_ROWS} rows an import`, [{ field: 'csv', messages: [`more than ${MAX_ENTITY_IMPORT_ROWS} rows`] }]);
  return records.map((r) => ({ line: r.info.lines, value: r.record }));
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');

/**
 * Checks each row on its own: a town code within `scope`, a GB 32100 credit code (a code twice in
 * one import is refused the second time), a name. Returns the good rows and one error per bad field.
 */
export function checkEntityRows(raw: readonly { line: number; value: unknown }[], scope: string): { rows: EntityRow[]; errors: ImportRowErrorView[]; rejected: number } {
  const rows: EntityRow[] = [];
  const errors: ImportRowErrorView[] = [];
  const seen = new Set<string>();
  let rejected = 0;
  for (const { line, value } of raw) {
    const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const townCode = text(record.townCode);
    const creditCode = text(record.creditCode).toUpperCase();
    const name = text(record.name);
    const address = text(record.address);
    const problems: ImportRowErrorView[] = [];
    if (!/^\d{9}$/.test(townCode)) problems.push({ line, field: 'townCode', message: '乡镇区划代码须为9位数字 a 9-digit town code' });
    else if (!isWithinJurisdiction(scope, townCode)) problems.push({ line, field: 'townCode', message: `${townCode} 不在您的管辖范围内 outside your jurisdiction` });
    if (!isUnifiedSocialCreditCode(creditCode)) problems.push({ line, field: 'creditCode', message: '统一社会信用代码无效(GB 32100 校验码) not a valid unified social credit code (GB 32100)' });
    else if (seen.has(creditCode)) problems.push({ line, field: 'creditCode', message: '同一代码在本次导入中重复 the code appears twice in this import' });
    if (name.length < 2 || name.length > 200) problems.push({ line, field: 'name', message: '名称须为2至200字 a name of 2 to 200 characters' });
    if (address.length > 300) problems.push({ line, field: 'address', message: '地址至多300字 an address of at most 300 characters' });
    if (problems.length > 0) {
      rejected++;
      errors.push(...problems);
      continue;
    }
    seen.add(creditCode);
    rows.push({ line, countyCode: countyOf(townCode) ?? townCode.slice(0, 6), townCode, creditCode, name, address: address || null });
  }
  return { rows, errors, rejected };
}
