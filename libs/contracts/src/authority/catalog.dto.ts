import { CountyCodeProperty } from '../common/fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';

export const POWER_KINDS = ['licensing', 'penalty'] as const;
export type PowerKind = (typeof POWER_KINDS)[number];
export const POWER_KIND_LABELS: Record<PowerKind, string> = { licensing: '许可服务类', penalty: '行政处罚类' };

export class MaterialRequirementDto {
  @ApiProperty({ description: '材料名称 Material name' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ description: '是否必需 Required' })
  @IsBoolean()
  required: boolean;
}

export class DiscretionBandDto {
  @ApiProperty({ description: '情节 Circumstance, e.g. 轻微/一般/严重' })
  @IsString()
  @Length(1, 200)
  circumstance: string;

  @ApiProperty({ description: '罚款下限(元) Minimum fine in yuan', nullable: true, type: Number })
  @IsOptional()
  @IsNumber()
  @Min(0)
  minFine: number | null;

  @ApiProperty({ description: '罚款上限(元) Maximum fine in yuan', nullable: true, type: Number })
  @IsOptional()
  @IsNumber()
  @Min(0)
  maxFine: number | null;

  @ApiPropertyOptional({ description: '其他处罚措施 Other measures' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  otherMeasures?: string;
}

/** One catalog item, as imported (JSON) or shown. */
export class CatalogItemInput {
  @ApiProperty({ description: '事项编码(基本编码) Basic code, unique in the version', example: 'CF-CG-001' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, { message: 'basicCode must be 2-64 letters, digits, ., _ or -' })
  basicCode: string;

  @ApiProperty({ description: '事项名称 Item name' })
  @IsString()
  @Length(2, 300)
  name: string;

  @ApiProperty({ description: '事项类型 Kind: licensing 许可服务类 / penalty 行政处罚类', enum: POWER_KINDS })
  @IsIn(POWER_KINDS)
  kind: PowerKind;

  @ApiProperty({ description: '主管部门 Competent county department' })
  @IsString()
  @Length(2, 100)
  department: string;

  @ApiProperty({ description: '业务类别(培训认证用) Category, used for training and certification', example: '城市管理' })
  @IsString()
  @Length(2, 50)
  category: string;

  @ApiProperty({ description: '法律依据 Legal basis' })
  @IsString()
  @Length(2, 4000)
  legalBasis: string;

  @ApiPropertyOptional({ description: '法定办结时限(工作日) Statutory limit in working days' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  statutoryDays?: number;

  @ApiPropertyOptional({ description: '承诺办结时限(工作日) Promised limit in working days' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(365)
  promisedDays?: number;

  @ApiPropertyOptional({ description: '申请材料 Required materials', type: [MaterialRequirementDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MaterialRequirementDto)
  materials?: MaterialRequirementDto[];

  @ApiPropertyOptional({ description: '收费 Fees' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  fees?: string;

  @ApiPropertyOptional({ description: '到现场次数 On-site visits' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  onsiteVisits?: number;

  @ApiPropertyOptional({ description: '违法条款 Violated provision' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  violatedProvision?: string;

  @ApiPropertyOptional({ description: '处罚条款 Penalty provision' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  penaltyProvision?: string;

  @ApiPropertyOptional({ description: '裁量基准 Discretion bands', type: [DiscretionBandDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DiscretionBandDto)
  discretionBands?: DiscretionBandDto[];

  @ApiPropertyOptional({ description: '是否可能适用听证 Hearing may apply' })
  @IsOptional()
  @IsBoolean()
  hearingApplicable?: boolean;

  @ApiPropertyOptional({ description: '是否须法制审核 Legal review mandatory' })
  @IsOptional()
  @IsBoolean()
  legalReviewRequired?: boolean;
}

export class CatalogItemView extends CatalogItemInput {
  @ApiProperty({ description: '事项ID Item id' })
  id: string;

  @ApiProperty({ description: '目录版本ID Catalog version id' })
  versionId: string;

  @ApiProperty({ description: '事项类型名称 Kind label', example: '行政处罚类' })
  kindLabel: string;
}

export class CreateCatalogVersionRequest {
  @ApiProperty({ description: '版本编码 Version code', example: 'JS-2026' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$/)
  code: string;

  @ApiProperty({ description: '版本名称 Version name', example: '江苏省赋予乡镇(街道)经济社会管理权限指导目录(2026年版)' })
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiProperty({ description: '发布日期 Published on (YYYY-MM-DD)', example: '2026-01-01' })
  @IsCalendarDate()
  publishedOn: string;
}

export class CatalogVersionView {
  @ApiProperty({ description: '版本ID Version id' })
  id: string;

  @ApiProperty({ description: '版本编码 Version code' })
  code: string;

  @ApiProperty({ description: '版本名称 Version name' })
  name: string;

  @ApiProperty({ description: '发布日期 Published on' })
  publishedOn: string;

  @ApiProperty({ description: '许可服务类事项数 Licensing items' })
  licensingItems: number;

  @ApiProperty({ description: '行政处罚类事项数 Penalty items' })
  penaltyItems: number;
}

export class ImportCatalogItemsRequest {
  @ApiPropertyOptional({ description: 'JSON 格式的事项列表(与 csv 二选一) Items as JSON (or csv)', type: [CatalogItemInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  items?: unknown[];

  @ApiPropertyOptional({ description: 'CSV 文本(首行为列名,列名同 JSON 字段;材料用“名称|必需;名称|可选”,裁量用 JSON) CSV text with a header row of the JSON field names' })
  @IsOptional()
  @IsString()
  @MaxLength(5_000_000)
  csv?: string;

  @ApiPropertyOptional({ description: '仅校验不导入 Validate only', default: false })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportCatalogItemsCommand extends ImportCatalogItemsRequest {
  @IsUUID()
  versionId: string;
}

export class ImportRowError {
  @ApiProperty({ description: '行号(从1开始,CSV不含表头) Row number from 1 (CSV: after the header)' })
  row: number;

  @ApiProperty({ description: '字段 Field' })
  field: string;

  @ApiProperty({ description: '错误 Message' })
  message: string;
}

export class ImportCatalogItemsResult {
  @ApiProperty({ description: '导入条数(校验失败则为0) Items imported; 0 when any row failed' })
  imported: number;

  @ApiProperty({ description: '校验条数 Rows checked' })
  checked: number;

  @ApiProperty({ description: '逐行错误 Errors per row', type: [ImportRowError] })
  errors: ImportRowError[];
}

export class ListCatalogItemsQuery extends PageQuery {
  @ApiProperty({ description: '目录版本ID Catalog version id' })
  @IsUUID()
  versionId: string;

  @ApiPropertyOptional({ description: '事项类型 Kind', enum: POWER_KINDS })
  @IsOptional()
  @IsIn(POWER_KINDS)
  kind?: PowerKind;

  @ApiPropertyOptional({ description: '业务类别 Category' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  category?: string;

  @ApiPropertyOptional({ description: '名称或编码关键字 Name or code contains' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;
}

export class SetCountyCatalogRequest {
  @ApiProperty({ description: '目录版本ID Catalog version id' })
  @IsUUID()
  versionId: string;
}

export class SetCountyCatalogCommand extends SetCountyCatalogRequest {
  @Matches(/^\d{6}$/)
  countyCode: string;
}

export class CountyCodeParam {
  @CountyCodeProperty()
  @Matches(/^\d{6}$/)
  countyCode: string;
}

export class CountyCatalogView {
  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '目录版本 Catalog version', type: () => CatalogVersionView })
  version: CatalogVersionView;
}
