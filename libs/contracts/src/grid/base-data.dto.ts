import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { TownCodeProperty } from '../common/fields';
import { IsResidentIdNumber, IsUnifiedSocialCreditCode } from '../common/identifiers';
import { PageQuery } from '../common/pagination';
import { GRID_CODE_PATTERN } from './grid.dto';

const TOWN_CODE = /^\d{9}$/;
export const ATTACHMENT_HASH_HEX = /^[0-9a-f]{64}$/;

/** 户的标记 Household flags read by the command centre's early-warning rules. */
export const HOUSEHOLD_FLAG_CODES = ['vacant', 'left_behind_elderly', 'low_income', 'disabled', 'special_care'] as const;
export type HouseholdFlagCode = (typeof HOUSEHOLD_FLAG_CODES)[number];
export const HOUSEHOLD_FLAG_LABELS: Record<HouseholdFlagCode, string> = { vacant: '空关户', left_behind_elderly: '留守老人户', low_income: '低保户', disabled: '残疾人户', special_care: '特殊关爱户' };

/** 企业/场所 */
export const ENTERPRISE_KINDS = ['enterprise', 'place'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];
/** 行业/场所类型 */
export const ENTERPRISE_TYPES = ['manufacturing', 'hazardous_chemicals', 'warehouse_logistics', 'construction', 'catering', 'retail', 'accommodation', 'entertainment', 'education', 'medical', 'religious', 'other'] as const;
export type EnterpriseType = (typeof ENTERPRISE_TYPES)[number];
export const ENTERPRISE_TYPE_LABELS: Record<EnterpriseType, string> = {
  manufacturing: '工业制造',
  hazardous_chemicals: '危险化学品',
  warehouse_logistics: '仓储物流',
  construction: '建筑施工',
  catering: '餐饮',
  retail: '商贸零售',
  accommodation: '住宿',
  entertainment: '文化娱乐',
  education: '教育培训',
  medical: '医疗卫生',
  religious: '宗教场所',
  other: '其他',
};
/** 安全风险等级: 低 / 一般 / 较大 / 重大 */
export const RISK_LEVELS = ['low', 'general', 'major', 'serious'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { low: '低风险', general: '一般风险', major: '较大风险', serious: '重大风险' };

/** What a CSV import brings in (the columns each kind expects are documented on the gateway route). */
export const BASE_DATA_IMPORT_KINDS = ['households', 'residents', 'enterprises'] as const;
export type BaseDataImportKind = (typeof BASE_DATA_IMPORT_KINDS)[number];
export const BASE_DATA_IMPORT_STATES = ['running', 'done', 'failed'] as const;
export type BaseDataImportState = (typeof BASE_DATA_IMPORT_STATES)[number];

/** The columns of each kind's file (UTF-8, header row first); every row gives grid_code, or lng,lat to find the grid by. */
export const BASE_DATA_CSV_COLUMNS: Record<BaseDataImportKind, readonly string[]> = {
  households: ['address', 'grid_code', 'lng', 'lat', 'members', 'meter_number', ...HOUSEHOLD_FLAG_CODES],
  residents: ['name', 'id_number', 'phone', 'address', 'grid_code', 'lng', 'lat'],
  enterprises: ['name', 'credit_code', 'kind', 'type', 'risk_level', 'address', 'grid_code', 'lng', 'lat'],
};

/** 基础信息导入: the gateway stored the uploaded file in the attachment store; the grid service reads it as a stream. */
export class StartBaseDataImportRequest {
  @TownCodeProperty()
  @Matches(TOWN_CODE)
  townCode: string;

  @ApiProperty({ description: '导入类型 households 户 / residents 居民 / enterprises 企业场所', enum: BASE_DATA_IMPORT_KINDS })
  @IsIn(BASE_DATA_IMPORT_KINDS)
  kind: BaseDataImportKind;

  @ApiProperty({ description: '已存储文件的 SHA-256 File hash in the attachment store' })
  @Matches(ATTACHMENT_HASH_HEX)
  attachmentHash: string;
}

export class BaseDataImportRowError {
  @ApiProperty({ description: '行号(表头为第1行) Line (the header is line 1)' })
  line: number;

  @ApiProperty({ type: [String] })
  messages: string[];
}

export class BaseDataImportView {
  @ApiProperty({ description: '导入任务ID Job id' })
  id: string;

  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '导入类型 Kind', enum: BASE_DATA_IMPORT_KINDS })
  kind: BaseDataImportKind;

  @ApiProperty({ description: '状态 running 进行中 / done 完成 / failed 失败', enum: BASE_DATA_IMPORT_STATES })
  status: BaseDataImportState;

  @ApiPropertyOptional({ description: '总行数(不含表头;统计完成前为空) Data rows in the file, once counted', nullable: true })
  rowsTotal: number | null;

  @ApiProperty({ description: '已处理行数 Rows done' })
  rowsDone: number;

  @ApiProperty({ description: '导入行数 Rows imported' })
  accepted: number;

  @ApiProperty({ description: '错误行数 Bad rows' })
  rejected: number;

  @ApiProperty({ description: '错误行(最多1000条,完成后给出) Bad rows with their line (the first 1,000, when done)', type: [BaseDataImportRowError] })
  errors: BaseDataImportRowError[];

  @ApiPropertyOptional({ nullable: true })
  failure: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiPropertyOptional({ nullable: true })
  finishedAt: string | null;
}

