import { CountyCodeProperty } from '../common/fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { PageQuery } from '../common/pagination';
import { POWER_MODES, type PowerMode } from './delegation.dto';
import { IsCalendarDate, IsReason } from '../common/validators';

/** A certificate on a date. `expiresOn` is the last valid day; from `revokedOn` it is no longer valid. */
export const CERTIFICATION_STATUSES = ['valid', 'not_yet_valid', 'expired', 'revoked'] as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];
export const CERTIFICATION_STATUS_LABELS: Record<CertificationStatus, string> = {
  valid: '有效',
  not_yet_valid: '尚未生效',
  expired: '已过期',
  revoked: '已撤销',
};

/** Why an officer may not exercise a power; stable codes, never reused with another meaning. */
export const EXERCISE_REFUSALS = {
  NO_CERTIFICATE: '未取得该类别执法证 No enforcement certificate for the category',
  CERTIFICATE_EXPIRED: '证件已过期 The certificate has expired',
  CERTIFICATE_NOT_YET_VALID: '证件尚未生效 The certificate is not yet valid',
  CERTIFICATE_REVOKED: '证件已撤销 The certificate was revoked',
  TOWN_NOT_DELEGATED: '乡镇未获赋权 The town does not hold the power',
  OFFICER_DISABLED: '账号已停用 The officer\'s account is disabled',
  ITEM_NOT_IN_COUNTY_CATALOG: '事项不在本县选用的目录中 The item is not in the county\'s catalog',
} as const;
export type ExerciseRefusal = keyof typeof EXERCISE_REFUSALS;
export const EXERCISE_REFUSAL_CODES = Object.keys(EXERCISE_REFUSALS) as ExerciseRefusal[];

const COUNTY_CODE = /^\d{6}$/;
const CATEGORY_MESSAGE = 'each category must be 2-50 characters';

export class CreateTrainingSessionRequest {
  @ApiProperty({ description: '县级区划代码 County code', example: '320585' })
  @Matches(COUNTY_CODE, { message: 'countyCode must have 6 digits' })
  countyCode: string;

  @ApiProperty({ description: '培训主题 Topic', example: '城市管理领域行政处罚程序培训' })
  @IsString()
  @Length(2, 200)
  topic: string;

  @ApiProperty({ description: '涵盖的业务类别(与目录事项的 category 一致) Power categories covered, as in catalog items', type: [String], example: ['城市管理'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(2, 50, { each: true, message: CATEGORY_MESSAGE })
  categories: string[];

  @ApiProperty({ description: '培训日期 Held on (YYYY-MM-DD)', example: '2026-11-20' })
  @IsCalendarDate()
  heldOn: string;

  @ApiProperty({ description: '学时(0.5-200,至多一位小数) Hours, 0.5–200, one decimal at most', example: 8 })
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0.5)
  @Max(200)
  hours: number;

  @ApiProperty({ description: '主办机构ID Organiser organisation id' })
  @IsUUID()
  organiserOrganisationId: string;
}

export class TrainingSessionView {
  @ApiProperty({ description: '培训ID Session id' })
  id: string;

  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '培训主题 Topic' })
  topic: string;

  @ApiProperty({ description: '涵盖的业务类别 Categories covered', type: [String] })
  categories: string[];

  @ApiProperty({ description: '培训日期 Held on' })
  heldOn: string;

  @ApiProperty({ description: '学时 Hours' })
  hours: number;

  @ApiProperty({ description: '主办机构ID Organiser organisation id' })
  organiserOrganisationId: string;

  @ApiProperty({ description: '主办机构名称 Organiser name' })
  organiserName: string;

  @ApiProperty({ description: '实到人数 Attended' })
  attended: number;

  @ApiProperty({ description: '考核合格人数 Passed' })
  passed: number;

  @ApiProperty({ description: '创建时间 Created at', type: String, format: 'date-time' })
  createdAt: string;
}

