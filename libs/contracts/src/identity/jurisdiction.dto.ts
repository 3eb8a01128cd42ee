import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { JURISDICTION_CODE_PATTERN, type JurisdictionLevel } from '../common/jurisdiction-code';

const LEVELS: JurisdictionLevel[] = ['province', 'city', 'county', 'town', 'village', 'grid'];

export class CreateJurisdictionRequest {
  @ApiProperty({ description: '区划代码(6/9/12/15位) Division code (6, 9, 12 or 15 digits)', example: '320585001' })
  @Matches(JURISDICTION_CODE_PATTERN, { message: 'code must be a 6, 9, 12 or 15 digit division code' })
  code: string;

  @ApiProperty({ description: '名称 Name', example: '浏河镇' })
  @IsString()
  @Length(1, 100)
  name: string;
}

export class ListJurisdictionsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '上级区划代码 Parent code' })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  parentCode?: string;

  @ApiPropertyOptional({ description: '层级 Level', enum: LEVELS })
  @IsOptional()
  @IsIn(LEVELS)
  level?: JurisdictionLevel;
}

export class JurisdictionCodeParam {
  @ApiProperty({ description: '区划代码 Division code' })
  @Matches(JURISDICTION_CODE_PATTERN)
  code: string;
}

export class JurisdictionView {
  @ApiProperty({ description: '区划代码 Division code' })
  code: string;

  @ApiProperty({ description: '名称 Name' })
  name: string;

  @ApiProperty({ description: '层级 Level', enum: LEVELS })
  level: JurisdictionLevel;

  @ApiProperty({ description: '层级名称 Level label', example: '乡镇(街道)' })
  levelLabel: string;

  @ApiProperty({ description: '上级区划代码 Parent code', nullable: true, type: String })
  parentCode: string | null;
}
