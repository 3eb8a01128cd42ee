import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ATTACHMENT_HASH_PATTERN } from '../common/attachment.dto';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate, IsReason } from '../common/validators';
import { CASE_DOCUMENT_KINDS, EVIDENCE_TYPES, NO_PENALTY_GROUNDS, PENALTY_KINDS, PRESERVATION_OUTCOMES, SERVICE_METHODS, type CaseDocumentKind, type EvidenceType, type NoPenaltyGround, type PenaltyKind, type PreservationOutcome, type ServiceMethod } from './case-procedure';

const MAX_YUAN = 100_000_000;

/** 拟处罚/处罚内容 A penalty: kinds, fine and confiscated value in yuan, and the circumstance (情节) found. */
export class PenaltyTermsInput {
  @ApiProperty({ description: '处罚种类 Penalty kinds', enum: PENALTY_KINDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PENALTY_KINDS.length)
  @ArrayUnique()
  @IsIn(PENALTY_KINDS, { each: true })
  kinds: PenaltyKind[];

  @ApiPropertyOptional({ description: '罚款(元) Fine in yuan', example: 5000 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_YUAN)
  fineYuan?: number;

  @ApiPropertyOptional({ description: '没收违法所得、非法财物的价值(元) Value confiscated, yuan' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_YUAN)
  confiscatedYuan?: number;

  @ApiPropertyOptional({ description: '违法情节(对应裁量基准) Circumstance, as named in the discretion bands', example: '一般' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  circumstance?: string;
}

/** 分期缴纳 One instalment. */
export class InstalmentInput {
  @ApiProperty({ description: '缴纳期限 Due on' })
  @IsCalendarDate()
  dueOn: string;

  @ApiProperty({ description: '金额(元) Amount in yuan' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(MAX_YUAN)
  yuan: number;
}

/** What the later steps of the ordinary procedure carry (each step reads what it needs). */
export class ProcedureStepFields {
  @ApiPropertyOptional({ description: '重大案件(须法制审核与集体讨论) Major case: legal review and collective discussion' })
  @IsOptional()
  @IsBoolean()
  major?: boolean;

  @ApiPropertyOptional({ description: '案情复杂(须法制审核) Complex case: legal review' })
  @IsOptional()
  @IsBoolean()
  complex?: boolean;

  @ApiPropertyOptional({ description: '事先告知:拟处罚 Prior notice: the proposed penalty', type: PenaltyTermsInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => PenaltyTermsInput)
  proposedPenalty?: PenaltyTermsInput;

  @ApiPropertyOptional({ description: '违法事实 Facts found' })
  @IsOptional()
  @IsReason(4000)
  facts?: string;

  @ApiPropertyOptional({ description: '法律依据 Legal grounds' })
  @IsOptional()
  @IsReason(2000)
  legalBasis?: string;

  @ApiPropertyOptional({ description: '陈述申辩期限(工作日,默认3) Statement period in working days (default 3)', minimum: 3, maximum: 15 })
  @IsOptional()
  @IsInt()
  @Min(3)
  @Max(15)
  statementWorkingDays?: number;

  @ApiPropertyOptional({ description: '陈述申辩记录(或放弃陈述申辩的记录) Statements and defence, or their waiver' })
  @IsOptional()
  @IsReason(4000)
  statementRecord?: string;

  @ApiPropertyOptional({ description: '听证日期(通知之日起至少7个工作日后) Hearing date, ≥ 7 working days after the notice' })
  @IsOptional()
  @IsCalendarDate()
  hearingOn?: string;

  @ApiPropertyOptional({ description: '听证地点 Hearing place' })
  @IsOptional()
  @IsString()
  @Length(2, 300)
  hearingPlace?: string;

  @ApiPropertyOptional({ description: '听证主持人(非本案调查人员) Presiding officer: not an officer of the case' })
  @IsOptional()
  @IsUUID()
  presidingOfficerId?: string;

  @ApiPropertyOptional({ description: '听证笔录 Hearing record' })
  @IsOptional()
  @IsReason(8000)
  hearingRecord?: string;

  @ApiPropertyOptional({ description: '当事人无正当理由拒不出席(视为放弃听证) The party did not appear: waiver' })
  @IsOptional()
  @IsBoolean()
  partyAbsent?: boolean;

  @ApiPropertyOptional({ description: '处罚决定 The penalty decided', type: PenaltyTermsInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => PenaltyTermsInput)
  penalty?: PenaltyTermsInput;

  @ApiPropertyOptional({ description: '不予处罚情形 Ground for no penalty', enum: NO_PENALTY_GROUNDS })
  @IsOptional()
  @IsIn(NO_PENALTY_GROUNDS)
  noPenaltyGround?: NoPenaltyGround;

  @ApiPropertyOptional({ description: '延长天数(自然日) Extension in calendar days', minimum: 1, maximum: 90 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  extensionDays?: number;

  @ApiPropertyOptional({ description: '送达方式 Service method', enum: SERVICE_METHODS })
  @IsOptional()
  @IsIn(SERVICE_METHODS)
  serviceMethod?: ServiceMethod;

  @ApiPropertyOptional({ description: '签收人 Who received it' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  recipient?: string;

  @ApiPropertyOptional({ description: '暂缓缴纳至 Deferred until' })
  @IsOptional()
  @IsCalendarDate()
  deferredUntil?: string;

  @ApiPropertyOptional({ description: '分期缴纳 Instalments', type: [InstalmentInput] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(12)
  @ValidateNested({ each: true })
  @Type(() => InstalmentInput)
  instalments?: InstalmentInput[];

  @ApiPropertyOptional({ description: '缴纳金额(元,含加处罚款) Amount paid in yuan, late fee included' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_YUAN * 2)
  paidYuan?: number;

  @ApiPropertyOptional({ description: '结案报告 Closing report' })
  @IsOptional()
  @IsReason(8000)
  closingReport?: string;
}

/** 证据 One evidence item. */
export class EvidenceRequest {
  @ApiProperty({ description: '证据种类 Type', enum: EVIDENCE_TYPES })
  @IsIn(EVIDENCE_TYPES)
  type: EvidenceType;

  @ApiProperty({ description: '证据内容 Description' })
  @IsReason(2000)
  description: string;

  @ApiProperty({ description: '收集人(本案执法人员) Collector: an officer of the case' })
  @IsUUID()
  collectedBy: string;

  @ApiProperty({ description: '收集时间 Collected at (ISO 8601)', example: '2026-12-03T10:15:00+08:00' })
  @IsISO8601({ strict: true })
  collectedAt: string;

  @ApiPropertyOptional({ description: '附件哈希(先经 POST /attachments 上传) Attachments uploaded through POST /attachments', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ATTACHMENT_HASH_PATTERN, { each: true, message: 'each attachment must be a hash of 64 lowercase hex digits' })
  attachments?: string[];
}

export class EvidenceCommand extends EvidenceRequest {
  @IsUUID()
  id: string;
}

export class EvidenceView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '序号 Number in the case' })
  seq: number;

  @ApiProperty({ description: '证据种类 Type', enum: EVIDENCE_TYPES })
  type: EvidenceType;

  @ApiProperty({ description: '种类名称 Type label' })
  typeLabel: string;

  @ApiProperty({ description: '证据内容 Description' })
  description: string;

  @ApiProperty({ description: '收集人 Collector' })
  collectedBy: string;

  @ApiProperty({ description: '收集时间 Collected at' })
  collectedAt: string;

  @ApiProperty({ description: '附件哈希(SHA-256) Attachment content hashes', type: [String] })
  attachments: string[];
}

export class CaseSubListQuery extends PageQuery {
  @IsUUID()
  id: string;
}

/** 回避 A recusal decision (art. 43). */
export class RecusalRequest {
  @ApiProperty({ description: '申请回避的执法人员 Officer concerned' })
  @IsUUID()
  officerId: string;

  @ApiProperty({ description: '提出方:party 当事人申请 / self 自行回避 Raised by', enum: ['party', 'self'] })
  @IsIn(['party', 'self'])
  raisedBy: 'party' | 'self';

  @ApiProperty({ description: '负责人决定:recused 回避 / rejected 驳回 Decision', enum: ['recused', 'rejected'] })
  @IsIn(['recused', 'rejected'])
  decision: 'recused' | 'rejected';

  @ApiProperty({ description: '理由 Reasons' })
  @IsReason(2000)
  reasons: string;

  @ApiPropertyOptional({ description: '替换的执法人员(须持证) Replacement officer, certified' })
  @IsOptional()
  @IsUUID()
  replacementId?: string;
}

export class RecusalCommand extends RecusalRequest {
  @IsUUID()
  id: string;
}

/** 先行登记保存 Goods registered and preserved (art. 56), with the leader's approval. */
export class PreservationRequest {
  @ApiProperty({ description: '物品清单 What is preserved' })
  @IsReason(2000)
  goods: string;

  @ApiProperty({ description: '理由(证据可能灭失或以后难以取得) Reasons' })
  @IsReason(2000)
  reasons: string;
}

export class PreservationCommand extends PreservationRequest {
  @IsUUID()
  id: string;
}

export class PreservationDecisionRequest {
  @ApiProperty({ description: '处理决定 Outcome', enum: PRESERVATION_OUTCOMES })
  @IsIn(PRESERVATION_OUTCOMES)
  outcome: PreservationOutcome;

  @ApiProperty({ description: '理由 Reasons' })
  @IsReason(2000)
  reasons: string;
}

export class PreservationDecisionCommand extends PreservationDecisionRequest {
  @IsUUID()
  id: string;

  @IsUUID()
  preservationId: string;
}

export class PreservationView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '物品清单 Goods' })
  goods: string;

  @ApiProperty({ description: '登记保存日期 Preserved on' })
  preservedOn: string;

  @ApiProperty({ description: '处理决定期限(7个工作日) Decision due (7 working days)' })
  decisionDueOn: string;

  @ApiProperty({ description: '处理决定 Outcome', enum: PRESERVATION_OUTCOMES, nullable: true })
  outcome: PreservationOutcome | null;

  @ApiProperty({ description: '决定日期 Decided on', nullable: true, type: String })
  decidedOn: string | null;

  @ApiProperty({ description: '已超期 Overdue (undecided after the due date, or decided late)' })
  overdue: boolean;
}

/** 执法文书 A numbered document of a case. */
export class CaseDocumentView {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: '文书种类 Kind', enum: CASE_DOCUMENT_KINDS })
  kind: CaseDocumentKind;

  @ApiProperty({ description: '文书名称 Title' })
  title: string;

  @ApiProperty({ description: '文书编号(每支队伍每年连续编号) Number, per team and year', example: '320585102综执罚决〔2026〕1号' })
  number: string;

  @ApiProperty({ description: '制作日期 Issued on' })
  issuedOn: string;
}

export class CaseDocumentParams {
  @IsUUID()
  id: string;

  @IsUUID()
  documentId: string;
}

export class PrintedCaseDocumentView extends CaseDocumentView {
  @ApiProperty({ description: '可打印的完整 HTML 页面(A4) A self-contained printable HTML page (A4)' })
  html: string;
}

/** 听证标准 A county's hearing thresholds (较大数额), in yuan. */
export class HearingThresholdsRequest {
  @ApiProperty({ description: '对公民罚款或没收达到该数额可要求听证(元) Citizen threshold, yuan' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_YUAN)
  citizenYuan: number;

  @ApiProperty({ description: '对法人或其他组织(元) Organisation threshold, yuan' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(MAX_YUAN)
  organisationYuan: number;
}

export class CountyParam {
  @ApiProperty({ description: '县级区划代码 County code', example: '320585' })
  @Matches(/^\d{6}$/)
  countyCode: string;
}

export class HearingThresholdsCommand extends HearingThresholdsRequest {
  @Matches(/^\d{6}$/)
  countyCode: string;
}

/** 办案过程 What the procedure has recorded of a filed case. */
export class CaseProcedureView {
  @ApiProperty({ description: '重大案件 Major' })
  major: boolean;

  @ApiProperty({ description: '复杂案件 Complex' })
  complex: boolean;

  @ApiProperty({ description: '须法制审核 Legal review mandatory (art. 58)' })
  legalReviewMandatory: boolean;

  @ApiProperty({ description: '拟处罚 Proposed penalty', nullable: true, type: PenaltyTermsInput })
  proposedPenalty: PenaltyTermsInput | null;

  @ApiProperty({ description: '可要求听证 The party may ask for a hearing', nullable: true, type: Boolean })
  hearingQualifies: boolean | null;

  @ApiProperty({ description: '事先告知日期 Notified on', nullable: true, type: String })
  notifiedOn: string | null;

  @ApiProperty({ description: '陈述申辩期限 Statements due (working days)', nullable: true, type: String })
  statementsDueOn: string | null;

  @ApiProperty({ description: '听证申请期限(5个工作日) Hearing request due', nullable: true, type: String })
  hearingRequestDueOn: string | null;

  @ApiProperty({ description: '听证日期 Hearing on', nullable: true, type: String })
  hearingOn: string | null;

  @ApiProperty({ description: '听证主持人 Presiding officer', nullable: true, type: String })
  presidingOfficerId: string | null;

  @ApiProperty({ description: '当事人未出席视为放弃听证 Waived by not appearing', nullable: true, type: Boolean })
  hearingWaived: boolean | null;

  @ApiProperty({ description: '法制审核人员 Legal reviewer', nullable: true, type: String })
  legalReviewerId: string | null;

  @ApiProperty({ description: '决定 Decision: penalty / no_penalty / judiciary', nullable: true, type: String })
  decisionKind: string | null;

  @ApiProperty({ description: '处罚决定 Penalty decided', nullable: true, type: PenaltyTermsInput })
  penalty: PenaltyTermsInput | null;

  @ApiProperty({ description: '在裁量基准内 Within the discretion band', nullable: true, type: Boolean })
  penaltyInBand: boolean | null;

  @ApiProperty({ description: '决定书编号 Decision number', nullable: true, type: String })
  decisionNo: string | null;

  @ApiProperty({ description: '决定日期 Decided on', nullable: true, type: String })
  decidedOn: string | null;

  @ApiProperty({ description: '延长天数 Extensions granted (calendar days)', type: [Number] })
  extensions: number[];

  @ApiProperty({ description: '送达期限(7个工作日) Service due', nullable: true, type: String })
  serviceDueOn: string | null;

  @ApiProperty({ description: '送达日期 Served on', nullable: true, type: String })
  servedOn: string | null;

  @ApiProperty({ description: '送达方式 Service method', nullable: true, type: String })
  serviceMethod: string | null;

  @ApiProperty({ description: '缴款期限(15日,或批准的暂缓、分期) Payment due', nullable: true, type: String })
  paymentDueOn: string | null;

  @ApiProperty({ description: '至今的加处罚款(元,每日3%,不超过罚款数额) Late fee to date, yuan', nullable: true, type: Number })
  lateFeeYuan: number | null;

  @ApiProperty({ description: '已缴(元) Paid, yuan', nullable: true, type: Number })
  paidYuan: number | null;

  @ApiProperty({ description: '缴款日期 Paid on', nullable: true, type: String })
  paidOn: string | null;

  @ApiProperty({ description: '结案日期 Closed on', nullable: true, type: String })
  closedOn: string | null;
}
