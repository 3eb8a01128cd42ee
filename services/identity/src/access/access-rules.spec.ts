import type { Actor, Role } from '@yiti/contracts';
import { DomainException } from '@yiti/platform';
import { assertMayCreateJurisdiction, assertMayGrantRoles, assertWithin, concerns, visibleTo } from './access-rules';

const actor = (roles: Role[], jurisdictionCode: string): Actor => ({ userId: 'u', username: 'u', roles, organisationId: 'o', jurisdictionCode });

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainException ? error.code : 'not a domain exception';
  }
}

describe('identity access rules', () => {
  const countyAdmin = actor(['county_admin'], '320585');
  const provinceAdmin = actor(['province_admin'], '320000');
  const clerk = actor(['window_clerk'], '320585102');

  it('lets a county admin create towns, villages and grids of its own county only', () => {
    expect(codeOf(() => assertMayCreateJurisdiction(countyAdmin, '320585106'))).toBeUndefined();
    expect(codeOf(() => assertMayCreateJurisdiction(countyAdmin, '320585102203001'))).toBeUndefined();
    expect(codeOf(() => assertMayCreateJurisdiction(countyAdmin, '320586101'))).toBe('FORBIDDEN_JURISDICTION');
    expect(codeOf(() => assertMayCreateJurisdiction(countyAdmin, '320586'))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(() => assertMayCreateJurisdiction(provinceAdmin, '320586'))).toBeUndefined();
    expect(codeOf(() => assertMayCreateJurisdiction(clerk, '320585102204'))).toBe('FORBIDDEN_ROLE');
  });

  it('checks roles against the organisation kind and the granter', () => {
    expect(codeOf(() => assertMayGrantRoles(countyAdmin, ['window_clerk'], 'service_centre'))).toBeUndefined();
    expect(codeOf(() => assertMayGrantRoles(countyAdmin, ['window_clerk'], 'enforcement_team'))).toBe('ROLE_NOT_ALLOWED_FOR_ORGANISATION');
    expect(codeOf(() => assertMayGrantRoles(countyAdmin, ['enforcement_officer', 'legal_reviewer'], 'enforcement_team'))).toBeUndefined();
    expect(codeOf(() => assertMayGrantRoles(countyAdmin, ['ops_vendor'], 'vendor'))).toBe('FORBIDDEN_ROLE');
    expect(codeOf(() => assertMayGrantRoles(provinceAdmin, ['ops_vendor'], 'vendor'))).toBeUndefined();
    expect(codeOf(() => assertMayGrantRoles(clerk, ['window_clerk'], 'service_centre'))).toBe('FORBIDDEN_ROLE');
  });

  it('treats records outside the subtree as invisible and forbids writing there', () => {
    expect(visibleTo(clerk, '320585102201001')).toBe(true);
    expect(visibleTo(clerk, '320585100')).toBe(false);
    expect(codeOf(() => assertWithin(clerk, '320585100'))).toBe('FORBIDDEN_JURISDICTION');
  });

  it('shows a jurisdiction\'s shared data to people inside it and above it, not beside it', () => {
    const gridWorker = actor(['grid_worker'], '320585102201001');
    expect(concerns(gridWorker, '320585102')).toBe(true); // the grid's own town
    expect(concerns(gridWorker, '320585')).toBe(true); // its county
    expect(concerns(gridWorker, '320585100')).toBe(false); // another town
    expect(concerns(provinceAdmin, '320585')).toBe(true);
    expect(concerns(provinceAdmin, '330106')).toBe(false); // a county of another province
    expect(concerns(clerk, '320586')).toBe(false);
  });
});
