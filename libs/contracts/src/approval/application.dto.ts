import { CountyCodeProperty, TownCodeProperty } from '../common/fields';
import { EnforcementNoticeView } from './enforcement-notice.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { ATTACHMENT_HASH_PATTERN } from '../common/attachment.dto';
import { isResidentIdNumber, isUnifiedSocialCreditCode } from '../common/identifiers';
import { MAX_PAGE_SIZE, PageQuery } from '../common/pagination';
import { IsCalendarDate, IsReason } from '../common/validators';

/**
 * States of a licensing application (行政许可申请) at the town's one window. The statutory decision
 * clock (Licensing Law art. 42) runs from acceptance and stops at the decision; suspensions for
 * hearing, testing, quarantine or expert review are not counted (art. 45).
 */
export const APPLICATION_STATES = ['received', 'correction_requested', 'accepted', 'not_accepted', 'suspended', 'approved', 'rejected', 'certificate_issued', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
export const APPLICATION_STATE_LABELS: Record<ApplicationState, string> = {
  received: '已收件(待受理)',
  correction_requested: '待补正',
  accepted: '已受理(审查中)',
  not_accepted: '不予受理',
  suspended: '中止计时',
  approved: '准予许可(待发证)',
  rejected: '不予许可',
  certificate_issued: '已发证(办结)',
  withdrawn: '已撤回',
};

export const APPLICATION_ACTIONS = [
  'accept',
  'not_accept',
  'request_correction',
  'resubmit',
  'deem_accept',
  'approve',
  'reject',
  'suspend',
  'resume',
  'extend',
  'issue_certificate',
  'withdraw',
  'assign_handling_organisation',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];
export const APPLICATION_ACTION_LABELS: Record<ApplicationAction, string> = {
  accept: '受理',
  not_accept: '不予受理',
  request_correction: '一次性告知补正',
  resubmit: '补正材料',
  deem_accept: '逾期未告知补正,自收件之日起视为受理',
  approve: '准予许可',
  reject: '不予许可',
  suspend: '中止计时(听证/招标/拍卖/检验/检测/检疫/鉴定/专家评审)',
  resume: '恢复计时',
  extend: '延长审查期限10个工作日',
  issue_certificate: '颁发证件',
  withdraw: '申请人撤回',
  assign_handling_organisation: '指定承办机构',
};

/** Periods not counted in the decision period: every kind Licensing Law art. 45 names. */
export const SUSPENSION_KINDS = ['hearing', 'tender', 'auction', 'testing', 'quarantine', 'appraisal', 'expert_review'] as const;
export type SuspensionKind = (typeof SUSPENSION_KINDS)[number];
export const SUSPENSION_KIND_LABELS: Record<SuspensionKind, string> = {
  hearing: '听证',
  tender: '招标',
  auction: '拍卖',
  testing: '检验检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  expert_review: '专家评审',
};

/**
 * How far back a receipt date may be entered (补录): paper applications taken during an outage or
 * left in the after-hours box are entered within days; 30 calendar days covers a long holiday and
 * a lengthy outage, while older paper belongs to an investigation, not to a clerk's late entry.
 */
export const LATE_ENTRY_MAX_DAYS = 30;

export const APPLICANT_KINDS = ['person', 'organisation'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** Printed documents of an application (文书). */
export const NOTICE_KINDS = ['receipt', 'acceptance', 'correction', 'non_acceptance', 'extension', 'suspension', 'resumption', 'approval', 'rejection', 'certificate'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  receipt: '收件凭证',
  acceptance: '受理通知书',
  correction: '补正材料通知书',
  non_acceptance: '不予受理决定书',
  extension: '延长审查期限告知书',
  suspension: '中止审查期限告知书',
  resumption: '恢复审查期限告知书',
  approval: '准予行政许可决定书',
  rejection: '不予行政许可决定书',
  certificate: '许可证件',
};

const TOWN_CODE = /^\d{9}$/;
const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

/** A person's resident ID number (GB 11643) or an organisation's unified social credit code (GB 32100), by the applicant's kind. */
function IsApplicantIdNumber() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isApplicantIdNumber',
      target: target.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) =>
          (args.object as ApplicantInput).kind === 'organisation'
            ? `${args.property} must be an 18-character unified social credit code with a valid check character (GB 32100)`
            : `${args.property} must be an 18-character resident ID number with a valid check digit (GB 11643)`,
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (args.object as ApplicantInput).kind === 'organisation' ? isUnifiedSocialCreditCode(value) : isResidentIdNumber(value),
      },
    });
}

