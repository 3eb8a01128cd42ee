import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { ALL_ORGANISATION_KINDS, type OrganisationKind } from './organisation-kinds';

/** An organisation's code, unique in its county. */
export const ORGANISATION_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;

export class CreateOrganisationRequest {
  @ApiProperty({ description: '机构代码(县内唯一) Organisation code, unique in the county', example: 'LH-ZWFW' })
  @Matches(ORGANISATION_CODE, { message: 'code must be 2-40 letters, digits, - or _' })
  code: string;

  @ApiProperty({ description: '机构名称 Organisation name', example: '浏河镇便民服务中心' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiProperty({ description: '机构类型 Organisation kind', enum: ALL_ORGANISATION_KINDS })
  @IsIn(ALL_ORGANISATION_KINDS)
  kind: OrganisationKind;

  @ApiProperty({ description: '所属区划代码 Jurisdiction code', example: '320585001' })
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode: string;

  @ApiPropertyOptional({ description: '上级机构ID Parent organisation id' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class ListOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '区划代码(含下级) Jurisdiction code, subtree included' })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode?: string;

  @ApiPropertyOptional({ description: '机构类型 Organisation kind', enum: ALL_ORGANISATION_KINDS })
  @IsOptional()
  @IsIn(ALL_ORGANISATION_KINDS)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: '名称关键字 Name contains' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;
}

export class IdParam {
  @ApiProperty({ description: '标识 Id (UUID)' })
  @IsUUID()
  id: string;
}

export class OrganisationView {
  @ApiProperty({ description: '机构ID Organisation id' })
  id: string;

  @ApiProperty({ description: '机构代码 Organisation code' })
  code: string;

  @ApiProperty({ description: '机构名称 Name' })
  name: string;

  @ApiProperty({ description: '机构类型 Kind', enum: ALL_ORGANISATION_KINDS })
  kind: OrganisationKind;

  @ApiProperty({ description: '机构类型名称 Kind label' })
  kindLabel: string;

  @ApiProperty({ description: '所属区划代码 Jurisdiction code' })
  jurisdictionCode: string;

  @ApiProperty({ description: '所属县代码 County code' })
  countyCode: string;

  @ApiProperty({ description: '上级机构ID Parent organisation id', nullable: true, type: String })
  parentId: string | null;

  @ApiProperty({ description: '创建时间 Created at', type: String, format: 'date-time' })
  createdAt: string;
}
