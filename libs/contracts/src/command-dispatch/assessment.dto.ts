import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { TownCodeProperty } from '../common/fields';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';

/**
 * 督查考核 Assessment indicators, computed from the work orders and their steps (never from running
 * counters), for any period [from, to] of whole days (Asia/Shanghai):
 * - 应结案 due to close: orders whose deadline falls in the period, or closed in the period;
 * - 结案率 closure rate = closed by the period's end / due to close;
 * - 按期结案率 on-time closure rate = closed by their deadline / due to close;
 * - 应处置 due to handle: orders whose deadline falls in the period, or fed back in the period;
 * - 按期处置率 on-time handling rate = fed back (处置反馈) by their deadline / due to handle;
 * - 返工率 rework rate = orders sent back to rework (核查不通过) by the period's end / due to close;
 * - 延期率 extension rate = orders with an approved extension by the period's end / due to handle;
 * - 满意率 satisfaction rate = (satisfied + basically satisfied) / return visits (回访) made in the period;
 * - 平均办理时长 average handling time = mean hours from dispatch to closing of the closed orders due to close.
 * A rate is null when its denominator is 0.
 */
export const INDICATOR_KEYS = ['closureRate', 'onTimeClosureRate', 'onTimeHandlingRate', 'reworkRate', 'extensionRate', 'satisfactionRate', 'averageHandlingHours'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];
export const INDICATOR_LABELS: Record<IndicatorKey, string> = {
  closureRate: '结案率',
  onTimeClosureRate: '按期结案率',
  onTimeHandlingRate: '按期处置率',
  reworkRate: '返工率',
  extensionRate: '延期率',
  satisfactionRate: '满意率',
  averageHandlingHours: '平均办理时长(小时)',
};
/** Lower is better for these (rankings sort them ascending). */
export const LOWER_IS_BETTER: readonly IndicatorKey[] = ['reworkRate', 'extensionRate', 'averageHandlingHours'];

export const INDICATOR_GROUPS = ['unit', 'town'] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

/** The longest period one indicator query covers. */
export const MAX_INDICATOR_PERIOD_DAYS = 366;

