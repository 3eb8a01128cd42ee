import { CountyCodeProperty, TownCodeProperty } from '../common/fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { POWER_KINDS, type PowerKind } from './catalog.dto';
import { IsCalendarDate, IsReason } from '../common/validators';

/** How a power is exercised in a town on a date. */
export const POWER_MODES = ['delegated', 'transition', 'county'] as const;
export type PowerMode = (typeof POWER_MODES)[number];
export const POWER_MODE_LABELS: Record<PowerMode, string> = {
  delegated: '已赋权(乡镇行使)',
  transition: '过渡期(县乡共同办理,县级部门兜底)',
  county: '县级部门行使',
};

const TOWN_CODE = /^\d{9}$/;

export class GrantDelegationsRequest {
  @ApiProperty({ description: '事项ID列表 Catalog item ids', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  itemIds: string[];

  @ApiProperty({ description: '乡镇(街道)代码列表 Town codes', type: [String], example: ['320585102'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(TOWN_CODE, { each: true, message: 'each town code must have 9 digits' })
  townCodes: string[];

  @ApiProperty({ description: '赋权决定文号 Decision document number', example: '太政发〔2026〕12号' })
  @IsString()
  @Length(2, 100)
  decisionNo: string;

  @ApiProperty({ description: '生效日期 Effective from (YYYY-MM-DD)', example: '2026-12-01' })
  @IsCalendarDate()
  effectiveFrom: string;

  @ApiPropertyOptional({ description: '过渡期(月,1-3) Transition period in months, 1–3', minimum: 1, maximum: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3)
  transitionMonths?: number;
}

export class AdjustDelegationRequest {
  @ApiProperty({ description: '调整后的过渡期截止日(不含),null 表示结束过渡期 New end of the transition (exclusive); null ends it now', nullable: true, type: String })
  @IsOptional()
  @IsCalendarDate()
  transitionUntil: string | null;

  @ApiProperty({ description: '调整原因 Reason' })
  @IsReason(500)
  reason: string;
}

export class AdjustDelegationCommand extends AdjustDelegationRequest {
  @IsUUID()
  id: string;
}

export class WithdrawDelegationRequest {
  @ApiProperty({ description: '收回日期(当日起由县级部门行使) Withdrawn on: from this date the county exercises the power' })
  @IsCalendarDate()
  withdrawnOn: string;

  @ApiProperty({ description: '收回原因(如乡镇无力承接) Reason' })
  @IsReason(500)
  reason: string;
}

export class WithdrawDelegationCommand extends WithdrawDelegationRequest {
  @IsUUID()
  id: string;
}

export class ListDelegationsQuery extends PageQuery {
  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;

  @ApiPropertyOptional({ description: '事项ID Item id' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: '事项类型 Kind', enum: POWER_KINDS })
  @IsOptional()
  @IsIn(POWER_KINDS)
  kind?: PowerKind;

  @ApiPropertyOptional({ description: '今日行使方式 Mode today', enum: POWER_MODES })
  @IsOptional()
  @IsIn(POWER_MODES)
  mode?: PowerMode;

  @ApiPropertyOptional({ description: '赋权决定文号(精确匹配) Decision number, exact match', example: '太政发〔2026〕12号' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  decisionNo?: string;

  @ApiPropertyOptional({ description: '是否包含已收回 Include withdrawn', default: false })
  @IsOptional()
  @IsIn(['true', 'false', true, false])
  includeWithdrawn?: string | boolean;
}

export class DelegationView {
  @ApiProperty({ description: '赋权ID Delegation id' })
  id: string;

  @CountyCodeProperty()
  countyCode: string;

  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '事项ID Item id' })
  itemId: string;

  @ApiProperty({ description: '事项编码 Item code' })
  itemCode: string;

  @ApiProperty({ description: '事项名称 Item name' })
  itemName: string;

  @ApiProperty({ description: '事项类型 Kind', enum: POWER_KINDS })
  kind: PowerKind;

  @ApiProperty({ description: '赋权决定文号 Decision number' })
  decisionNo: string;

  @ApiProperty({ description: '生效日期 Effective from' })
  effectiveFrom: string;

  @ApiProperty({ description: '过渡期截止(不含) Transition until (exclusive)', nullable: true, type: String })
  transitionUntil: string | null;

  @ApiProperty({ description: '收回日期 Withdrawn on', nullable: true, type: String })
  withdrawnOn: string | null;

  @ApiProperty({ description: '收回原因 Withdrawal reason', nullable: true, type: String })
  withdrawReason: string | null;

  @ApiProperty({ description: '今日行使方式 Mode today', enum: POWER_MODES })
  modeToday: PowerMode;
}

export class DelegationChangeView {
  @ApiProperty({ description: '变更类型 Action: granted 赋权 / adjusted 调整 / withdrawn 收回' })
  action: 'granted' | 'adjusted' | 'withdrawn';

  @ApiProperty({ description: '原因 Reason', nullable: true, type: String })
  reason: string | null;

  @ApiProperty({ description: '变更前 Before', nullable: true, type: Object })
  before: unknown;

  @ApiProperty({ description: '变更后 After', type: Object })
  after: unknown;

  @ApiProperty({ description: '操作人 Actor', nullable: true, type: String })
  actorId: string | null;

  @ApiProperty({ description: '时间 At', type: String, format: 'date-time' })
  at: string;
}

export class PowerModeQuery {
  @TownCodeProperty()
  @Matches(TOWN_CODE)
  townCode: string;

  @ApiProperty({ description: '事项ID Item id' })
  @IsUUID()
  itemId: string;

  @ApiPropertyOptional({ description: '日期(默认今天,北京时间) Date, default today in Asia/Shanghai' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class PowerModeView {
  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '事项ID Item id' })
  itemId: string;

  @ApiProperty({ description: '日期 Date' })
  date: string;

  @ApiProperty({ description: '行使方式 Mode', enum: POWER_MODES })
  mode: PowerMode;

  @ApiProperty({ description: '行使方式说明 Mode label' })
  modeLabel: string;

  @ApiProperty({ description: '乡镇是否可行使 Town may exercise it' })
  townMayExercise: boolean;

  @ApiProperty({ description: '依据的赋权ID Delegation id', nullable: true, type: String })
  delegationId: string | null;

  @ApiProperty({ description: '主管部门(兜底) Competent county department' })
  department: string;
}

export class TownPowersQuery {
  @TownCodeProperty()
  @Matches(TOWN_CODE)
  townCode: string;

  @ApiPropertyOptional({ description: '日期 Date' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;

  @ApiPropertyOptional({ description: '事项类型 Kind', enum: POWER_KINDS })
  @IsOptional()
  @IsIn(POWER_KINDS)
  kind?: PowerKind;
}

export class TownPowerView {
  @ApiProperty({ description: '事项ID Item id' })
  itemId: string;

  @ApiProperty({ description: '事项编码 Item code' })
  itemCode: string;

  @ApiProperty({ description: '事项名称 Item name' })
  itemName: string;

  @ApiProperty({ description: '事项类型 Kind', enum: POWER_KINDS })
  kind: PowerKind;

  @ApiProperty({ description: '行使方式 Mode', enum: POWER_MODES })
  mode: PowerMode;

  @ApiProperty({ description: '赋权ID Delegation id' })
  delegationId: string;
}

export class DelegationStatisticsQuery {
  @CountyCodeProperty()
  @Matches(/^\d{6}$/)
  countyCode: string;

  @ApiPropertyOptional({ description: '日期 Date' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class TownDelegationCount {
  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '乡镇名称 Town name' })
  townName: string;

  @ApiProperty({ description: '许可服务类事项数 Licensing items held' })
  licensing: number;

  @ApiProperty({ description: '行政处罚类事项数 Penalty items held' })
  penalty: number;

  @ApiProperty({ description: '其中过渡期事项数 Of which in transition' })
  inTransition: number;
}

export class DelegationStatisticsView {
  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '统计日期 Date' })
  date: string;

  @ApiProperty({ description: '乡镇数 Towns' })
  towns: number;

  @ApiProperty({ description: '镇均许可服务类事项 Average licensing items per town' })
  averageLicensing: number;

  @ApiProperty({ description: '镇均行政处罚类事项 Average penalty items per town' })
  averagePenalty: number;

  @ApiProperty({ description: '逐镇统计 Per town', type: [TownDelegationCount] })
  perTown: TownDelegationCount[];
}




export class GrantDelegationsResult {
  @ApiProperty({ description: '新建的赋权 Delegations created', type: [DelegationView] })
  created: DelegationView[];
}