export class ListTrainingSessionsQuery extends PageQuery {
  @CountyCodeProperty({ required: false })
  @IsOptional()
  @Matches(COUNTY_CODE)
  countyCode?: string;

  @ApiPropertyOptional({ description: '业务类别 Category covered' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  category?: string;

  @ApiPropertyOptional({ description: '起始日期(含) From date, inclusive' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: '截止日期(含) To date, inclusive' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class AttendanceRecordInput {
  @ApiProperty({ description: '参训人员用户ID User id' })
  @IsUUID()
  userId: string;

  @ApiProperty({ description: '是否参训 Attended' })
  @IsBoolean()
  attended: boolean;

  @ApiPropertyOptional({ description: '考核成绩(0-100,未参训不得填写) Score 0–100; only when attended', nullable: true, type: Number })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(100)
  score?: number | null;

  @ApiProperty({ description: '考核是否合格(未参训不得为合格) Passed; only when attended' })
  @IsBoolean()
  passed: boolean;
}

export class RecordAttendanceRequest {
  @ApiProperty({ description: '参训记录(同一人再次记录即更正) Records; recording a user again corrects the record', type: [AttendanceRecordInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendanceRecordInput)
  records: AttendanceRecordInput[];
}

export class RecordAttendanceCommand extends RecordAttendanceRequest {
  @IsUUID()
  sessionId: string;
}

export class AttendanceView {
  @ApiProperty({ description: '培训ID Session id' })
  sessionId: string;

  @ApiProperty({ description: '用户ID User id' })
  userId: string;

  @ApiProperty({ description: '用户名 Username' })
  username: string;

  @ApiProperty({ description: '姓名 Display name' })
  displayName: string;

  @ApiProperty({ description: '管辖区划代码 Jurisdiction code' })
  jurisdictionCode: string;

  @ApiProperty({ description: '是否参训 Attended' })
  attended: boolean;

  @ApiProperty({ description: '考核成绩 Score', nullable: true, type: Number })
  score: number | null;

  @ApiProperty({ description: '考核是否合格 Passed' })
  passed: boolean;

  @ApiProperty({ description: '记录时间 Recorded at', type: String, format: 'date-time' })
  recordedAt: string;
}

export class RecordAttendanceResult {
  @ApiProperty({ description: '已记录 Records saved', type: [AttendanceView] })
  recorded: AttendanceView[];
}

export class ListAttendanceQuery extends PageQuery {
  @ApiPropertyOptional({ description: '培训ID Session id' })
  @IsOptional()
  @IsUUID()
  sessionId?: string;

  @ApiPropertyOptional({ description: '用户ID User id' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: '区划代码(含下级) Jurisdiction code, subtree included' })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode?: string;
}

export class IssueCertificationRequest {
  @ApiProperty({ description: '执法人员用户ID(须具有 enforcement_officer 角色) Officer user id; must hold enforcement_officer' })
  @IsUUID()
  userId: string;

  @ApiProperty({ description: '执法证号(全省唯一) Enforcement certificate number, unique', example: '32058520260001' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{3,39}$/, { message: 'certificateNo must be 4-40 letters, digits, _ or -' })
  certificateNo: string;

  @ApiProperty({ description: '执法类别(与目录事项的 category 一致) Categories covered, as in catalog items', type: [String], example: ['城市管理'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(2, 50, { each: true, message: CATEGORY_MESSAGE })
  categories: string[];

  @ApiProperty({ description: '发证日期 Issued on (YYYY-MM-DD)' })
  @IsCalendarDate()
  issuedOn: string;

  @ApiProperty({ description: '有效期至(含当日) Expires on: the last valid day (YYYY-MM-DD)' })
  @IsCalendarDate()
  expiresOn: string;
}

export class RevokeCertificationRequest {
  @ApiProperty({ description: '撤销原因 Reason' })
  @IsReason(500)
  reason: string;

  @ApiPropertyOptional({ description: '撤销日期(当日起失效,默认今天,不得早于今天) Revoked on: invalid from this day; default today, never in the past' })
  @IsOptional()
  @IsCalendarDate()
  revokedOn?: string;
}

export class RevokeCertificationCommand extends RevokeCertificationRequest {
  @IsUUID()
  id: string;
}

export class CertificationView {
  @ApiProperty({ description: '证件记录ID Certification id' })
  id: string;

  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '持证人用户ID Officer user id' })
  userId: string;

  @ApiProperty({ description: '持证人用户名 Officer username' })
  username: string;

  @ApiProperty({ description: '持证人姓名 Officer name' })
  displayName: string;

  @ApiProperty({ description: '持证人管辖区划 Officer jurisdiction' })
  jurisdictionCode: string;

  @ApiProperty({ description: '执法证号 Certificate number' })
  certificateNo: string;

  @ApiProperty({ description: '执法类别 Categories', type: [String] })
  categories: string[];

  @ApiProperty({ description: '发证日期 Issued on' })
  issuedOn: string;

  @ApiProperty({ description: '有效期至(含) Expires on, inclusive' })
  expiresOn: string;

  @ApiProperty({ description: '撤销日期 Revoked on', nullable: true, type: String })
  revokedOn: string | null;

  @ApiProperty({ description: '撤销原因 Revocation reason', nullable: true, type: String })
  revokeReason: string | null;

  @ApiProperty({ description: '今日状态 Status today', enum: CERTIFICATION_STATUSES })
  statusToday: CertificationStatus;
}

export class ListCertificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '持证人用户ID Officer user id' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: '执法类别 Category' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  category?: string;

  @ApiPropertyOptional({ description: '今日状态 Status today', enum: CERTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(CERTIFICATION_STATUSES)
  status?: CertificationStatus;

  @ApiPropertyOptional({ description: '区划代码(含下级) Jurisdiction code, subtree included' })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode?: string;
}

export class MayExerciseQuery {
  @ApiProperty({ description: '执法人员用户ID Officer user id' })
  @IsUUID()
  userId: string;

  @ApiProperty({ description: '事项ID Catalog item id' })
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional({ description: '日期(默认今天,北京时间) Date, default today in Asia/Shanghai' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class ExerciseReasonView {
  @ApiProperty({ description: '原因代码 Reason code', enum: EXERCISE_REFUSAL_CODES })
  code: ExerciseRefusal;

  @ApiProperty({ description: '原因 Reason', example: '未取得该类别执法证 No enforcement certificate for the category' })
  message: string;
}

export class MayExerciseView {
  @ApiProperty({ description: '执法人员用户ID Officer user id' })
  userId: string;

  @ApiProperty({ description: '事项ID Item id' })
  itemId: string;

  @ApiProperty({ description: '事项编码 Item code' })
  itemCode: string;

  @ApiProperty({ description: '事项名称 Item name' })
  itemName: string;

  @ApiProperty({ description: '事项业务类别 Item category' })
  category: string;

  @ApiProperty({ description: '日期 Date' })
  date: string;

  @ApiProperty({ description: '是否可行使 Allowed' })
  allowed: boolean;

  @ApiProperty({ description: '不可行使的原因(可行使时为空) Reasons it is not allowed; empty when allowed', type: [ExerciseReasonView] })
  reasons: ExerciseReasonView[];

  @ApiProperty({ description: '执法人员所在乡镇(县级人员为 null) Officer\'s town; null at county level', nullable: true, type: String })
  townCode: string | null;

  @ApiProperty({ description: '乡镇对该事项的行使方式(县级人员为 null) How the town holds the power; null at county level', nullable: true, enum: POWER_MODES })
  townMode: PowerMode | null;

  @ApiProperty({ description: '依据的执法证ID Certification relied on', nullable: true, type: String })
  certificationId: string | null;
}


