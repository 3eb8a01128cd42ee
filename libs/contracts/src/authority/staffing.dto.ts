import { CountyCodeProperty, TownCodeProperty } from '../common/fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate, IsReason } from '../common/validators';

/** How a county department's agency in a town is run. */
export const MANAGEMENT_MODES = ['local', 'dispatched'] as const;
export type ManagementMode = (typeof MANAGEMENT_MODES)[number];
export const MANAGEMENT_MODE_LABELS: Record<ManagementMode, string> = { local: '属地管理', dispatched: '派驻' };

/** Jiangsu: the town weighs at least this much (percent) in a dispatched agency's annual assessment. */
export const MIN_DISPATCHED_TOWN_WEIGHT = 50;

const TOWN_CODE = /^\d{9}$/;
const MAX_QUOTA = 100_000;

export class TownCodeParam {
  @ApiProperty({ description: '乡镇(街道)代码 Town code', example: '320585102' })
  @Matches(TOWN_CODE, { message: 'townCode must have 9 digits' })
  townCode: string;
}

export class SetTownQuotaRequest {
  @ApiProperty({ description: '行政编制数 Administrative quota (行政编制)', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_QUOTA)
  administrative: number;

  @ApiProperty({ description: '事业编制数 Institutional quota (事业编制)', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_QUOTA)
  institutional: number;

  @ApiPropertyOptional({ description: '编委文件号 Decision document number', example: '太编〔2026〕8号' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  decisionNo?: string;

  @ApiProperty({ description: '调整原因 Reason' })
  @IsReason(500)
  reason: string;
}

export class SetTownQuotaCommand extends SetTownQuotaRequest {
  @Matches(TOWN_CODE)
  townCode: string;
}

export class TownQuotaView {
  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '乡镇名称 Town name' })
  townName: string;

  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '行政编制数 Administrative quota' })
  administrative: number;

  @ApiProperty({ description: '事业编制数 Institutional quota' })
  institutional: number;

  @ApiProperty({ description: '最近调整时间 Last changed at', type: String, format: 'date-time' })
  updatedAt: string;
}

export class ListTownQuotasQuery extends PageQuery {
  @CountyCodeProperty({ required: false })
  @IsOptional()
  @Matches(/^\d{6}$/)
  countyCode?: string;
}

export class TownQuotaHistoryQuery extends PageQuery {
  @Matches(TOWN_CODE)
  townCode: string;
}

export class TownQuotaChangeView {
  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '调整前行政编制 Administrative before', nullable: true, type: Number })
  administrativeBefore: number | null;

  @ApiProperty({ description: '调整前事业编制 Institutional before', nullable: true, type: Number })
  institutionalBefore: number | null;

  @ApiProperty({ description: '调整后行政编制 Administrative after' })
  administrative: number;

  @ApiProperty({ description: '调整后事业编制 Institutional after' })
  institutional: number;

  @ApiProperty({ description: '编委文件号 Decision number', nullable: true, type: String })
  decisionNo: string | null;

  @ApiProperty({ description: '调整原因 Reason' })
  reason: string;

  @ApiProperty({ description: '操作人 Actor', nullable: true, type: String })
  actorId: string | null;

  @ApiProperty({ description: '时间 At', type: String, format: 'date-time' })
  at: string;
}

export class CreateSentDownStaffRequest {
  @ApiProperty({ description: '姓名 Person name', example: '王五' })
  @IsString()
  @Length(1, 50)
  personName: string;

  @ApiProperty({ description: '派出的县级部门(机构ID,须为本县县级部门) County department sending the person (organisation id)' })
  @IsUUID()
  fromDepartmentId: string;

  @ApiProperty({ description: '下沉到的乡镇(街道) Town the person works in', example: '320585102' })
  @Matches(TOWN_CODE, { message: 'townCode must have 9 digits' })
  townCode: string;

  @ApiPropertyOptional({ description: '岗位 Post', example: '综合执法' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  post?: string;

  @ApiProperty({ description: '下沉起始日期 Since (YYYY-MM-DD)' })
  @IsCalendarDate()
  since: string;

  @ApiPropertyOptional({ description: '下沉截止日期(含当日) Until: the last day in the town (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  until?: string;
}

export class EndSentDownStaffRequest {
  @ApiProperty({ description: '下沉截止日期(含当日,不得早于起始日期) Last day in the town; not before the start' })
  @IsCalendarDate()
  until: string;

  @ApiProperty({ description: '结束原因 Reason' })
  @IsReason(500)
  reason: string;
}

export class EndSentDownStaffCommand extends EndSentDownStaffRequest {
  @IsUUID()
  id: string;
}

export class SentDownStaffView {
  @ApiProperty({ description: '记录ID Record id' })
  id: string;

  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '姓名 Person name' })
  personName: string;

  @ApiProperty({ description: '派出部门ID From department id' })
  fromDepartmentId: string;

  @ApiProperty({ description: '派出部门名称 From department name' })
  fromDepartmentName: string;

  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '岗位 Post', nullable: true, type: String })
  post: string | null;

  @ApiProperty({ description: '下沉起始日期 Since' })
  since: string;

  @ApiProperty({ description: '下沉截止日期(含) Until, inclusive', nullable: true, type: String })
  until: string | null;

  @ApiProperty({ description: '结束原因 End reason', nullable: true, type: String })
  endReason: string | null;

