import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ApplicantInput, APPLICANT_KINDS, type ApplicantKind } from '../approval/application.dto';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate, IsReason } from '../common/validators';
import { CASE_ACTIONS, CASE_STATES, CLUE_SOURCES, type CaseAction, type CaseState, type ClueSource } from './case-lifecycle';
import { CaseProcedureView, ProcedureStepFields } from './case-procedure.dto';
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

/** 线索登记 A clue, from any source. */
export class RegisterClueRequest {
  @ApiProperty({ description: '乡镇(街道)区划代码 Town code', example: '320585102' })
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @ApiProperty({ description: '线索来源 Source', enum: CLUE_SOURCES })
  @IsIn(CLUE_SOURCES)
  source: ClueSource;

  @ApiPropertyOptional({ description: '来源编号(投诉件号、监管任务ID、工单号…) Reference in the source' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sourceRef?: string;

  @ApiProperty({ description: '线索内容 What was reported or found' })
  @IsReason(2000)
  summary: string;

  @ApiPropertyOptional({ description: '涉及的处罚事项ID Penalty item concerned' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: '违法行为发生(或连续状态终了)日期 Violation date (or the day a continuing one ended)' })
  @IsOptional()
  @IsCalendarDate()
  violationOn?: string;

  @ApiPropertyOptional({ description: '涉及公民生命健康安全、金融安全且有危害后果(追责时效5年) Life, health or financial safety concerned (5-year limitation, art. 36)' })
  @IsOptional()
  @IsBoolean()
  safetyConcerned?: boolean;

  @ApiPropertyOptional({ description: '当事人 Party, if known', type: PartyInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => PartyInput)
  party?: PartyInput;
}

/** A step of the case lifecycle (核查、立案 … 结案), with what each may carry. */
export class CaseStepRequest extends ProcedureStepFields {
  @ApiPropertyOptional({ description: '理由 Reasons (不予立案、移送、延期…)' })
  @IsOptional()
  @IsReason(2000)
  reasons?: string;

  @ApiPropertyOptional({ description: '移送至(机关或县级部门) Transferred to' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  transferTo?: string;

  @ApiPropertyOptional({ description: '处罚事项ID(拟立案时确定) Penalty item' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: '违法行为日期 Violation date' })
  @IsOptional()
  @IsCalendarDate()
  violationOn?: string;

  @ApiPropertyOptional({ description: '涉及生命健康、金融安全(时效5年) Safety concerned (5-year limitation)' })
  @IsOptional()
  @IsBoolean()
  safetyConcerned?: boolean;

  @ApiPropertyOptional({ description: '承办执法人员(至少两名,均须持有该事项执法资格) Investigating officers: at least two, each certified', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  officerIds?: string[];
}

export class CaseStepCommand extends CaseStepRequest {
  @IsUUID()
  id: string;

  @IsIn(CASE_ACTIONS)
  action: CaseAction;
}

export class CaseView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '立案编号(立案后) Case number, once filed', nullable: true, type: String })
  caseNo: string | null;

  @ApiProperty({ description: '乡镇 Town code' })
  townCode: string;

  @ApiProperty({ description: '状态 State', enum: CASE_STATES })
  status: CaseState;

  @ApiProperty({ description: '状态名称 State label' })
  statusLabel: string;

  @ApiProperty({ description: '线索来源 Source', enum: CLUE_SOURCES })
  source: ClueSource;

  @ApiProperty({ description: '来源编号 Source reference', nullable: true, type: String })
  sourceRef: string | null;

  @ApiProperty({ description: '线索内容 Summary' })
  summary: string;

  @ApiProperty({ description: '处罚事项ID Item id', nullable: true, type: String })
  itemId: string | null;

  @ApiProperty({ description: '事项编码 Item code', nullable: true, type: String })
  itemCode: string | null;

  @ApiProperty({ description: '事项名称 Item name', nullable: true, type: String })
  itemName: string | null;

  @ApiProperty({ description: '违法行为日期 Violation date', nullable: true, type: String })
  violationOn: string | null;

  @ApiProperty({ description: '追责时效5年 Safety concerned' })
  safetyConcerned: boolean;

  @ApiProperty({ description: '当事人(脱敏) Party, masked', nullable: true, type: PartyView })
  party: PartyView | null;

  @ApiProperty({ description: '承办执法人员 Investigating officers', type: [String] })
  officerIds: string[];

  @ApiProperty({ description: '登记日期 Registered on' })
  registeredOn: string;

  @ApiProperty({ description: '立案日期 Filed on', nullable: true, type: String })
  filedOn: string | null;

  @ApiProperty({ description: '作出处罚决定期限(立案之日起90日,节假日顺延) Decision due (art. 60)', nullable: true, type: String })
  decisionDueOn: string | null;

  @ApiProperty({ description: '已超过决定期限且尚未决定 Decision overdue' })
  overdue: boolean;

  @ApiProperty({ description: '移送至 Transferred to', nullable: true, type: String })
  transferredTo: string | null;

  @ApiProperty({ description: '理由 Reasons of the last reasoned step', nullable: true, type: String })
  reasons: string | null;

  @ApiProperty({ description: '办案过程(立案后) The procedure so far, once filed', nullable: true, type: CaseProcedureView })
  procedure: CaseProcedureView | null;
}

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ description: '状态(阶段) State', enum: CASE_STATES })
  @IsOptional()
  @IsIn(CASE_STATES)
  status?: CaseState;

  @ApiPropertyOptional({ description: '即将到期与已超期:尚未作出决定、决定期限在今后N日内(含已超期)的案件,按期限排序 Due soon and overdue: undecided cases whose decision is due within N days (overdue included), earliest first', minimum: 0, maximum: 90 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(90)
  dueWithinDays?: number;
}

/** 监管任务转线索: what the inspection found. */
export class RaiseClueRequest {
  @ApiProperty({ description: '检查发现的问题 What the inspection found' })
  @IsReason(2000)
  summary: string;

  @ApiPropertyOptional({ description: '涉及的处罚事项ID Penalty item concerned' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: '违法行为日期 Violation date' })
  @IsOptional()
  @IsCalendarDate()
  violationOn?: string;
}

export class RaiseClueCommand extends RaiseClueRequest {
  @IsUUID()
  id: string;
}
