import { codePrefixRange, withinCodePrefix } from './sql';

describe('code prefixes as index ranges', () => {
  it('bounds a prefix by the next one, its trailing nines dropped', () => {
    expect(codePrefixRange('3205')).toEqual({ from: '3205', below: '3206' });
    expect(codePrefixRange('320585102')).toEqual({ from: '320585102', below: '320585103' });
    expect(codePrefixRange('3299')).toEqual({ from: '3299', below: '33' });
    expect(codePrefixRange('320599')).toEqual({ from: '320599', below: '3206' });
    expect(codePrefixRange('99')).toEqual({ from: '99', below: null });
    expect(codePrefixRange('')).toEqual({ from: '', below: null });
  });

  it('holds exactly the codes that start with the prefix (in code point order, as every collation orders digit strings)', () => {
    const codes = ['32', '3204', '320499999', '3205', '320500', '320585102', '3205999', '3206', '320600', '3299', '329901', '33', '330', '3300'];
    for (const prefix of ['3205', '32059', '32', '3299', '3', '9']) {
      const { from, below } = codePrefixRange(prefix);
      expect({ prefix, within: codes.filter((c) => c >= from && (below === null || c < below)) }).toEqual({ prefix, within: codes.filter((c) => c.startsWith(prefix)) });
    }
  });

  it('writes the condition with literal bounds, and refuses anything but digits', () => {
    expect(withinCodePrefix('town_code', '3205')).toBe("town_code >= '3205' AND town_code < '3206'");
    expect(withinCodePrefix('a.code', '9')).toBe("a.code >= '9'");
    expect(withinCodePrefix('town_code', '3205', '$1')).toBe("town_code >= $1 AND town_code < '3206'");
    expect(() => withinCodePrefix('town_code', "32' OR '1'='1")).toThrow('not a digit prefix');
    expect(() => codePrefixRange('32%')).toThrow('not a digit prefix');
  });
});