export class IndicatorsQuery extends PageQuery {
  @ApiProperty({ description: '起始日(含) From (inclusive)', example: '2026-11-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ description: `截止日(含,至多 ${MAX_INDICATOR_PERIOD_DAYS} 天) To (inclusive)`, example: '2026-11-30' })
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({ description: '按承办单位或乡镇统计 Per unit or per town', enum: INDICATOR_GROUPS, default: 'unit' })
  @IsOptional()
  @IsIn(INDICATOR_GROUPS)
  groupBy?: IndicatorGroup;

  @ApiPropertyOptional({ description: '排名依据 Rank by', enum: INDICATOR_KEYS, default: 'onTimeClosureRate' })
  @IsOptional()
  @IsIn(INDICATOR_KEYS)
  rankBy?: IndicatorKey;

  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(/^\d{9}$/)
  townCode?: string;
}

export class IndicatorCounts {
  @ApiProperty({ description: '应结案 Due to close' }) dueToClose: number;
  @ApiProperty({ description: '已结案 Closed' }) closed: number;
  @ApiProperty({ description: '按期结案 Closed on time' }) closedOnTime: number;
  @ApiProperty({ description: '应处置 Due to handle' }) dueToHandle: number;
  @ApiProperty({ description: '按期处置 Handled on time' }) handledOnTime: number;
  @ApiProperty({ description: '返工 Reworked' }) reworked: number;
  @ApiProperty({ description: '延期 Extended' }) extended: number;
  @ApiProperty({ description: '回访 Return visits' }) evaluated: number;
  @ApiProperty({ description: '满意(含基本满意) Satisfied' }) satisfied: number;
}

export class IndicatorValues {
  @ApiProperty({ description: '结案率 Closure rate', nullable: true, type: Number }) closureRate: number | null;
  @ApiProperty({ description: '按期结案率 On-time closure rate', nullable: true, type: Number }) onTimeClosureRate: number | null;
  @ApiProperty({ description: '按期处置率 On-time handling rate', nullable: true, type: Number }) onTimeHandlingRate: number | null;
  @ApiProperty({ description: '返工率 Rework rate', nullable: true, type: Number }) reworkRate: number | null;
  @ApiProperty({ description: '延期率 Extension rate', nullable: true, type: Number }) extensionRate: number | null;
  @ApiProperty({ description: '满意率 Satisfaction rate', nullable: true, type: Number }) satisfactionRate: number | null;
  @ApiProperty({ description: '平均办理时长(小时) Average handling hours', nullable: true, type: Number }) averageHandlingHours: number | null;
}

export class IndicatorRow {
  @ApiProperty({ description: '排名 Rank (1 = best; equal values share a rank)' }) rank: number;
  @ApiProperty({ description: '承办单位ID或乡镇编码 Unit id or town code' }) key: string;
  @ApiProperty({ description: '名称 Name' }) name: string;
  @TownCodeProperty({ nullable: true }) townCode: string | null;
  @ApiProperty({ type: IndicatorCounts }) counts: IndicatorCounts;
  @ApiProperty({ type: IndicatorValues }) values: IndicatorValues;
}

export class IndicatorsView {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: INDICATOR_GROUPS }) groupBy: IndicatorGroup;
  @ApiProperty({ enum: INDICATOR_KEYS }) rankBy: IndicatorKey;
  @ApiProperty({ description: '合计 Totals over every row', type: IndicatorRow }) totals: Omit<IndicatorRow, 'rank' | 'key' | 'name' | 'townCode'>;
  @ApiProperty({ type: [IndicatorRow] }) items: IndicatorRow[];
  @ApiProperty() total: number;
  @ApiProperty() totalExact: boolean;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** The weights of the indicators in an annual score (0–100); they sum to 1. */
export const ASSESSMENT_SCORE_WEIGHTS: Record<Exclude<IndicatorKey, 'averageHandlingHours'>, number> = {
  onTimeClosureRate: 0.3,
  closureRate: 0.2,
  onTimeHandlingRate: 0.2,
  satisfactionRate: 0.2,
  reworkRate: 0.05,
  extensionRate: 0.05,
};

export class AnnualAssessmentQuery {
  @TownCodeProperty()
  @Matches(/^\d{9}$/)
  townCode: string;

  @ApiProperty({ description: '年度 Year', example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class AssessedUnit {
  @ApiProperty({ description: '单位ID Unit id' }) unitId: string;
  @ApiProperty({ description: '单位名称 Name' }) name: string;
  @ApiProperty({ type: IndicatorCounts }) counts: IndicatorCounts;
  @ApiProperty({ type: IndicatorValues }) values: IndicatorValues;
  @ApiProperty({ description: '乡镇考核得分(0–100,无应办工单为空) The town\'s score', nullable: true, type: Number }) score: number | null;
  @ApiPropertyOptional({ description: '乡镇考核权重(%,派驻机构 ≥ 50) The town\'s weight (percent) in the agency\'s annual assessment', nullable: true, type: Number }) townWeight: number | null;
  @ApiPropertyOptional({ description: '乡镇评价折算分 = 得分 × 权重% The town\'s part of the annual score', nullable: true, type: Number }) weightedScore: number | null;
}

/** 年度考核: the town's assessment of the dispatched agencies (派驻机构, by the registry's weight) and of its own functional institutions. */
export class AnnualAssessmentView {
  @TownCodeProperty() townCode: string;
  @ApiProperty() year: number;
  @ApiProperty({ description: '派驻机构 Dispatched agencies', type: [AssessedUnit] }) agencies: AssessedUnit[];
  @ApiProperty({ description: '本镇职能机构及其他承办单位 The town\'s own institutions and other handling units', type: [AssessedUnit] }) institutions: AssessedUnit[];
}
