/** The console's pages and who sees them: the menu shows only what the user's roles may do. */

export type Role =
  | 'province_admin'
  | 'county_admin'
  | 'window_clerk'
  | 'approver'
  | 'leader'
  | 'enforcement_officer'
  | 'legal_reviewer'
  | 'grid_worker'
  | 'dispatcher'
  | 'commander'
  | 'staffing_officer'
  | 'county_leader'
  | 'department_staff'
  | 'ops_vendor';

export const ROLE_LABELS: Record<Role, string> = {
  province_admin: '省级管理员',
  county_admin: '县级管理员',
  window_clerk: '窗口受理人员',
  approver: '审批人员',
  leader: '分管领导',
  enforcement_officer: '执法人员',
  legal_reviewer: '法制审核人员',
  grid_worker: '网格员',
  dispatcher: '调度员',
  commander: '指挥长',
  staffing_officer: '编办人员',
  county_leader: '县委县政府领导',
  department_staff: '县级部门人员',
  ops_vendor: '运维厂商',
};

export type PageKey = 'window' | 'applications' | 'statistics' | 'enforcement' | 'grid' | 'admin' | 'dispatch' | 'command' | 'account';

export interface MenuEntry {
  key: PageKey;
  label: string;
  roles: readonly Role[] | 'all';
}

/** In the order of the menu. Roles as the gateway gates the routes each page uses. */
export const MENU: readonly MenuEntry[] = [
  { key: 'window', label: '窗口受理', roles: ['window_clerk'] },
  { key: 'applications', label: '审批办件', roles: ['window_clerk', 'approver', 'leader', 'county_admin', 'province_admin', 'department_staff', 'county_leader'] },
  { key: 'statistics', label: '办件统计', roles: ['leader', 'approver', 'county_admin', 'province_admin', 'county_leader', 'window_clerk'] },
  { key: 'enforcement', label: '综合执法', roles: ['enforcement_officer', 'legal_reviewer', 'leader', 'county_admin', 'county_leader'] },
  { key: 'dispatch', label: '调度台', roles: ['dispatcher'] },
  { key: 'grid', label: '网格治理', roles: ['grid_worker', 'leader', 'county_admin', 'county_leader', 'dispatcher'] },
  { key: 'command', label: '指挥大屏', roles: ['dispatcher', 'commander', 'county_leader'] },
  { key: 'admin', label: '基础管理', roles: ['county_admin', 'province_admin', 'staffing_officer', 'leader'] },
  { key: 'account', label: '账号与密码', roles: 'all' },
];

export function menuFor(roles: readonly string[]): MenuEntry[] {
  return MENU.filter((entry) => entry.roles === 'all' || entry.roles.some((role) => roles.includes(role)));
}

/** The page a user lands on: the first of their menu. */
export function homeFor(roles: readonly string[]): PageKey {
  return menuFor(roles)[0]?.key ?? 'account';
}

export function mayOpen(page: PageKey, roles: readonly string[]): boolean {
  return menuFor(roles).some((entry) => entry.key === page);
}

export function roleLabels(roles: readonly string[]): string {
  return roles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、');
}
