export const ROLES = {
  province_admin: '省级管理员 Province admin',
  county_admin: '县级管理员 County admin',
  window_clerk: '窗口受理人员 Window clerk',
  approver: '审批人员 Approver',
  leader: '分管领导 Leader',
  enforcement_officer: '执法人员 Enforcement officer',
  legal_reviewer: '法制审核人员 Legal reviewer',
  grid_worker: '网格员 Grid worker',
  dispatcher: '调度员 Dispatcher',
  commander: '指挥长 Commander',
  work_order_handler: '工单承办人员 Work-order handler (a handling unit\'s staff)',
  staffing_officer: '编办人员 Staffing officer',
  county_leader: '县委县政府领导 County leadership',
  department_staff: '县级部门人员 County department staff',
  ops_vendor: '运维厂商 Ops vendor',
} as const;

export type Role = keyof typeof ROLES;
export const ALL_ROLES = Object.keys(ROLES) as Role[];

/** Roles that administer identity within their jurisdiction. */
export const IDENTITY_ADMIN_ROLES: Role[] = ['province_admin', 'county_admin'];
