/**
 * National division codes (GB/T 2260 and its extensions): 6 digits for province (xx0000),
 * city (xxxx00) and county; 9 for town/street; 12 for village/community; 15 for a unit grid.
 * The code of a child always starts with its parent's scope prefix, so "is X inside Y" is a
 * prefix test on the scope prefix.
 */
export type JurisdictionLevel = 'province' | 'city' | 'county' | 'town' | 'village' | 'grid';

export const JURISDICTION_LEVEL_LABELS: Record<JurisdictionLevel, string> = {
  province: '省',
  city: '市',
  county: '县(市、区)',
  town: '乡镇(街道)',
  village: '村(社区)',
  grid: '网格',
};

export const JURISDICTION_CODE_PATTERN = /^(\d{6}|\d{9}|\d{12}|\d{15})$/;

export function levelOf(code: string): JurisdictionLevel | null {
  if (!JURISDICTION_CODE_PATTERN.test(code)) return null;
  switch (code.length) {
    case 6:
      if (code.endsWith('0000')) return code === '000000' ? null : 'province';
      if (code.endsWith('00')) return 'city';
      return 'county';
    case 9:
      return 'town';
    case 12:
      return 'village';
    case 15:
      return 'grid';
    default:
      return null;
  }
}

/** The prefix every descendant's code starts with. */
export function scopePrefix(code: string): string {
  const level = levelOf(code);
  if (level === 'province') return code.slice(0, 2);
  if (level === 'city') return code.slice(0, 4);
  if (level === null) throw new Error(`not a jurisdiction code: ${code}`);
  return code;
}

/** True when `target` is `scope` itself or lies inside it. */
export function isWithinJurisdiction(scope: string, target: string): boolean {
  if (levelOf(scope) === null || levelOf(target) === null) return false;
  return target.startsWith(scopePrefix(scope));
}

/** The county (6-digit) a code at or below county level belongs to; null above county level. */
export function countyOf(code: string): string | null {
  const level = levelOf(code);
  if (level === null || level === 'province' || level === 'city') return null;
  return code.slice(0, 6);
}

/** The parent code implied by the code itself. */
export function impliedParentCode(code: string): string | null {
  const level = levelOf(code);
  switch (level) {
    case 'province':
    case null:
      return null;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    case 'county':
      return `${code.slice(0, 4)}00`;
    case 'town':
      return code.slice(0, 6);
    case 'village':
      return code.slice(0, 9);
    case 'grid':
      return code.slice(0, 12);
  }
}
