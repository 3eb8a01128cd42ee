import { checkEntityRows, csvEntityRows } from './entity-rows';

const VALID = '91350100M000100Y43';
const OTHER_VALID = '91110000100000000G'.slice(0, 17);

describe('entity pool rows (检查对象名录库 import)', () => {
  it('reads CSV with its header, quoted commas and line numbers counting the header', () => {
    const rows = csvEntityRows(`townCode,creditCode,name,address\n320585102,${VALID},"太仓某某, 有限公司",浏河镇\n\n320585102,bad,x,`);
    expect(rows).toEqual([
      { line: 2, value: { townCode: '320585102', creditCode: VALID, name: '太仓某某, 有限公司', address: '浏河镇' } },
      { line: 4, value: { townCode: '320585102', creditCode: 'bad', name: 'x', address: '' } },
    ]);
  });

  it('refuses malformed CSV as a whole, naming the line', () => {
    expect(() => csvEntityRows('townCode,creditCode,name\n320585102,"unclosed,x')).toThrow(/CSV/);
  });

  it('checks each row on its own: GB 32100 check character, town within the scope, a name, duplicates', () => {
    const wrongCheck = `${VALID.slice(0, 17)}${VALID[17] === '0' ? '1' : '0'}`;
    const { rows, errors, rejected } = checkEntityRows(
      [
        { line: 1, value: { townCode: '320585102', creditCode: VALID.toLowerCase(), name: '太仓某某有限公司' } },
        { line: 2, value: { townCode: '320585102', creditCode: wrongCheck, name: '校验码错' } },
        { line: 3, value: { townCode: '320585100', creditCode: VALID, name: '他镇' } },
        { line: 4, value: { townCode: '320585102', creditCode: VALID, name: '重复' } },
        { line: 5, value: { townCode: '3205851', creditCode: OTHER_VALID, name: 'x' } },
        { line: 6, value: 'not an object' },
      ],
      '320585102',
    );
    expect(rows).toEqual([{ line: 1, countyCode: '320585', townCode: '320585102', creditCode: VALID, name: '太仓某某有限公司', address: null }]);
    expect(rejected).toBe(5);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'creditCode'],
      [3, 'townCode'],
      [3, 'creditCode'],
      [4, 'creditCode'],
      [5, 'townCode'],
      [5, 'creditCode'],
      [5, 'name'],
      [6, 'townCode'],
      [6, 'creditCode'],
      [6, 'name'],
    ]);
  });
});
