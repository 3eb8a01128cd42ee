import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { CountyCodeProperty, TownCodeProperty } from '../common/fields';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { PageQuery } from '../common/pagination';

/** 督办层级 The level a 督办 notice is addressed to: the town's leadership first, then the county's. */
export const SUPERVISION_LEVELS = ['town', 'county'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export const SUPERVISION_LEVEL_LABELS: Record<SupervisionLevel, string> = { town: '乡镇领导', county: '县级领导' };

/** 督办单查询 The 督办 list of the caller's jurisdiction, newest first. */
export class ListSupervisionsQuery extends PageQuery {
  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode?: string;

  @ApiPropertyOptional({ description: '督办层级 Level addressed (town 乡镇领导 / county 县级领导)', enum: SUPERVISION_LEVELS })
  @IsOptional()
  @IsIn(SUPERVISION_LEVELS)
  level?: SupervisionLevel;

  @ApiPropertyOptional({ description: '被督办单位 The unit that handles the order' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: '仅本单位(被督办单位为本人机构) Only those of my organisation', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  @ApiPropertyOptional({ description: '是否已签收 Acknowledged or not', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  acknowledged?: 'true' | 'false';
}

/** 督办单 One automatic 督办 notice: the overdue order, the round, who it is addressed to, whether it was acknowledged. */
export class SupervisionView {
  @ApiProperty({ description: '标识 Id' })
  id: string;
  @ApiProperty({ description: '工单 Work order id' })
  workOrderId: string;
  @ApiProperty({ description: '工单编号 Order number' })
  orderNo: string;
  @ApiProperty({ description: '第几次督办 Round (1 = first notice)' })
  round: number;
  @ApiProperty({ description: '督办层级 Level addressed', enum: SUPERVISION_LEVELS })
  level: SupervisionLevel;
  @ApiProperty({ description: '层级名称 Level label' })
  levelLabel: string;
  @ApiProperty({ description: '受文区划(乡镇督办为乡镇,县级督办为县) Jurisdiction addressed: the town for a town-level notice, the county for a county-level one' })
  addresseeJurisdictionCode: string;
  @CountyCodeProperty()
  countyCode: string;
  @TownCodeProperty({ nullable: true })
  townCode: string | null;
  @ApiPropertyOptional({ description: '被督办单位 The unit that handles the order', nullable: true })
  unitId: string | null;
  @ApiPropertyOptional({ description: '被督办单位名称 Unit name', nullable: true })
  unitName: string | null;
  @ApiProperty({ description: '分类 Category code' })
  category: string;
  @ApiProperty({ description: '工单标题 Order title' })
  title: string;
  @ApiProperty({ description: '办理时限 The limit that passed' })
  dueAt: string;
  @ApiProperty({ description: '督办时间 Issued at' })
  issuedAt: string;
  @ApiPropertyOptional({ description: '签收时间 Acknowledged at', nullable: true })
  acknowledgedAt: string | null;
  @ApiPropertyOptional({ description: '签收人 Acknowledged by (user id)', nullable: true })
  acknowledgedBy: string | null;
}
