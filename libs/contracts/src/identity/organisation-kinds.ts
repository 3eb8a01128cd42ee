export const ORGANISATION_KINDS = {
  county_leadership: '县委县政府 County Party committee and government',
  county_department: '县级部门 County department',
  town_government: '乡镇政府(街道办) Town government',
  town_functional_institution: '乡镇职能机构 Town functional institution',
  dispatched_agency: '派驻机构 Dispatched agency',
  enforcement_team: '综合执法队伍 Comprehensive enforcement team',
  service_centre: '便民服务中心 Service centre',
  command_centre: '指挥中心 Command centre',
  staffing_office: '机构编制部门 Staffing office',
  village_committee: '村(居)委会 Village committee',
  vendor: '运维厂商 Vendor',
} as const;

export type OrganisationKind = keyof typeof ORGANISATION_KINDS;
export const ALL_ORGANISATION_KINDS = Object.keys(ORGANISATION_KINDS) as OrganisationKind[];
