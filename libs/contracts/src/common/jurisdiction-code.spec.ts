import { countyOf, impliedParentCode, isWithinJurisdiction, levelOf, scopePrefix } from './jurisdiction-code';

describe('national division codes', () => {
  it.each([
    ['320000', 'province'],
    ['320500', 'city'],
    ['320585', 'county'],
    ['320585102', 'town'],
    ['320585102201', 'village'],
    ['320585102201001', 'grid'],
  ])('%s is a %s', (code, level) => {
    expect(levelOf(code)).toBe(level);
  });

  it.each(['', '32058', '3205851', 'abcdef', '000000', '3205851020011'])('rejects %p', (code) => {
    expect(levelOf(code)).toBeNull();
  });

  it('scopes by prefix: a province covers its cities, a city its counties, a town its villages and grids', () => {
    expect(scopePrefix('320000')).toBe('32');
    expect(scopePrefix('320500')).toBe('3205');
    expect(isWithinJurisdiction('320000', '320585102201001')).toBe(true);
    expect(isWithinJurisdiction('320500', '320585')).toBe(true);
    expect(isWithinJurisdiction('320585102', '320585102201')).toBe(true);
    expect(isWithinJurisdiction('320585102', '320585102')).toBe(true);
  });

  it('keeps siblings apart', () => {
    expect(isWithinJurisdiction('320585102', '320585100201')).toBe(false);
    expect(isWithinJurisdiction('320585', '320586')).toBe(false);
    expect(isWithinJurisdiction('320500', '320600')).toBe(false);
    expect(isWithinJurisdiction('320585102201001', '320585102201')).toBe(false);
    expect(isWithinJurisdiction('320585', 'not-a-code')).toBe(false);
  });

  it('derives the county and the parent from the code', () => {
    expect(countyOf('320585102201001')).toBe('320585');
    expect(countyOf('320500')).toBeNull();
    expect(impliedParentCode('320585102201001')).toBe('320585102201');
    expect(impliedParentCode('320585102')).toBe('320585');
    expect(impliedParentCode('320585')).toBe('320500');
    expect(impliedParentCode('320500')).toBe('320000');
    expect(impliedParentCode('320000')).toBeNull();
  });
});