/** Where a record lies: a grid code, or a point whose grid is found (point-in-polygon). */
export class GridPlacement {
  @ApiPropertyOptional({ description: '网格编码(或给出经纬度) Grid code, or give lng,lat' })
  @ValidateIf((o: GridPlacement) => o.gridCode !== undefined || o.lng === undefined)
  @Matches(GRID_CODE_PATTERN)
  gridCode?: string;

  @ApiPropertyOptional({ description: '经度 Longitude' })
  @ValidateIf((o: GridPlacement) => o.lat !== undefined || o.lng !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng?: number;

  @ApiPropertyOptional({ description: '纬度 Latitude' })
  @ValidateIf((o: GridPlacement) => o.lat !== undefined || o.lng !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number;
}

/** 户登记: one household, by a grid worker or the town. */
export class RegisterHouseholdRequest extends GridPlacement {
  @ApiProperty({ description: '地址 Address' })
  @IsString()
  @Length(1, 200)
  address: string;

  @ApiProperty({ description: '人口数 Members', minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  members: number;

  @ApiPropertyOptional({ description: '电表号(空关户监测) Electricity meter number' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z-]{4,32}$/)
  meterNumber?: string;

  @ApiProperty({ description: '标记 Flags: vacant 空关户, left_behind_elderly 留守老人, low_income 低保, disabled 残疾人, special_care 特殊关爱', enum: HOUSEHOLD_FLAG_CODES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(HOUSEHOLD_FLAG_CODES, { each: true })
  flags: HouseholdFlagCode[];
}

export class HouseholdView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '网格编码 Grid code' })
  gridCode: string;

  @ApiProperty({ description: '地址 Address' })
  address: string;

  @ApiProperty({ description: '人口数 Members' })
  members: number;

  @ApiPropertyOptional({ description: '电表号(空关户监测) Electricity meter number', nullable: true })
  meterNumber: string | null;

  @ApiProperty({ description: '标记 Flags: vacant 空关户, left_behind_elderly 留守老人, low_income 低保, disabled 残疾人, special_care 特殊关爱', enum: HOUSEHOLD_FLAG_CODES, isArray: true })
  flags: HouseholdFlagCode[];
}

export class ListHouseholdsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '网格编码 Grid code' })
  @IsOptional()
  @Matches(GRID_CODE_PATTERN)
  gridCode?: string;

  @ApiPropertyOptional({ description: '标记 Flag (e.g. vacant 空关户)', enum: HOUSEHOLD_FLAG_CODES })
  @IsOptional()
  @IsIn(HOUSEHOLD_FLAG_CODES)
  flag?: HouseholdFlagCode;
}

