import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CountyCodeProperty, TownCodeProperty } from '../common/fields';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';
import type { HouseholdFlagCode } from '../grid/base-data.dto';

const COUNTY_CODE = /^\d{6}$/;
const TOWN_CODE = /^\d{9}$/;

/**
 * 研判预警 Early-warning rule kinds: thresholds on readings (读数阈值, the Liuhe case: the daily
 * electricity use of a household flagged vacant 空关户), hotspots (热点: ≥ N orders of one category
 * within R metres in D days), repeats (重复诉求: the same caller or address ≥ N times in D days).
 */
export const WARNING_RULE_KINDS = ['reading_threshold', 'hotspot', 'repeat'] as const;
export type WarningRuleKind = (typeof WARNING_RULE_KINDS)[number];
export const WARNING_RULE_KIND_LABELS: Record<WarningRuleKind, string> = { reading_threshold: '读数阈值', hotspot: '热点聚集', repeat: '重复诉求' };

/** The readings a channel posts: daily electricity use in kWh (用电量). */
export const READING_KINDS = ['electricity_kwh'] as const;
export type ReadingKind = (typeof READING_KINDS)[number];

/** The keys a repeat rule groups by: the caller (by the keyed hash of the phone, never in clear) or the address. */
export const REPEAT_KEYS = ['caller', 'address'] as const;
export type RepeatKey = (typeof REPEAT_KEYS)[number];

/** 读数阈值: a household carrying `householdFlag` whose daily reading is above `threshold` raises an alert. */
export interface ReadingThresholdParams {
  readingKind: ReadingKind;
  householdFlag: HouseholdFlagCode;
  threshold: number;
  /** The category of the check-visit order (default rule_alert.check_visit). */
  orderCategory?: string;
}

/** 热点: at least `minOrders` orders of `category` within `radiusMetres` of one another's centre in the last `days` days. */
export interface HotspotParams {
  category: string;
  minOrders: number;
  radiusMetres: number;
  days: number;
}

/** 重复诉求: the same caller or address at least `minOrders` times in the last `days` days (optionally one category). */
export interface RepeatParams {
  key: RepeatKey;
  minOrders: number;
  days: number;
  category?: string;
}

export type WarningRuleParams = ReadingThresholdParams | HotspotParams | RepeatParams;

/** The bounds a rule's parameters are validated against when saved (kept here so the console can show them). */
export const WARNING_RULE_BOUNDS = {
  threshold: { min: 0.001, max: 100_000 },
  minOrders: { min: 2, max: 1_000 },
  radiusMetres: { min: 20, max: 5_000 },
  days: { min: 1, max: 90 },
} as const;

export class CreateWarningRuleRequest {
  @CountyCodeProperty()
  @Matches(COUNTY_CODE)
  countyCode: string;

