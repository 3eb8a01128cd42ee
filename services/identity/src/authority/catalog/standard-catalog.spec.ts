import { checkCatalogRows } from './catalog-import';
import { readStandardCatalogCsv } from './standard-catalog';
import { parseCsvRecords } from '../csv-import';
import { parseCatalogCsv } from './catalog-csv';

describe('the sample standard catalog', () => {
  it('is a CSV that passes the same checks as an operator import: 187 items, 50 licensing and 137 penalty', async () => {
    const { errors, items } = await checkCatalogRows(parseCatalogCsv(readStandardCatalogCsv()), new Set());
    expect(errors).toEqual([]);
    expect(items).toHaveLength(187);
    expect(items.filter((i) => i.kind === 'licensing')).toHaveLength(50);
    expect(items.filter((i) => i.kind === 'penalty')).toHaveLength(137);
    expect(new Set(items.map((i) => i.basicCode)).size).toBe(187);
  });

  it('keeps each item whole through the CSV: materials, discretion bands and yes/no cells', async () => {
    const { items } = await checkCatalogRows(parseCatalogCsv(readStandardCatalogCsv()), new Set());
    const road = items.find((i) => i.basicCode === 'XK-CG-001');
    expect(road).toMatchObject({ name: '临时占用城市道路审批', kind: 'licensing', statutoryDays: 20, promisedDays: 5, onsiteVisits: 1 });
    expect(road?.materials).toHaveLength(5);
    expect(road?.materials?.[4]).toEqual({ name: '公安机关交通管理部门意见（影响交通安全的）', required: false });
    const penalties = items.filter((i) => i.kind === 'penalty');
    expect(penalties.every((i) => (i.discretionBands ?? []).length > 0 && typeof i.penaltyProvision === 'string')).toBe(true);
    expect(penalties.some((i) => i.discretionBands?.some((b) => b.minFine === null && b.maxFine === null))).toBe(true);
    expect(penalties.some((i) => i.hearingApplicable === true)).toBe(true);
  });
});
describe('catalog import checks', () => {
  const licensing = { basicCode: 'XK-1', name: '临时占用城市道路审批', kind: 'licensing', department: '县级城市管理部门', category: '城市管理', legalBasis: '《城市道路管理条例》', statutoryDays: 20, promisedDays: 5, materials: [{ name: '申请书', required: true }] };

  it('reports every problem of every row with its row number', async () => {
    const { errors } = await checkCatalogRows(
      [licensing, { ...licensing, basicCode: 'XK-2', statutoryDays: undefined, promisedDays: 3 }, { ...licensing }, 'junk', { ...licensing, basicCode: 'XK-4', kind: 'other' }],
      new Set(['XK-9']),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { row: 2, field: 'statutoryDays', message: expect.stringContaining('required') },
        { row: 3, field: 'basicCode', message: 'duplicate of row 1' },
        { row: 4, field: '*', message: 'row must be an object' },
        expect.objectContaining({ row: 5, field: 'kind' }),
      ]),
    );
    expect((await checkCatalogRows([{ ...licensing, basicCode: 'XK-9' }], new Set(['XK-9']))).errors[0]?.message).toBe('already in this catalog version');
  });

  it('reads CSV with quotes, commas, line breaks and the materials notation', () => {
    expect(parseCsvRecords('a,b\r\n"x, ""y""","line1\nline2"\n', 'CATALOG_IMPORT_INVALID')).toEqual([['a', 'b'], ['x, "y"', 'line1\nline2']]);
    expect(() => parseCsvRecords('a,b\n"x,y\n', 'CATALOG_IMPORT_INVALID')).toThrow(/CSV is malformed/);
    const [row] = parseCatalogCsv('basicCode,statutoryDays,materials,hearingApplicable\nXK-1,20,申请书|必需;照片|可选,是\n');
    expect(row).toEqual({ basicCode: 'XK-1', statutoryDays: 20, materials: [{ name: '申请书', required: true }, { name: '照片', required: false }], hearingApplicable: true });
  });
});
