import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CountyCodeProperty } from '../common/fields';
import { CATEGORY_KINDS, type CategoryKind, type SlaLimit, type SlaPolicyKey } from './taxonomy';
import { CATEGORY_CODE_PATTERN, SLA_UNITS, type SlaUnit } from './work-order.dto';

const COUNTY_CODE = /^\d{6}$/;

// The county path parameter is the common one (CountyParam, enforcement/case-procedure.dto.ts), exported once.

/** 分类目录条目 A county's category: an edit of a default entry, or one of its own. */
export class SaveCategoryRequest {
  @CountyCodeProperty()
  @Matches(COUNTY_CODE)
  countyCode: string;

  @ApiProperty({ description: '分类代码 Category code', example: 'cm.event.street_order' })
  @Matches(CATEGORY_CODE_PATTERN)
  code: string;

  @ApiProperty({ description: '分类名称 Name', example: '数字城管/事件/街面秩序' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiProperty({ description: '类别 Family', enum: CATEGORY_KINDS })
  @IsIn(CATEGORY_KINDS)
  kind: CategoryKind;

  @ApiPropertyOptional({ description: '职责清单事件类别(分拨依据) The duty lists\' event category it is routed by; null: by the dispatchers', nullable: true, example: '市容环境/占道经营' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  dutyCategory?: string | null;

  @ApiPropertyOptional({ description: '时限单位 Limit unit; absent: by urgency and request type', enum: SLA_UNITS })
  @IsOptional()
  @IsIn(SLA_UNITS)
  slaUnit?: SlaUnit;

  @ApiPropertyOptional({ description: '时限 Limit amount (working days ≤ 60, office hours ≤ 400, same day 0)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(400)
  slaAmount?: number;

  @ApiPropertyOptional({ description: '启用 Active (false hides the entry from intake)', default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CategoryView {
  @ApiProperty({ description: '分类代码 Code' })
  code: string;
  @ApiProperty({ description: '名称 Name' })
  name: string;
  @ApiProperty({ description: '类别 Family', enum: CATEGORY_KINDS })
  kind: CategoryKind;
  @ApiPropertyOptional({ description: '职责清单事件类别 Duty category', nullable: true })
  dutyCategory: string | null;
  @ApiPropertyOptional({ description: '时限 Limit; null: by urgency and request type', nullable: true })
  sla: SlaLimit | null;
}

/** 县级调度设置 A county's dispatch settings: warnings, re-supervision, hotline limits. */
export class SaveDispatchSettingsRequest {
  @CountyCodeProperty()
  @Matches(COUNTY_CODE)
  countyCode: string;

  @ApiProperty({ description: '临期预警提前小时数 Warn this many hours before the limit', minimum: 1, maximum: 72 })
  @IsInt()
  @Min(1)
  @Max(72)
  dueSoonHours: number;

  @ApiProperty({ description: '再次督办间隔(工作小时) Supervise again after this many office hours while overdue', minimum: 1, maximum: 200 })
  @IsInt()
  @Min(1)
  @Max(200)
  resuperviseHours: number;

  @ApiPropertyOptional({ description: '热线时限 Limits by urgency and request type (urgent, request.consultation, request.complaint…), each { unit, amount }', type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  slaPolicies?: Partial<Record<SlaPolicyKey, SlaLimit>>;
}

export class DispatchSettingsView {
  @CountyCodeProperty()
  countyCode: string;
  @ApiProperty({ description: '临期预警提前小时数 Due-soon warning, hours before' })
  dueSoonHours: number;
  @ApiProperty({ description: '再次督办间隔(工作小时) Re-supervision period, office hours' })
  resuperviseHours: number;
  @ApiProperty({ description: '热线时限(含默认) Limits by urgency and request type, defaults included', type: 'object', additionalProperties: true })
  slaPolicies: Record<SlaPolicyKey, SlaLimit>;
}
