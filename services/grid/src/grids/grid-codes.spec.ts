import { gridCodeProblem, gridParents } from './grid-codes';

describe('grid codes (网格编码)', () => {
  it('accepts county 6 + town 3 + village 3 + sequence 3', () => {
    expect(gridCodeProblem('320585102201001')).toBeNull();
    expect(gridCodeProblem('320585102201001', '320585102')).toBeNull();
    expect(gridParents('320585102201001')).toEqual({ countyCode: '320585', townCode: '320585102', villageCode: '320585102201' });
  });

  it.each([
    ['32058510220100', '15位'],
    ['32058510220100a', '15位'],
    ['320500102201001', '县级'],
    ['320585102000001', '000'],
    ['320585102201000', '000'],
  ])('refuses %s', (code, why) => {
    expect(gridCodeProblem(code)).toContain(why);
  });

  it('refuses a code of another town', () => {
    expect(gridCodeProblem('320585100201001', '320585102')).toContain('320585102');
  });
});
