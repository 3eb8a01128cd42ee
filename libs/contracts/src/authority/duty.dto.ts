import { CountyCodeProperty, TownCodeProperty } from '../common/fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { ALL_ORGANISATION_KINDS, type OrganisationKind } from '../identity/organisation-kinds';
import { ORGANISATION_CODE } from '../identity/organisation.dto';
import { IsReason } from '../common/validators';

export const DUTY_KINDS = ['basic', 'cooperative', 'recalled'] as const;
export type DutyKind = (typeof DUTY_KINDS)[number];
export const DUTY_KIND_LABELS: Record<DutyKind, string> = { basic: '基本履职', cooperative: '配合履职', recalled: '上级收回' };

export const PRIMARY_LEVELS = ['county', 'town'] as const;
export type PrimaryLevel = (typeof PRIMARY_LEVELS)[number];
export const PRIMARY_LEVEL_LABELS: Record<PrimaryLevel, string> = { county: '县级部门承担主体责任', town: '乡镇(街道)承担主体责任' };

const TOWN_CODE = /^\d{9}$/;

/** A duty as proposed in an admission application and, once approved, as it stands in each town's list. */
export class DutyProposal {
  @ApiProperty({ description: '职责事项名称 Duty name', example: '占道经营巡查与处置' })
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiProperty({ description: '职责类型 Kind: basic 基本履职 / cooperative 配合履职 / recalled 上级收回', enum: DUTY_KINDS })
  @IsIn(DUTY_KINDS)
  kind: DutyKind;