export class ApplicantInput {
  @ApiProperty({ description: '申请人类型 Applicant kind: person 自然人 / organisation 法人或其他组织', enum: APPLICANT_KINDS })
  @IsIn(APPLICANT_KINDS)
  kind: ApplicantKind;

  @ApiProperty({ description: '申请人姓名或单位名称 Name of the person or organisation', example: '张三' })
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiProperty({
    description: '证件号码:自然人为公民身份号码(GB 11643,校验位),组织为统一社会信用代码(GB 32100,校验位) Resident ID number (person) or unified social credit code (organisation), check digit verified',
    example: '11010519491231002X',
  })
  @IsApplicantIdNumber()
  idNumber: string;

  @ApiPropertyOptional({ description: '法定代表人或联系人 Legal representative or contact person' })
  @IsOptional()
  @IsString()
  @Length(2, 50)
  contactName?: string;

  @ApiProperty({ description: '联系电话 Contact phone', example: '13912345678' })
  @Matches(PHONE, { message: 'phone must be a mobile number (11 digits) or a landline with area code' })
  phone: string;

  @ApiPropertyOptional({ description: '联系地址 Address' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;
}

export class SubmittedMaterialInput {
  @ApiProperty({ description: '材料名称(与事项材料清单一致) Material name, as in the item\'s checklist' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ description: '份数 Copies', default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  copies?: number;

  @ApiPropertyOptional({ description: '是否原件 Original', default: false })
  @IsOptional()
  @IsBoolean()
  original?: boolean;

  @ApiPropertyOptional({ description: '材料扫描件(先经 POST /attachments 上传,在本县上传的附件哈希) Scans of the material: hashes of attachments uploaded in your county through POST /attachments', type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ATTACHMENT_HASH_PATTERN, { each: true, message: 'each attachment must be a hash of 64 lowercase hex digits' })
  attachments?: string[];
}

export class RegisterApplicationRequest {
  @ApiProperty({ description: '受理乡镇(街道)代码 Town whose window receives it', example: '320585102' })
  @Matches(TOWN_CODE, { message: 'townCode must have 9 digits' })
  townCode: string;

  @ApiProperty({ description: '申请事项ID(本镇持有的许可服务类事项) Item id: a licensing item the town holds' })
  @IsUUID()
  itemId: string;

  @ApiProperty({ description: '申请人 Applicant', type: ApplicantInput })
  @ValidateNested()
  @Type(() => ApplicantInput)
  applicant: ApplicantInput;

  @ApiProperty({ description: '已提交材料 Materials handed in', type: [SubmittedMaterialInput] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SubmittedMaterialInput)
  materials: SubmittedMaterialInput[];

  @ApiPropertyOptional({ description: '材料齐全时当场受理 Accept on the spot when the materials are complete', default: false })
  @IsOptional()
  @IsBoolean()
  acceptNow?: boolean;

  @ApiPropertyOptional({ description: '申请事由或备注 Note' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({
    description:
      '实际收件日期(补录纸质申请时填写,不得晚于今天、不得早于30日前;所有时限自该日起算) The day the paper application was really received, when entered later (outage, after-hours drop box): not in the future, at most 30 days back; every clock runs from it. Default: today',
  })
  @IsOptional()
  @IsCalendarDate()
  receivedOn?: string;

  @ApiPropertyOptional({ description: '补录原因(实际收件日期早于今天时必填) Why the application is entered late; required when receivedOn is before today' })
  @IsOptional()
  @IsReason(500)
  lateEntryReason?: string;
}

export class NotAcceptRequest {
  @ApiProperty({ description: '不予受理理由(如不属于本机关职权范围,并告知向有关机关申请) Reasons, e.g. not this body\'s power and where to apply' })
  @IsReason(2000)
  reasons: string;
}

export class RequestCorrectionRequest {
  @ApiProperty({ description: '需补正的全部材料(一次性告知) Every missing or defective material, all at once', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  missingMaterials: string[];

  @ApiPropertyOptional({ description: '补正说明 Explanation' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reasons?: string;
}

export class ResubmitRequest {
  @ApiProperty({ description: '补正提交的材料 Materials handed in to correct', type: [SubmittedMaterialInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SubmittedMaterialInput)
  materials: SubmittedMaterialInput[];
}

export class ApproveRequest {
  @ApiPropertyOptional({ description: '审查意见 Opinion' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reasons?: string;

  @ApiPropertyOptional({ description: '许可有效期至(不填为长期) Valid until; empty for no expiry' })
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string;
}

export class RejectRequest {
  @ApiProperty({ description: '不予许可理由 Reasons' })
  @IsReason(2000)
  reasons: string;

  @ApiProperty({ description: '法律依据 Legal basis' })
  @IsString()
  @Length(2, 2000)
  legalBasis: string;
}

export class SuspendRequest {
  @ApiProperty({ description: '中止事由(《行政许可法》第四十五条) Kind (Licensing Law art. 45): hearing 听证 / tender 招标 / auction 拍卖 / testing 检验检测 / quarantine 检疫 / appraisal 鉴定 / expert_review 专家评审', enum: SUSPENSION_KINDS })
  @IsIn(SUSPENSION_KINDS)
  suspensionKind: SuspensionKind;

  @ApiProperty({ description: '告知申请人的说明 What the applicant is told' })
  @IsReason(2000)
  reasons: string;
}

export class ReasonsRequest {
  @ApiProperty({ description: '理由(告知申请人) Reasons, told to the applicant' })
  @IsReason(2000)
  reasons: string;
}

export class OptionalReasonsRequest {
  @ApiPropertyOptional({ description: '说明 Note' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reasons?: string;
}

export class AssignHandlingOrganisationRequest {
  @ApiProperty({ description: '承办机构ID(本镇的职能机构) Handling organisation: an organisation of the application\'s town' })
  @IsUUID()
  organisationId: string;

  @ApiProperty({ description: '指定理由 Why this organisation' })
  @IsReason(2000)
  reasons: string;
}

export class IssueCertificateRequest {
  @ApiPropertyOptional({ description: '证件编号(不填自动编号) Certificate number; numbered automatically when empty' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  certificateNo?: string;
}

/** One step on an application, as the gateway forwards it (the service validates the step's needs). */
export class ApplicationStepCommand {
  @IsUUID()
  id: string;

  @IsIn(APPLICATION_ACTIONS)
  action: ApplicationAction;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reasons?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  legalBasis?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  missingMaterials?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SubmittedMaterialInput)
  materials?: SubmittedMaterialInput[];

  @IsOptional()
  @IsIn(SUSPENSION_KINDS)
  suspensionKind?: SuspensionKind;

  @IsOptional()
  @IsCalendarDate()
  validUntil?: string;

  @IsOptional()
  @IsString()
  @Length(2, 100)
  certificateNo?: string;

  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class LateEntryView {
  @ApiProperty({ description: '补录日期 Entered on' })
  enteredOn: string;

  @ApiProperty({ description: '补录人ID Who entered it' })
  enteredBy: string;

  @ApiProperty({ description: '补录原因 Why it was entered late' })
  reason: string;
}

export class ApplicantView {
  @ApiProperty({ description: '申请人类型 Applicant kind', enum: APPLICANT_KINDS })
  kind: ApplicantKind;

  @ApiProperty({ description: '申请人姓名或单位名称 Name' })
  name: string;

  @ApiProperty({ description: '证件号码(除经办人员查看单件外均脱敏) ID number, masked except for the handling staff viewing one application', example: '110105********002X' })
  idNumber: string;

  @ApiProperty({ description: '联系人 Contact person', nullable: true, type: String })
  contactName: string | null;

  @ApiProperty({ description: '联系电话(脱敏规则同上) Phone, masked likewise' })
  phone: string;

  @ApiProperty({ description: '联系地址 Address', nullable: true, type: String })
  address: string | null;
}

export class SubmittedMaterialView {
  @ApiProperty({ description: '材料名称 Material name' })
  name: string;

  @ApiProperty({ description: '份数 Copies' })
  copies: number;

  @ApiProperty({ description: '是否原件 Original' })
  original: boolean;

  @ApiProperty({ description: '是否在事项材料清单内 In the item\'s checklist' })
  inChecklist: boolean;

  @ApiProperty({ description: '材料扫描件的附件哈希(经 GET /applications/{id}/attachments/{hash} 下载) Hashes of the material\'s scans, downloaded through GET /applications/{id}/attachments/{hash}', type: [String] })
  attachments: string[];
}

export class ApplicationView {
  @ApiProperty({ description: '申请ID Application id' })
  id: string;

  @ApiProperty({ description: '办件编号 Application number', example: 'SQ320585102-2026-000001' })
  applicationNo: string;

  @CountyCodeProperty()
  countyCode: string;

  @ApiProperty({ description: '受理乡镇代码 Town code' })
  townCode: string;

  @ApiProperty({ description: '受理乡镇名称 Town name' })
  townName: string;

  @ApiProperty({ description: '事项ID Item id' })
  itemId: string;

  @ApiProperty({ description: '事项编码 Item code' })
  itemCode: string;

  @ApiProperty({ description: '事项名称 Item name' })
  itemName: string;

  @ApiProperty({ description: '主管部门(审管联动的监管部门) Competent department, which supervises after approval' })
  department: string;

  @ApiProperty({ description: '承办机构ID(乡镇职能机构) Handling organisation id', nullable: true, type: String })
  handlingOrganisationId: string | null;

  @ApiProperty({ description: '承办机构名称 Handling organisation', nullable: true, type: String })
  handlingOrganisationName: string | null;

  @ApiProperty({ description: '状态 Status', enum: APPLICATION_STATES })
  status: ApplicationState;

  @ApiProperty({ description: '状态名称 Status label' })
  statusLabel: string;

  @ApiProperty({ description: '申请人 Applicant', type: ApplicantView })
  applicant: ApplicantView;

  @ApiProperty({ description: '已提交材料 Materials handed in', type: [SubmittedMaterialView] })
  materials: SubmittedMaterialView[];

  @ApiProperty({ description: '尚缺的必要材料(按事项清单) Required materials still missing', type: [String] })
  missingRequired: string[];

  @ApiProperty({ description: '最近一次补正告知的材料 Materials in the latest correction notice', type: [String] })
  correctionMaterials: string[];

  @ApiProperty({ description: '收件日期(补录的为实际收件日期,各时限自该日起算) Received on: the real receipt date, also when entered later; every clock runs from it' })
  receivedOn: string;

  @ApiProperty({ description: '补录信息(收件日期早于登记日期时) Late entry: who entered it, when and why', nullable: true, type: LateEntryView })
  lateEntry: LateEntryView | null;

  @ApiProperty({ description: '补正告知期限(收件后5个工作日) Correction notice deadline', nullable: true, type: String })
  correctionNoticeDeadline: string | null;

  @ApiProperty({ description: '受理日期 Accepted on', nullable: true, type: String })
  acceptedOn: string | null;

  @ApiProperty({ description: '是否视为受理 Deemed accepted (no correction notice within 5 working days)' })
  deemedAccepted: boolean;

  @ApiProperty({ description: '法定审查时限(工作日) Statutory decision limit in working days' })
  statutoryWorkingDays: number;

  @ApiProperty({ description: '承诺办结时限(工作日) Promised limit in working days', nullable: true, type: Number })
  promisedWorkingDays: number | null;

  @ApiProperty({ description: '法定办结日期(中止期间为空) Statutory due date; null while suspended', nullable: true, type: String })
  decisionDueOn: string | null;

  @ApiProperty({ description: '承诺办结日期 Promised completion date', nullable: true, type: String })
  promisedDueOn: string | null;

  @ApiProperty({ description: '是否已延期 Extended by 10 working days' })
  extended: boolean;

  @ApiProperty({ description: '中止计时的工作日数 Working days not counted (suspensions)' })
  suspendedWorkingDays: number;

  @ApiProperty({ description: '当前中止事由 Current suspension', nullable: true, enum: SUSPENSION_KINDS })
  suspensionKind: SuspensionKind | null;

  @ApiProperty({ description: '剩余工作日(负数为超期) Working days left; negative when overdue', nullable: true, type: Number })
  workingDaysLeft: number | null;

  @ApiProperty({ description: '是否超期 Overdue' })
  overdue: boolean;

  @ApiProperty({ description: '决定日期 Decided on', nullable: true, type: String })
  decidedOn: string | null;

  @ApiProperty({ description: '是否在法定时限内决定 Decided within the statutory period', nullable: true, type: Boolean })
  decidedOnTime: boolean | null;

  @ApiProperty({ description: '决定理由或审查意见 Reasons or opinion', nullable: true, type: String })
  decisionReasons: string | null;

  @ApiProperty({ description: '延期理由(告知申请人) Reasons of the extension, told to the applicant', nullable: true, type: String })
  extensionReasons: string | null;

  @ApiProperty({ description: '许可决定机关(乡镇人民政府或县级主管部门) The authority that decided: the town government, or the county department', nullable: true, type: String })
  issuingAuthority: string | null;

  @ApiProperty({ description: '法律依据 Legal basis', nullable: true, type: String })
  legalBasis: string | null;

  @ApiProperty({ description: '许可有效期至 Valid until', nullable: true, type: String })
  validUntil: string | null;

  @ApiProperty({ description: '发证期限(决定后10个工作日) Certificate due on', nullable: true, type: String })
  certificateDueOn: string | null;

  @ApiProperty({ description: '证件编号 Certificate number', nullable: true, type: String })
  certificateNo: string | null;

  @ApiProperty({ description: '发证日期 Certificate issued on', nullable: true, type: String })
  certificateIssuedOn: string | null;

  @ApiProperty({ description: '节假日数据是否为暂定(日期可能变化) Dates rest on provisional holiday data' })
  provisionalDates: boolean;

  @ApiProperty({ description: '登记时间 Registered at' })
  createdAt: string;

  @ApiPropertyOptional({ description: '双向告知:执法部门对该申请人作出的行政处罚与结案(最新20条,仅单件查看时) Penalties and closed cases of the enforcement side about this applicant (newest 20; in the single view)', type: [EnforcementNoticeView] })
  enforcementNotices?: EnforcementNoticeView[];
}

export class NoticeView {
  @ApiProperty({ description: '文书ID Notice id' })
  id: string;

  @ApiProperty({ description: '申请ID Application id' })
  applicationId: string;

  @ApiProperty({ description: '文书类型 Kind', enum: NOTICE_KINDS })
  kind: NoticeKind;

  @ApiProperty({ description: '文书名称 Title', example: '受理通知书' })
  title: string;

  @ApiProperty({ description: '文书编号 Number', example: 'SL320585102-2026-000001' })
  number: string;

  @ApiProperty({ description: '出具日期 Issued on' })
  issuedOn: string;

  @ApiProperty({ description: '出具机关 Issuing body' })
  issuer: string;

  @ApiProperty({ description: '文书正文要素(打印用) Printable fields', type: 'object', additionalProperties: true })
  fields: Record<string, unknown>;
}

/** Path of one notice of one application (打印文书). */
export class NoticeParams {
  @ApiProperty({ description: '申请ID Application id (UUID)' })
  @IsUUID()
  id: string;

  @ApiProperty({ description: '文书ID Notice id (UUID)' })
  @IsUUID()
  noticeId: string;
}

/** A notice laid out for printing, as the approval window answers the gateway (the gateway sends `html` alone). */
export class PrintedNoticeView {
  @ApiProperty({ description: '文书ID Notice id' })
  noticeId: string;

  @ApiProperty({ description: '文书类型 Kind', enum: NOTICE_KINDS })
  kind: NoticeKind;

  @ApiProperty({ description: '文书编号 Number' })
  number: string;

  @ApiProperty({ description: '是否打印完整证件号码 Whether the full ID number is printed' })
  fullIdNumberShown: boolean;

  @ApiProperty({ description: '可打印的完整 HTML 页面(A4) A self-contained printable HTML page (A4)' })
  html: string;
}

export class ApplicationHistoryEntryView {
  @ApiProperty({ description: '操作 Action (register 收件登记, or a lifecycle action)' })
  action: string;

  @ApiProperty({ description: '操作名称 Action label' })
  actionLabel: string;

  @ApiProperty({ description: '操作前状态 Status before', nullable: true, enum: APPLICATION_STATES })
  fromStatus: ApplicationState | null;

  @ApiProperty({ description: '操作后状态 Status after', enum: APPLICATION_STATES })
  toStatus: ApplicationState;

  @ApiProperty({ description: '经办人ID(system 为系统按期限办理) Who took the step (system: by lapse of time)' })
  actorId: string;

  @ApiProperty({ description: '经办人角色 Roles of who took it', type: [String] })
  actorRoles: string[];

  @ApiProperty({ description: '办理日期 Date taken' })
  takenOn: string;

  @ApiProperty({ description: '办理时间 When' })
  at: string;

  @ApiProperty({ description: '事由、依据等 Reasons, legal basis, materials and the like', type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
}

export class ApplicationStepResult {
  @ApiProperty({ description: '办件 The application after the step', type: ApplicationView })
  application: ApplicationView;

  @ApiProperty({ description: '本步出具的文书 Notices issued by this step', type: [NoticeView] })
  notices: NoticeView[];
}

/** Filters of `GET /applications`: nothing personal, since a URL ends up in logs, proxies and browser history. */
export class ApplicationFilterQuery extends PageQuery {
  @ApiPropertyOptional({ description: '状态 Status', enum: APPLICATION_STATES })
  @IsOptional()
  @IsIn(APPLICATION_STATES)
  status?: ApplicationState;

  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;

  @ApiPropertyOptional({ description: '事项ID Item id' })
  @IsOptional()
  @IsUUID()
  itemId?: string;

  @ApiPropertyOptional({ description: '收件日期起 Received from (YYYY-MM-DD)' })
  @IsOptional()
  @IsCalendarDate()
  receivedFrom?: string;

  @ApiPropertyOptional({ description: '收件日期止(含) Received until, inclusive' })
  @IsOptional()
  @IsCalendarDate()
  receivedTo?: string;

  @ApiPropertyOptional({ description: '仅本人所在机构承办的 Only those handled by my organisation', default: false })
  @IsOptional()
  @IsIn(['true', 'false', true, false])
  mine?: string | boolean;
}

/** `GET /applications/unrouted`: applications under review that no handling organisation takes yet. */
export class UnroutedApplicationsQuery extends PageQuery {
  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;
}

/**
 * Every filter, the applicant's ID number and name included: the body of `POST /applications/search`
 * (personal data never in a URL) and what the approval-window service is asked.
 */
export class ListApplicationsQuery extends ApplicationFilterQuery {
  @ApiPropertyOptional({ description: '申请人证件号码(精确匹配) Applicant ID number, exact match' })
  @IsOptional()
  @Matches(/^[0-9A-Z]{18}$/, { message: 'applicantIdNumber must be an 18-character ID number or credit code' })
  applicantIdNumber?: string;

  @ApiPropertyOptional({ description: '申请人名称(包含) Applicant name contains' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  applicantName?: string;
}

/** 临期/超期 lists page like any list, but show a page of 100 unless asked for fewer. */
export class DeadlinesQuery extends PageQuery {
  @TownCodeProperty()
  @Matches(TOWN_CODE)
  townCode: string;

  @ApiPropertyOptional({ description: '临期阈值(剩余工作日) Due soon: at most this many working days left', default: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(20)
  withinWorkingDays?: number;
}

export const DEADLINE_CLOCKS = ['correction_notice', 'acceptance', 'decision', 'certificate'] as const;
export type DeadlineClock = (typeof DEADLINE_CLOCKS)[number];

export class DeadlineEntryView {
  @ApiProperty({ description: '申请ID Application id' })
  applicationId: string;

  @ApiProperty({ description: '办件编号 Application number' })
  applicationNo: string;

  @ApiProperty({ description: '事项名称 Item name' })
  itemName: string;

  @ApiProperty({ description: '状态 Status', enum: APPLICATION_STATES })
  status: ApplicationState;

  @ApiProperty({ description: '时限类型 Clock: correction_notice 补正告知(收件后5个工作日) / acceptance 补正后受理决定(5个工作日) / decision 审查决定 / certificate 发证', enum: DEADLINE_CLOCKS })
  clock: DeadlineClock;

  @ApiProperty({ description: '到期日 Due on' })
  dueOn: string;

  @ApiProperty({ description: '剩余工作日(负数为超期) Working days left; negative when overdue' })
  workingDaysLeft: number;
}

export class DeadlinesView {
  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '统计日期 As of' })
  asOf: string;

  @ApiProperty({ description: '临期(本页, 最早到期在前) Due soon: this page, earliest due first', type: [DeadlineEntryView] })
  dueSoon: DeadlineEntryView[];

  @ApiProperty({ description: '超期(本页, 最早到期在前) Overdue: this page, earliest due first', type: [DeadlineEntryView] })
  overdue: DeadlineEntryView[];

  @ApiProperty({ description: '临期总数 Due soon in all' })
  dueSoonTotal: number;

  @ApiProperty({ description: '超期总数 Overdue in all' })
  overdueTotal: number;

  @ApiProperty({ description: '页码 Page number (the same page of both lists)' })
  page: number;

  @ApiProperty({ description: `每页条数 Page size of each list (default and at most ${MAX_PAGE_SIZE})` })
  pageSize: number;
}

export class ApplicationStatisticsQuery {
  @ApiProperty({ description: '县或乡镇代码 County or town code' })
  @Matches(/^(\d{6}|\d{9})$/)
  jurisdictionCode: string;

  @ApiProperty({ description: '收件日期起 From (YYYY-MM-DD)' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ description: '收件日期止(含) Until, inclusive' })
  @IsCalendarDate()
  to: string;
}

export class TownApplicationStatistics {
  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '收件数 Received' })
  received: number;

  @ApiProperty({ description: '受理数(含视为受理) Accepted, deemed acceptances included' })
  accepted: number;

  @ApiProperty({ description: '不予受理数 Not accepted' })
  notAccepted: number;

  @ApiProperty({ description: '已决定数 Decided' })
  decided: number;

  @ApiProperty({ description: '准予许可数 Approved' })
  approved: number;

  @ApiProperty({ description: '按期决定数 Decided on time' })
  decidedOnTime: number;

  @ApiProperty({ description: '按期办结率 On-time rate (decided on time / decided)', nullable: true, type: Number })
  onTimeRate: number | null;

  @ApiProperty({ description: '平均审查用时(工作日,不含中止) Average working days from acceptance to decision, suspensions excluded', nullable: true, type: Number })
  averageWorkingDays: number | null;

  @ApiProperty({ description: '在办超期数 Open and overdue now' })
  overdueOpen: number;
}

export class ApplicationStatisticsView {
  @ApiProperty({ description: '区划代码 Jurisdiction code' })
  jurisdictionCode: string;

  @ApiProperty({ description: '起 From' })
  from: string;

  @ApiProperty({ description: '止 To' })
  to: string;

  @ApiProperty({ description: '各乡镇 Per town', type: [TownApplicationStatistics] })
  towns: TownApplicationStatistics[];
}