/** 空关户 for the command centre's early-warning rules (electricity use against the meter number). */
export class ListVacantHouseholdsQuery extends PageQuery {
  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;

  @ApiPropertyOptional({ description: '网格编码 Grid code' })
  @IsOptional()
  @Matches(GRID_CODE_PATTERN)
  gridCode?: string;
}

export class VacantHouseholdView {
  @ApiProperty()
  id: string;

  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '网格编码 Grid code' })
  gridCode: string;

  @ApiProperty({ description: '地址 Address' })
  address: string;

  @ApiPropertyOptional({ description: '电表号 Electricity meter number', nullable: true })
  meterNumber: string | null;

  @ApiProperty({ description: '标记 Flags', enum: HOUSEHOLD_FLAG_CODES, isArray: true })
  flags: HouseholdFlagCode[];
}

/** 居民登记: the ID number is verified (GB 11643), stored encrypted and found by keyed hash only. */
export class RegisterResidentRequest extends GridPlacement {
  @ApiProperty({ description: '姓名 Name' })
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiProperty({ description: '公民身份号码(GB 11643,校验位) Resident ID number' })
  @IsResidentIdNumber()
  idNumber: string;

  @ApiPropertyOptional({ description: '联系电话 Phone' })
  @IsOptional()
  @Matches(/^[0-9+\-\s]{7,20}$/)
  phone?: string;

  @ApiPropertyOptional({ description: '所属户ID Household id' })
  @IsOptional()
  @IsUUID()
  householdId?: string;

  @ApiPropertyOptional({ description: '居住地址 Address' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;
}

export class ResidentView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '网格编码 Grid code' })
  gridCode: string;

  @ApiPropertyOptional({ description: '所属户 Household id', nullable: true })
  householdId: string | null;

  @ApiProperty({ description: '姓名 Name' })
  name: string;

  @ApiProperty({ description: '身份证号(脱敏) ID number, masked', example: '320585********1234' })
  idNumberMasked: string;

  @ApiPropertyOptional({ description: '电话(脱敏) Phone, masked', nullable: true })
  phoneMasked: string | null;

  @ApiPropertyOptional({ description: '地址 Address', nullable: true })
  address: string | null;

  @ApiProperty()
  createdAt: string;
}

export class ListResidentsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '网格编码 Grid code' })
  @IsOptional()
  @Matches(GRID_CODE_PATTERN)
  gridCode?: string;
}

/** Finding a resident by ID number: sent in a POST body, never in a URL; matched by keyed hash. */
export class SearchResidentsRequest extends PageQuery {
  @ApiProperty({ description: '公民身份号码 Resident ID number' })
  @IsResidentIdNumber()
  idNumber: string;
}

export class RegisterEnterpriseRequest extends GridPlacement {
  @ApiProperty({ description: '名称 Name' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ description: '统一社会信用代码(GB 32100,校验位) Unified social credit code' })
  @IsUnifiedSocialCreditCode()
  creditCode: string;

  @ApiProperty({ description: '企业或场所 enterprise 企业 / place 场所', enum: ENTERPRISE_KINDS })
  @IsIn(ENTERPRISE_KINDS)
  kind: EnterpriseKind;

  @ApiProperty({ description: '行业/场所类型 Type', enum: ENTERPRISE_TYPES })
  @IsIn(ENTERPRISE_TYPES)
  type: EnterpriseType;

  @ApiProperty({ description: '风险等级 low 低 / general 一般 / major 较大 / serious 重大', enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS)
  riskLevel: RiskLevel;

  @ApiPropertyOptional({ description: '地址 Address' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;
}

export class EnterpriseView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '网格编码 Grid code' })
  gridCode: string;

  @ApiProperty({ description: '名称 Name' })
  name: string;

  @ApiProperty({ description: '统一社会信用代码 Credit code' })
  creditCode: string;

  @ApiProperty({ enum: ENTERPRISE_KINDS })
  kind: EnterpriseKind;

