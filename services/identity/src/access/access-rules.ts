import { countyOf, levelOf, type Actor, type JurisdictionLevel, type OrganisationKind, type Role } from '@yiti/contracts';
import { DomainException, assertWithin } from '@yiti/platform';

/** The platform's scope rules, as identity's services import them. */
export { assertWithin, concerns, visibleTo } from '@yiti/platform';

/** Who may administer identity (jurisdictions, organisations, users) and how far down. */
export function assertIdentityAdmin(actor: Actor): void {
  if (!actor.roles.includes('province_admin') && !actor.roles.includes('county_admin')) {
    throw new DomainException('FORBIDDEN_ROLE', '需要省级或县级管理员角色 Requires province_admin or county_admin');
  }
}

const CREATABLE_LEVELS_BY_ROLE: Partial<Record<Role, JurisdictionLevel[]>> = {
  province_admin: ['province', 'city', 'county', 'town', 'village', 'grid'],
  county_admin: ['town', 'village', 'grid'],
};

export function assertMayCreateJurisdiction(actor: Actor, code: string): void {
  assertIdentityAdmin(actor);
  const level = levelOf(code);
  const allowed = new Set(actor.roles.flatMap((r) => CREATABLE_LEVELS_BY_ROLE[r] ?? []));
  if (level === null || !allowed.has(level)) {
    throw new DomainException('FORBIDDEN_ROLE', `不能创建${level ?? '未知'}级区划 Your roles may not create a ${level ?? 'unknown'}-level jurisdiction`);
  }
  if (level !== 'province') assertWithin(actor, code);
}

/** Which organisation kinds a role's holder may belong to. */
export const ROLE_ORGANISATION_KINDS: Record<Role, OrganisationKind[]> = {
  province_admin: ['staffing_office', 'county_department'],
  county_admin: ['county_department', 'town_government', 'staffing_office', 'command_centre'],
  window_clerk: ['service_centre'],
  approver: ['town_functional_institution', 'service_centre', 'county_department'],
  leader: ['town_government', 'town_functional_institution', 'county_department', 'enforcement_team', 'command_centre'],
  enforcement_officer: ['enforcement_team', 'dispatched_agency', 'county_department'],
  legal_reviewer: ['enforcement_team', 'town_government', 'county_department'],
  grid_worker: ['village_committee', 'town_government'],
  dispatcher: ['command_centre'],
  commander: ['command_centre'],
  work_order_handler: ['town_government', 'town_functional_institution', 'enforcement_team', 'county_department', 'dispatched_agency', 'village_committee', 'service_centre'],
  staffing_officer: ['staffing_office'],
  county_leader: ['county_leadership'],
  department_staff: ['county_department', 'dispatched_agency'],
  ops_vendor: ['vendor'],
};

/** Roles a county admin may not hand out; only a province admin may. */
const PROVINCE_GRANTED_ROLES: Role[] = ['province_admin', 'ops_vendor'];

export function assertMayGrantRoles(actor: Actor, roles: Role[], organisationKind: OrganisationKind): void {
  assertIdentityAdmin(actor);
  const isProvinceAdmin = actor.roles.includes('province_admin');
  for (const role of roles) {
    if (!isProvinceAdmin && PROVINCE_GRANTED_ROLES.includes(role)) {
      throw new DomainException('FORBIDDEN_ROLE', `只有省级管理员可授予角色 ${role} Only a province admin may grant ${role}`);
    }
    if (!ROLE_ORGANISATION_KINDS[role].includes(organisationKind)) {
      throw new DomainException(
        'ROLE_NOT_ALLOWED_FOR_ORGANISATION',
        `角色 ${role} 不能设在 ${organisationKind} 类机构 Role ${role} cannot be held in a ${organisationKind}`,
        [{ field: 'roles', messages: [`${role} requires one of: ${ROLE_ORGANISATION_KINDS[role].join(', ')}`] }],
      );
    }
  }
}

/** The county an organisation or user belongs to; '' for province- and city-level ones. */
export function countyKey(jurisdictionCode: string): string {
  return countyOf(jurisdictionCode) ?? '';
}