  @ApiProperty({ description: '今日是否在岗 In the town today' })
  activeToday: boolean;
}

export class ListSentDownStaffQuery extends PageQuery {
  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;

  @ApiPropertyOptional({ description: '派出部门ID From department id' })
  @IsOptional()
  @IsUUID()
  fromDepartmentId?: string;

  @ApiPropertyOptional({ description: '某日在岗 In the town on this date' })
  @IsOptional()
  @IsCalendarDate()
  activeOn?: string;
}

export class CreateDispatchedAgencyRequest {
  @ApiProperty({ description: '机构名称 Agency name', example: '太仓市市场监督管理局浏河分局' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiProperty({ description: '所在乡镇(街道) Town', example: '320585102' })
  @Matches(TOWN_CODE, { message: 'townCode must have 9 digits' })
  townCode: string;

  @ApiProperty({ description: '上级县级部门(机构ID) Parent county department (organisation id)' })
  @IsUUID()
  parentDepartmentId: string;

  @ApiProperty({ description: '管理方式 Management mode: local 属地管理 / dispatched 派驻', enum: MANAGEMENT_MODES })
  @IsIn(MANAGEMENT_MODES)
  managementMode: ManagementMode;

  @ApiProperty({ description: '乡镇在年度考核中的权重(%),派驻机构不得低于50 Town\'s weight in the annual assessment, percent; at least 50 for a dispatched agency', type: 'integer', minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  townAssessmentWeight: number;
}

export class UpdateDispatchedAgencyRequest {
  @ApiProperty({ description: '管理方式 Management mode', enum: MANAGEMENT_MODES })
  @IsIn(MANAGEMENT_MODES)
  managementMode: ManagementMode;

  @ApiProperty({ description: '乡镇考核权重(%) Town\'s assessment weight, percent', type: 'integer', minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  townAssessmentWeight: number;

  @ApiProperty({ description: '调整原因 Reason' })
  @IsReason(500)
  reason: string;
}

export class UpdateDispatchedAgencyCommand extends UpdateDispatchedAgencyRequest {
  @IsUUID()
  id: string;
}

export class DispatchedAgencyView {
  @ApiProperty({ description: '机构ID Agency id' })
  id: string;

  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '机构名称 Agency name' })
  name: string;

  @ApiProperty({ description: '所在乡镇 Town code' })
  townCode: string;

  @ApiProperty({ description: '上级县级部门ID Parent department id' })
  parentDepartmentId: string;

  @ApiProperty({ description: '上级县级部门名称 Parent department name' })
  parentDepartmentName: string;

  @ApiProperty({ description: '管理方式 Management mode', enum: MANAGEMENT_MODES })
  managementMode: ManagementMode;

  @ApiProperty({ description: '管理方式名称 Management mode label', example: '派驻' })
  managementModeLabel: string;

  @ApiProperty({ description: '乡镇考核权重(%) Town\'s assessment weight, percent', type: 'integer' })
  townAssessmentWeight: number;

  @ApiProperty({ description: '最近调整时间 Last changed at', type: String, format: 'date-time' })
  updatedAt: string;
}

export class ListDispatchedAgenciesQuery extends PageQuery {
  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;

  @ApiPropertyOptional({ description: '管理方式 Management mode', enum: MANAGEMENT_MODES })
  @IsOptional()
  @IsIn(MANAGEMENT_MODES)
  managementMode?: ManagementMode;
}

export class StaffingStatisticsQuery {
  @CountyCodeProperty()
  @Matches(/^\d{6}$/)
  countyCode: string;

  @ApiPropertyOptional({ description: '下沉人员在岗日期(默认今天;编制数为当前数) Date for sent-down staff, default today; quotas are current' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class TownStaffingCount {
  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '乡镇名称 Town name' })
  townName: string;

  @ApiProperty({ description: '行政编制数(未核定为0) Administrative quota; 0 when not set' })
  administrative: number;

  @ApiProperty({ description: '事业编制数(未核定为0) Institutional quota; 0 when not set' })
  institutional: number;

  @ApiProperty({ description: '在岗下沉人员数 Sent-down staff in the town on the date' })
  sentDown: number;

  @ApiProperty({ description: '派驻及属地管理机构数 Agencies in the town' })
  agencies: number;
}

export class StaffingStatisticsView {
  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '统计日期 Date' })
  date: string;

  @ApiProperty({ description: '乡镇数 Towns' })
  towns: number;

  @ApiProperty({ description: '行政编制合计 Administrative quota, total' })
  totalAdministrative: number;

  @ApiProperty({ description: '事业编制合计 Institutional quota, total' })
  totalInstitutional: number;

  @ApiProperty({ description: '下沉人员合计 Sent-down staff, total' })
  totalSentDown: number;

  @ApiProperty({ description: '机构合计 Agencies, total' })
  totalAgencies: number;

  @ApiProperty({ description: '镇均行政编制 Average administrative quota per town' })
  averageAdministrative: number;

  @ApiProperty({ description: '镇均事业编制 Average institutional quota per town' })
  averageInstitutional: number;

  @ApiProperty({ description: '镇均下沉人员 Average sent-down staff per town' })
  averageSentDown: number;

  @ApiProperty({ description: '逐镇统计 Per town', type: [TownStaffingCount] })
  perTown: TownStaffingCount[];
}