  @ApiPropertyOptional({ description: '职责内容 Description' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ description: '依据 Legal or policy basis' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  basis?: string;

  @ApiProperty({ description: '是否县乡共同承担 Shared by county and town' })
  @IsBoolean()
  shared: boolean;

  @ApiPropertyOptional({ description: '主体责任层级(共同承担时必填) Primary responsible level, required when shared', enum: PRIMARY_LEVELS })
  @IsOptional()
  @IsIn(PRIMARY_LEVELS)
  primaryLevel?: PrimaryLevel;

  @ApiPropertyOptional({ description: '县级对口部门(共同承担或配合履职时必填) County counterpart department' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  countyDepartment?: string;

  @ApiProperty({ description: '覆盖的事件/工单类别 Event and work-order categories covered', type: [String], example: ['市容环境/占道经营'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(2, 100, { each: true })
  eventCategories: string[];

  @ApiProperty({ description: '乡镇承办机构类型(用于派单) Kind of the town organisation that handles it (routing)', enum: ALL_ORGANISATION_KINDS })
  @IsIn(ALL_ORGANISATION_KINDS)
  responsibleOrganisationKind: OrganisationKind;

  @ApiPropertyOptional({
    description:
      '各乡镇的承办机构(机构代码,每镇至多一个,须为该类型);某镇有多个该类型机构时必填,只有一个时可省略 Responsible institution per town, by organisation code (at most one per town, of that kind); required for a town with several institutions of the kind, optional where there is one',
    type: [String],
    example: ['A-ZHZF'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(ORGANISATION_CODE, { each: true, message: 'each organisation code must be 2-40 letters, digits, - or _' })
  responsibleOrganisationCodes?: string[];
}

/** Duties in one admission: a county's whole list (Yancheng's has 627 shared items) fits in one. */
export const MAX_ADMISSION_DUTIES = 1000;

export class SubmitAdmissionRequest {
  @ApiProperty({ description: '申请标题 Title' })
  @IsString()
  @Length(2, 200)
  title: string;

  @ApiProperty({ description: '书面申请文号 Written application number', example: '太市监〔2026〕5号' })
  @IsString()
  @Length(2, 100)
  documentNo: string;

  @ApiProperty({ description: '申请理由(确需交由乡镇承担的理由) Why the towns must take the duty' })
  @IsString()
  @Length(10, 4000)
  justification: string;

  @ApiProperty({ description: '拟承接乡镇 Towns', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(TOWN_CODE, { each: true, message: 'each town code must have 9 digits' })
  townCodes: string[];

  @ApiPropertyOptional({ description: '拟增加的职责事项(与 dutiesCsv 二选一) Proposed duties (or dutiesCsv)', type: [DutyProposal], maxItems: MAX_ADMISSION_DUTIES })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ADMISSION_DUTIES)
  @ValidateNested({ each: true })
  @Type(() => DutyProposal)
  duties?: DutyProposal[];

  @ApiPropertyOptional({
    description:
      '职责清单 CSV(与 duties 二选一):首行为列名,列名同 JSON 字段;eventCategories 与 responsibleOrganisationCodes 用分号分隔,shared 填 是/否。全部行校验通过才受理,否则返回逐行错误(422 DUTY_PROPOSAL_INVALID,行号从表头后第1行起)。 The duty list as CSV (or duties): a header row of the JSON field names; eventCategories and responsibleOrganisationCodes separated by semicolons; shared as 是/否 or true/false. All rows or none: any bad row returns every row\'s problems by row number (from 1 after the header).',
    example: 'name,kind,shared,primaryLevel,countyDepartment,eventCategories,responsibleOrganisationKind\n占道经营巡查处置,basic,否,,,市容环境/占道经营,enforcement_team',
  })
  @IsOptional()
  @IsString()
  @Length(1, 900_000)
  dutiesCsv?: string;
}

export const ADMISSION_STATUSES = ['county_staffing_review', 'city_staffing_review', 'county_decision', 'approved', 'rejected', 'withdrawn'] as const;
export type AdmissionStatus = (typeof ADMISSION_STATUSES)[number];
export const ADMISSION_STATUS_LABELS: Record<AdmissionStatus, string> = {
  county_staffing_review: '县级编办审核中',
  city_staffing_review: '市级编办审核中',
  county_decision: '待县委县政府批准',
  approved: '已批准',
  rejected: '已退回(不予准入)',
  withdrawn: '已撤回',
};

export const ADMISSION_ACTIONS = ['approve', 'reject', 'withdraw'] as const;
export type AdmissionAction = (typeof ADMISSION_ACTIONS)[number];
/** What a step records: the applicant's submission, then the reviewers' and applicant's actions. */
export const ADMISSION_STEP_ACTIONS = ['submit', ...ADMISSION_ACTIONS] as const;
export type AdmissionStepAction = (typeof ADMISSION_STEP_ACTIONS)[number];

export class AdmissionDecisionRequest {
  @ApiProperty({ description: '操作 Action: approve 同意 / reject 不同意 / withdraw 撤回', enum: ADMISSION_ACTIONS })
  @IsIn(ADMISSION_ACTIONS)
  action: AdmissionAction;

  @ApiPropertyOptional({ description: '意见(不同意时必填) Opinion; required to reject' })
  @IsOptional()
  @IsReason(2000)
  reason?: string;
}

export class AdmissionDecisionCommand extends AdmissionDecisionRequest {
  @IsUUID()
  id: string;
}

export class ListAdmissionsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '状态 Status', enum: ADMISSION_STATUSES })
  @IsOptional()
  @IsIn(ADMISSION_STATUSES)
  status?: AdmissionStatus;

  @ApiPropertyOptional({ description: '拟承接乡镇 Town among those proposed' })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;

  @ApiPropertyOptional({ description: '申请部门ID Applicant county department (organisation id)' })
  @IsOptional()
  @IsUUID()
  applicantOrganisationId?: string;
}

export class AdmissionStepView {
  @ApiProperty({ description: '原状态 From', enum: ADMISSION_STATUSES })
  fromStatus: AdmissionStatus;

  @ApiProperty({ description: '操作 Action: submit 提交 / approve 同意 / reject 不同意 / withdraw 撤回', enum: ADMISSION_STEP_ACTIONS })
  action: AdmissionStepAction;

  @ApiProperty({ description: '新状态 To', enum: ADMISSION_STATUSES })
  toStatus: AdmissionStatus;

  @ApiProperty({ description: '操作人 Actor' })
  actorId: string;

  @ApiProperty({ description: '操作人角色 Roles', type: [String] })
  actorRoles: string[];

  @ApiProperty({ description: '意见 Opinion', nullable: true, type: String })
  reason: string | null;

  @ApiProperty({ description: '时间 At', type: String, format: 'date-time' })
  at: string;
}

/** An admission as the list shows it: everything but the duty list itself (a county's list can hold hundreds). */
export class AdmissionSummaryView {
  @ApiProperty({ description: '申请ID Application id' })
  id: string;

  @ApiProperty({ description: '县级区划代码 County' })
  countyCode: string;

  @ApiProperty({ description: '申请部门ID Applicant organisation' })
  applicantOrganisationId: string;

  @ApiProperty({ description: '申请标题 Title' })
  title: string;

  @ApiProperty({ description: '书面申请文号 Document number' })
  documentNo: string;

  @ApiProperty({ description: '申请理由 Justification' })
  justification: string;

  @ApiProperty({ description: '拟承接乡镇 Towns', type: [String] })
  townCodes: string[];

  @ApiProperty({ description: '拟增加职责数 Number of duties proposed' })
  dutyCount: number;

  @ApiProperty({ description: '状态 Status', enum: ADMISSION_STATUSES })
  status: AdmissionStatus;

  @ApiProperty({ description: '状态名称 Status label' })
  statusLabel: string;

  @ApiProperty({ description: '办理过程(列表与详情均返回全部步骤) Steps, all of them, in the list as in the detail', type: [AdmissionStepView] })
  steps: AdmissionStepView[];

  @ApiProperty({ description: '提交时间 Submitted at', type: String, format: 'date-time' })
  submittedAt: string;
}

/** An admission in full: with its duty list (detail, submission and decisions). */
export class AdmissionView extends AdmissionSummaryView {
  @ApiProperty({ description: '拟增加职责 Duties', type: [DutyProposal] })
  duties: DutyProposal[];
}

export class ListDutiesQuery extends PageQuery {
  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;

  @ApiPropertyOptional({ description: '职责类型 Kind', enum: DUTY_KINDS })
  @IsOptional()
  @IsIn(DUTY_KINDS)
  kind?: DutyKind;

  @ApiPropertyOptional({ description: '是否县乡共同承担 Shared only', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  shared?: string;

  @ApiPropertyOptional({ description: '主体责任层级 Primary responsible level', enum: PRIMARY_LEVELS })
  @IsOptional()
  @IsIn(PRIMARY_LEVELS)
  primaryLevel?: PrimaryLevel;

  @ApiPropertyOptional({ description: '覆盖的事件/工单类别(精确匹配) Event category covered, exact', example: '市容环境/占道经营' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  category?: string;

  @ApiPropertyOptional({ description: '职责名称(包含) Name contains' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class DutyView extends DutyProposal {
  @ApiProperty({ description: '职责ID Duty id' })
  id: string;

  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '职责类型名称 Kind label' })
  kindLabel: string;

  @ApiProperty({ description: '承办机构ID(准入时确定) Responsible institution, fixed at admission', nullable: true, type: String })
  responsibleOrganisationId: string | null;

  @ApiProperty({ description: '准入申请ID Admission that added it' })
  admissionId: string;

  @ApiProperty({ description: '列入时间 Listed at', type: String, format: 'date-time' })
  listedAt: string;
}

export class DutyRoutingQuery {
  @TownCodeProperty()
  @Matches(TOWN_CODE)
  townCode: string;

  @ApiProperty({ description: '事件/工单类别 Event category', example: '市容环境/占道经营' })
  @IsString()
  @Length(2, 100)
  category: string;
}

export class DutyRoutingView {
  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '事件类别 Category' })
  category: string;

  @ApiProperty({ description: '是否有对应职责 Whether a duty covers it' })
  covered: boolean;

  @ApiProperty({ description: '对应职责 Duty', nullable: true, type: () => DutyView })
  duty: DutyView | null;

  @ApiProperty({ description: '承办机构ID Responsible organisation', nullable: true, type: String })
  responsibleOrganisationId: string | null;

  @ApiProperty({ description: '承办机构名称 Responsible organisation name', nullable: true, type: String })
  responsibleOrganisationName: string | null;

  @ApiProperty({ description: '主体责任层级 Primary level', enum: PRIMARY_LEVELS })
  primaryLevel: PrimaryLevel;

  @ApiProperty({ description: '县级对口部门 County counterpart', nullable: true, type: String })
  countyDepartment: string | null;
}

export class DutyStatisticsQuery {
  @CountyCodeProperty()
  @Matches(/^\d{6}$/)
  countyCode: string;
}

export class DutyStatisticsView {
  @ApiProperty({ description: '县级区划代码 County' })
  countyCode: string;

  @ApiProperty({ description: '职责事项总数(按乡镇计) Duties across all towns' })
  total: number;

  @ApiProperty({ description: '按类型 By kind', example: { basic: 10, cooperative: 5, recalled: 1 } })
  byKind: Record<DutyKind, number>;

  @ApiProperty({ description: '县乡共同承担事项数(按事项名称去重) Shared duties, distinct by name' })
  shared: number;

  @ApiProperty({ description: '其中县级部门承担主体责任 County-led shared duties' })
  sharedCountyLed: number;

  @ApiProperty({ description: '其中乡镇承担主体责任 Town-led shared duties' })
  sharedTownLed: number;
}

