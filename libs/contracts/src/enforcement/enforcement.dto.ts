import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ApplicantInput, APPLICANT_KINDS, type ApplicantKind } from '../approval/application.dto';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { PageQuery } from '../common/pagination';
import { IsReason } from '../common/validators';
import { SIMPLIFIED_PENALTY_KINDS, type SimplifiedPenaltyKind } from './simplified-procedure';

/** 当事人 The party: a citizen (resident ID) or an organisation (unified social credit code); ID and phone kept encrypted. */
export class PartyInput extends ApplicantInput {}

/** 当场处罚 An on-the-spot penalty (简易程序, Penalty Law arts. 51–53). */
export class OnTheSpotPenaltyRequest {
  @ApiProperty({ description: '乡镇(街道)区划代码 Town code', example: '320585102' })
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @ApiProperty({ description: '处罚事项ID(本镇持有的行政处罚事项) Penalty item id (held by the town)' })
  @IsUUID()
  itemId: string;

  @ApiProperty({ description: '当事人 Party', type: PartyInput })
  @ValidateNested()
  @Type(() => PartyInput)
  party: PartyInput;

  @ApiProperty({ description: '违法事实(事实确凿) Facts of the violation' })
  @IsReason(2000)
  facts: string;

  @ApiProperty({ description: '法定依据 Legal basis' })
  @IsReason(500)
  legalBasis: string;

  @ApiProperty({ description: '违法地点 Place' })
  @IsString()
  @Length(2, 300)
  place: string;

  @ApiProperty({ description: '处罚种类:warning 警告 / fine 罚款 Penalty kind', enum: SIMPLIFIED_PENALTY_KINDS })
  @IsIn(SIMPLIFIED_PENALTY_KINDS)
  kind: SimplifiedPenaltyKind;

  @ApiPropertyOptional({ description: '罚款金额(元,最多两位小数) Fine in yuan, at most two decimals', example: 200 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000_000)
  fineYuan?: number;

  @ApiPropertyOptional({ description: '是否当场收缴罚款 Collected on the spot', default: false })
  @IsOptional()
  @IsBoolean()
  collectOnTheSpot?: boolean;

  @ApiPropertyOptional({ description: '当场收缴超过100元的理由(事后缴纳确有困难) Why collection above 100 yuan on the spot is needed' })
  @IsOptional()
  @IsReason(500)
  collectionReason?: string;
}

/** 当事人(脱敏) The party as shown: ID number and phone masked. */
export class PartyView {
  @ApiProperty({ description: '当事人类型 Party kind', enum: APPLICANT_KINDS })
  kind: ApplicantKind;

  @ApiProperty({ description: '姓名或名称 Name' })
  name: string;

  @ApiProperty({ description: '证件号码(脱敏) ID number, masked', example: '110105********002X' })
  idNumber: string;

  @ApiProperty({ description: '联系电话(脱敏) Phone, masked' })
  phone: string;
}

export class OnTheSpotPenaltyView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '当场处罚决定书编号 On-the-spot decision number', example: '当罚320585102-2026-00000001' })
  decisionNo: string;

  @ApiProperty({ description: '乡镇 Town code' })
  townCode: string;

  @ApiProperty({ description: '事项编码 Item code' })
  itemCode: string;

  @ApiProperty({ description: '事项名称 Item name' })
  itemName: string;

  @ApiProperty({ type: PartyView })
  party: PartyView;

  @ApiProperty({ description: '违法事实 Facts' })
  facts: string;

  @ApiProperty({ description: '法定依据 Legal basis' })
  legalBasis: string;

  @ApiProperty({ description: '地点 Place' })
  place: string;

  @ApiProperty({ description: '处罚种类 Penalty kind', enum: SIMPLIFIED_PENALTY_KINDS })
  kind: SimplifiedPenaltyKind;

  @ApiProperty({ description: '罚款(元) Fine in yuan' })
  fineYuan: number;

  @ApiProperty({ description: '当场收缴 Collected on the spot' })
  collectedOnTheSpot: boolean;

  @ApiProperty({ description: '当场收缴理由 Reason for collecting above 100 yuan', nullable: true, type: String })
  collectionReason: string | null;

  @ApiProperty({ description: '决定日期 Decided on' })
  decidedOn: string;

  @ApiProperty({ description: '执法人员 Officer user id' })
  officerId: string;
}

export const SUPERVISION_TASK_STATES = ['open', 'done', 'clue_raised'] as const;
export type SupervisionTaskState = (typeof SUPERVISION_TASK_STATES)[number];

/** 监管任务 A post-approval supervision task (审管联动), one per approval. */
export class SupervisionTaskView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '县 County code' })
  countyCode: string;

  @ApiProperty({ description: '乡镇 Town code' })
  townCode: string;

  @ApiProperty({ description: '监管方:town_team 乡镇综合执法队伍 / county_department 县级主管部门 Supervising side', enum: ['town_team', 'county_department'] })
  supervisor: 'town_team' | 'county_department';

  @ApiProperty({ description: '县级主管部门 Competent county department' })
  department: string;

  @ApiProperty({ description: '审批办件ID Approval application id' })
  applicationId: string;

  @ApiProperty({ description: '申请编号 Application number' })
  applicationNo: string;

  @ApiProperty({ description: '事项编码 Item code' })
  itemCode: string;

  @ApiProperty({ description: '事项名称 Item name' })
  itemName: string;

  @ApiProperty({ description: '持证主体名称 Licence holder' })
  holderName: string;

  @ApiProperty({ description: '持证主体证件号码(脱敏) Holder ID, masked' })
  holderIdNumber: string;

  @ApiProperty({ description: '批准日期 Approved on' })
  approvedOn: string;

  @ApiProperty({ description: '状态 State', enum: SUPERVISION_TASK_STATES })
  status: SupervisionTaskState;
}

export class ListSupervisionTasksQuery extends PageQuery {
  @ApiPropertyOptional({ description: '按审批办件筛选 Only the tasks of this application' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @ApiPropertyOptional({ description: '状态 State', enum: SUPERVISION_TASK_STATES })
  @IsOptional()
  @IsIn(SUPERVISION_TASK_STATES)
  status?: SupervisionTaskState;
}