  @ApiProperty({ enum: ENTERPRISE_TYPES })
  type: EnterpriseType;

  @ApiProperty({ description: '类型名称 Type label' })
  typeLabel: string;

  @ApiProperty({ enum: RISK_LEVELS })
  riskLevel: RiskLevel;

  @ApiProperty({ description: '风险等级名称 Risk label' })
  riskLabel: string;

  @ApiPropertyOptional({ nullable: true })
  address: string | null;

  @ApiPropertyOptional({ nullable: true })
  lng: number | null;

  @ApiPropertyOptional({ nullable: true })
  lat: number | null;
}

export class ListEnterprisesQuery extends PageQuery {
  @ApiPropertyOptional({ description: '网格编码 Grid code' })
  @IsOptional()
  @Matches(GRID_CODE_PATTERN)
  gridCode?: string;

  @ApiPropertyOptional({ description: '风险等级 Risk level', enum: RISK_LEVELS })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel;
}

export const BUILDING_USES = ['residential', 'commercial', 'industrial', 'public', 'mixed', 'other'] as const;
export type BuildingUse = (typeof BUILDING_USES)[number];

export class RegisterBuildingRequest extends GridPlacement {
  @ApiProperty({ description: '楼栋名称/门牌 Building name or number' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ description: '地址 Address' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ description: '层数 Floors' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  floors?: number;

  @ApiProperty({ description: '用途 residential 住宅 / commercial 商业 / industrial 工业 / public 公共 / mixed 混合 / other 其他', enum: BUILDING_USES })
  @IsIn(BUILDING_USES)
  use: BuildingUse;
}

export class BuildingView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '网格编码 Grid code' })
  gridCode: string;

  @ApiProperty()
  name: string;

  @ApiPropertyOptional({ nullable: true })
  address: string | null;

  @ApiPropertyOptional({ nullable: true })
  floors: number | null;

  @ApiProperty({ enum: BUILDING_USES })
  use: BuildingUse;

  @ApiPropertyOptional({ nullable: true })
  lng: number | null;

  @ApiPropertyOptional({ nullable: true })
  lat: number | null;
}

export class ListByGridQuery extends PageQuery {
  @ApiPropertyOptional({ description: '网格编码 Grid code' })
  @IsOptional()
  @Matches(GRID_CODE_PATTERN)
  gridCode?: string;
}

/** 网格台账: how many records and events a grid holds. */
export class GridSummaryView {
  @ApiProperty({ description: '网格编码 Grid code' })
  gridCode: string;

  @ApiProperty({ description: '户数 Households' })
  households: number;

  @ApiProperty({ description: '空关户数 Vacant households' })
  vacantHouseholds: number;

  @ApiProperty({ description: '居民数 Residents' })
  residents: number;

  @ApiProperty({ description: '企业场所数 Enterprises and places' })
  enterprises: number;

  @ApiProperty({ description: '楼栋数 Buildings' })
  buildings: number;

  @ApiProperty({ description: '事件数(按状态) Events by status', type: Object, example: { reported: 3 } })
  eventsByStatus: Record<string, number>;
}

export class UserIdParam {
  @ApiProperty({ description: '用户ID User id' })
  @IsUUID()
  userId: string;
}

/** 网格员工作量 */
export class GridWorkerWorkloadView {
  @ApiProperty({ description: '用户ID User id' })
  userId: string;

  @ApiProperty({ description: '专职网格 Grids served full-time', type: [String] })
  fullTimeGrids: string[];

  @ApiProperty({ description: '兼职网格 Grids served part-time', type: [String] })
  partTimeGrids: string[];

  @ApiProperty({ description: '上报事件数 Events reported' })
  eventsReported: number;

  @ApiProperty({ description: '近30天上报事件数 Events reported in the last 30 days' })
  eventsLast30Days: number;

  @ApiProperty({ description: '按状态 Events by status', type: Object })
  eventsByStatus: Record<string, number>;

  @ApiProperty({ description: '所辖网格户数 Households in their grids' })
  households: number;
}