  @ApiProperty({ description: '规则名称 Name', example: '空关户用电异常' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiProperty({ description: '规则类型 Kind: reading_threshold 读数阈值 / hotspot 热点聚集 / repeat 重复诉求', enum: WARNING_RULE_KINDS })
  @IsIn(WARNING_RULE_KINDS)
  kind: WarningRuleKind;

  @ApiProperty({
    description:
      '规则参数 Parameters, validated on save. reading_threshold: {readingKind:"electricity_kwh", householdFlag:"vacant", threshold}; hotspot: {category, minOrders, radiusMetres, days}; repeat: {key:"caller"|"address", minOrders, days, category?}',
    type: 'object',
    additionalProperties: true,
    example: { readingKind: 'electricity_kwh', householdFlag: 'vacant', threshold: 1.5 },
  })
  @IsObject()
  params: Record<string, unknown>;

  @ApiPropertyOptional({ description: '启用 Active', default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** A rule's change (the path names the rule). */
export class UpdateWarningRuleBody {
  @ApiProperty({ description: '规则名称 Name' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiProperty({ description: '规则参数 Parameters (same shape as on creation; the kind never changes)', type: 'object', additionalProperties: true })
  @IsObject()
  params: Record<string, unknown>;

  @ApiProperty({ description: '启用 Active' })
  @IsBoolean()
  active: boolean;
}

export class UpdateWarningRuleCommand extends UpdateWarningRuleBody {
  @ApiProperty({ description: '规则ID Rule id' })
  @IsUUID()
  id: string;
}

export class ListWarningRulesQuery extends PageQuery {
  @ApiPropertyOptional({ description: '规则类型 Kind', enum: WARNING_RULE_KINDS })
  @IsOptional()
  @IsIn(WARNING_RULE_KINDS)
  kind?: WarningRuleKind;
}

export class WarningRuleView {
  @ApiProperty()
  id: string;

  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '规则名称 Name' })
  name: string;

  @ApiProperty({ description: '规则类型 Kind', enum: WARNING_RULE_KINDS })
  kind: WarningRuleKind;

  @ApiProperty({ description: '规则类型名称 Kind label' })
  kindLabel: string;

  @ApiProperty({ description: '规则参数 Parameters', type: 'object', additionalProperties: true })
  params: WarningRuleParams;

  @ApiProperty({ description: '启用 Active' })
  active: boolean;

  @ApiProperty({ description: '版本 Version' })
  version: number;

  @ApiProperty({ description: '修改人 Updated by' })
  updatedBy: string;

  @ApiProperty({ description: '修改时间 Updated at' })
  updatedAt: string;
}

/** The most readings one request may carry (the power company posts in batches). */
export const MAX_READINGS_PER_BATCH = 10_000;

export class MeterReadingItem {
  @ApiProperty({ description: '电表号 Meter number', example: 'LH-0001234' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,40}$/)
  meterNo: string;

  @ApiProperty({ description: '户ID(网格户籍) Household id in the grid service (the town shares its vacant households with the power company)' })
  @IsUUID()
  householdId: string;

  @ApiProperty({ description: '读数日期 Reading day (Asia/Shanghai)', example: '2026-11-30' })
  @IsCalendarDate()
  day: string;

  @ApiProperty({ description: '日用电量(千瓦时) Daily use in kWh', example: 0.4 })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0)
  @Max(100_000)
  value: number;
}

/** The largest readings CSV sent inline (10,000 rows of meter_no,household_id,day,value fit; the gateway's body limit bounds it too). */
export const MAX_READINGS_CSV_CHARS = 900_000;

/**
 * 电力读数批量报送: up to 10,000 daily readings, idempotent per meter and day, either as `readings`
 * (JSON, for small batches: the gateway's 1 MB body limit holds about 8,000) or as `csv` with the
 * header meter_no,household_id,day,value (a full batch of 10,000). Exactly one of the two.
 */
export class ReadingsBatch {
  @ApiPropertyOptional({ description: '读数类型 Reading kind', enum: READING_KINDS, default: 'electricity_kwh' })
  @IsOptional()
  @IsIn(READING_KINDS)
  readingKind?: ReadingKind;

  @ApiPropertyOptional({ description: `读数(每批至多 ${MAX_READINGS_PER_BATCH} 条) Readings, at most ${MAX_READINGS_PER_BATCH}`, type: [MeterReadingItem] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_READINGS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => MeterReadingItem)
  readings?: MeterReadingItem[];

  @ApiPropertyOptional({ description: 'CSV 文本(首行表头 meter_no,household_id,day,value;至多 10,000 行) CSV text with a header row, at most 10,000 rows' })
  @IsOptional()
  @IsString()
  @Length(1, MAX_READINGS_CSV_CHARS)
  csv?: string;
}

/** A batch posted by a dispatcher or county admin with their own token: the county named. */
export class PostReadingsRequest extends ReadingsBatch {
  @CountyCodeProperty()
  @Matches(COUNTY_CODE)
  countyCode: string;
}

/**
 * 电力渠道报送 The power company's system posts a batch with its own machine credential (channel
 * `power`); the gateway adds the credential's county and id.
 */
export class ChannelReadingsCommand extends ReadingsBatch {
  @Matches(COUNTY_CODE)
  countyCode: string;

  @IsUUID()
  credentialId: string;
}

export class PostReadingsResult {
  @ApiProperty({ description: '新接收读数 Readings stored now' })
  accepted: number;

  @ApiProperty({ description: '重复读数(同表同日已收,保留首次) Readings already held for the meter and day (the first is kept)' })
  duplicates: number;

  @ApiProperty({ description: '超阈值且带标记的户读数 Readings above a rule threshold of a flagged household' })
  matched: number;

  @ApiProperty({ description: '本批产生的预警 Alerts raised by this batch (a repeated batch raises none)' })
  alerts: number;
}

export class EvaluateWarningRulesRequest {
  @CountyCodeProperty()
  @Matches(COUNTY_CODE)
  countyCode: string;

  @ApiPropertyOptional({ description: '只研判此规则 Only this rule' })
  @IsOptional()
  @IsUUID()
  ruleId?: string;
}

export class EvaluateWarningRulesResult {
  @ApiProperty({ description: '研判的规则数 Rules evaluated' })
  rules: number;

  @ApiProperty({ description: '新预警 New alerts (an alert already raised for the same cluster and window is not raised again)' })
  alerts: number;
}

export class ListWarningAlertsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '规则ID Rule id' })
  @IsOptional()
  @IsUUID()
  ruleId?: string;

  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;

  @ApiPropertyOptional({ description: '规则类型 Kind', enum: WARNING_RULE_KINDS })
  @IsOptional()
  @IsIn(WARNING_RULE_KINDS)
  kind?: WarningRuleKind;
}

export class WarningAlertView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '规则ID Rule id' })
  ruleId: string;

  @ApiProperty({ description: '规则类型 Kind', enum: WARNING_RULE_KINDS })
  kind: WarningRuleKind;

  @CountyCodeProperty()
  countyCode: string;

  @TownCodeProperty({ nullable: true })
  townCode: string | null;

  @ApiPropertyOptional({ description: '网格编码 Grid code', nullable: true })
  gridCode: string | null;

  @ApiProperty({ description: '预警摘要 Summary (no personal data)' })
  summary: string;

  @ApiProperty({ description: '预警详情 Details: the reading, or the cluster\'s count and cell', type: 'object', additionalProperties: true })
  details: Record<string, unknown>;

  @ApiPropertyOptional({ description: '核查工单ID Work order raised', nullable: true })
  workOrderId: string | null;

  @ApiProperty({ description: '预警时间 Raised at' })
  createdAt: string;
}
