import { checkCatalogRows } from './catalog-import';
import { STANDARD_CATALOG_SAMPLE } from './standard-catalog.data';
import { parseCsvRecords } from '../csv-import';
import { parseCatalogCsv } from './catalog-csv';

describe('the sample standard catalog', () => {
  it('passes the same checks as an operator import, with enough items of each kind', async () => {
    const { errors, items } = await checkCatalogRows(STANDARD_CATALOG_SAMPLE, new Set());
    expect(errors).toEqual([]);
    expect(items.filter((i) => i.kind === 'licensing').length).toBeGreaterThanOrEqual(40);
    expect(items.filter((i) => i.kind === 'penalty').length).toBeGreaterThanOrEqual(80);
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
