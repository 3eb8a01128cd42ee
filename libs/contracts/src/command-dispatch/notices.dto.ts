import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CountyCodeProperty } from '../common/fields';
import { defineSubject } from '../common/messages';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';
import { GRID_CODE_PATTERN } from '../grid/grid.dto';
import { HOUSEHOLD_FLAG_CODES, type HouseholdFlagCode } from '../grid/base-data.dto';
import type { HouseholdRecipient } from '../grid/household-lookup';

/** 精准推送 Notice kinds: job postings (就业岗位), policies, other information. */
export const TARGETED_NOTICE_KINDS = ['job_posting', 'policy', 'other'] as const;
export type TargetedNoticeKind = (typeof TARGETED_NOTICE_KINDS)[number];
export const TARGETED_NOTICE_KIND_LABELS: Record<TargetedNoticeKind, string> = { job_posting: '就业岗位', policy: '政策', other: '其他' };

/** Resident flags a notice may select by, once the grid keeps residents (e.g. 失业 unemployed). */
export const RESIDENT_FLAG_CODES = ['unemployed', 'disabled', 'elderly_alone', 'low_income'] as const;
export type ResidentFlagCode = (typeof RESIDENT_FLAG_CODES)[number];

/** 推送状态 draft 草稿 → delivering 推送中 → delivered 已推送. */
export const NOTICE_STATES = ['draft', 'delivering', 'delivered'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

/** One delivery's state: sent to the SMS gateway, failed, or recorded without an outbound channel configured. */
export const DELIVERY_STATES = ['pending', 'sent', 'failed', 'not_sent'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export class AgeBand {
  @ApiProperty({ description: '最小年龄 Minimum age' })
  @IsInt()
  @Min(0)
  @Max(120)
  min: number;

  @ApiProperty({ description: '最大年龄 Maximum age' })
  @IsInt()
  @Min(0)
  @Max(120)
  max: number;
}

/** 推送对象条件 Criteria over the grid's base data. */
export class NoticeCriteria {
  @ApiPropertyOptional({ description: '网格 Grid codes (none: every grid of the jurisdiction)', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(GRID_CODE_PATTERN, { each: true })
  gridCodes?: string[];

  @ApiPropertyOptional({ description: '户标记(须全部满足) Household flags', enum: HOUSEHOLD_FLAG_CODES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(HOUSEHOLD_FLAG_CODES, { each: true })
  householdFlags?: HouseholdFlagCode[];

  @ApiPropertyOptional({ description: '年龄段(居民) Age band of residents', type: AgeBand })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgeBand)
  ageBand?: AgeBand;

  @ApiPropertyOptional({ description: '居民标记(如 unemployed 失业) Resident flags', enum: RESIDENT_FLAG_CODES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(RESIDENT_FLAG_CODES, { each: true })
  residentFlags?: ResidentFlagCode[];
}

export class CreateNoticeRequest {
  @ApiProperty({ description: '发布辖区(县或镇) County or town publishing', example: '320585102' })
  @Matches(/^(\d{6}|\d{9})$/)
  jurisdictionCode: string;

  @ApiProperty({ description: '类型 Kind', enum: TARGETED_NOTICE_KINDS })
  @IsIn(TARGETED_NOTICE_KINDS)
  kind: TargetedNoticeKind;

  @ApiProperty({ description: '标题 Title' })
  @IsString()
  @Length(2, 100)
  title: string;

  @ApiProperty({ description: '短信正文(≤ 300 字) Message text' })
  @IsString()
  @Length(2, 300)
  text: string;

  @ApiPropertyOptional({ description: '岗位数(就业岗位) Postings (jobs) the notice carries', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  postings?: number;

  @ApiProperty({ description: '推送对象条件 Criteria', type: NoticeCriteria })
  @ValidateNested()
  @Type(() => NoticeCriteria)
  criteria: NoticeCriteria;
}

export class TargetedNoticeView {
  @ApiProperty() id: string;
  @CountyCodeProperty() countyCode: string;
  @ApiProperty({ description: '发布辖区 Jurisdiction' }) jurisdictionCode: string;
  @ApiProperty({ enum: TARGETED_NOTICE_KINDS }) kind: TargetedNoticeKind;
  @ApiProperty({ description: '标题 Title' }) title: string;
  @ApiProperty({ description: '短信正文 Text' }) text: string;
  @ApiProperty({ description: '岗位数 Postings' }) postings: number;
  @ApiProperty({ type: NoticeCriteria }) criteria: NoticeCriteria;
  @ApiProperty({ description: '推送对象 Recipients are households (户) until the grid keeps residents (居民)', enum: ['household', 'resident'] }) recipientKind: 'household' | 'resident';
  @ApiProperty({ enum: NOTICE_STATES }) status: NoticeState;
  @ApiProperty({ description: '推送对象数 Recipients' }) recipients: number;
  @ApiProperty({ description: '已发送 Sent' }) sent: number;
  @ApiProperty({ description: '失败 Failed' }) failed: number;
  @ApiProperty({ description: '未发送(未配置短信通道) Recorded, not sent (no outbound channel configured)' }) notSent: number;
  @ApiProperty({ description: '推荐就业 Referrals' }) referrals: number;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: string;
}

export class ListNoticesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TARGETED_NOTICE_KINDS })
  @IsOptional()
  @IsIn(TARGETED_NOTICE_KINDS)
  kind?: TargetedNoticeKind;
}

export class RecordReferralRequest {
  @ApiProperty({ description: '推送ID Notice id' })
  @IsUUID()
  noticeId: string;

  @ApiProperty({ description: '推送对象ID(户或居民) Recipient id the notice reached' })
  @IsUUID()
  recipientId: string;

  @ApiProperty({ description: '岗位编号 Posting reference', example: 'JOB-2026-0012' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,60}$/)
  postingRef: string;
}

export class ReferralView {
  @ApiProperty() id: string;
  @ApiProperty() noticeId: string;
  @ApiProperty() recipientId: string;
  @ApiProperty() postingRef: string;
  @ApiProperty() createdAt: string;
}

export class NoticeStatisticsQuery {
  @ApiProperty({ description: '起始日(含) From', example: '2026-11-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ description: '截止日(含) To', example: '2026-11-30' })
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({ description: '辖区 Jurisdiction (default: yours)' })
  @IsOptional()
  @Matches(/^(\d{6}|\d{9})$/)
  jurisdictionCode?: string;
}

export class NoticeStatisticsView {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: '推送条数 Notices published' }) notices: number;
  @ApiProperty({ description: '发送短信数 Messages sent' }) messages: number;
  @ApiProperty({ description: '岗位数 Postings' }) postings: number;
  @ApiProperty({ description: '推荐就业人数 Referrals' }) referrals: number;
}

/** 短信通道 The county's outbound SMS channel: a webhook; nothing is sent until a county admin enables it. */
export class SetNoticeChannelRequest {
  @CountyCodeProperty()
  @Matches(/^\d{6}$/)
  countyCode: string;

  @ApiProperty({ description: '短信网关回调地址 Webhook URL of the county SMS gateway (http or https)', example: 'https://sms.example.gov.cn/hook' })
  @IsString()
  @Length(8, 500)
  @Matches(/^https?:\/\/[^\s]+$/)
  webhookUrl: string;

  @ApiProperty({ description: '启用 Enabled' })
  @IsBoolean()
  enabled: boolean;
}

export class NoticeChannelView {
  @CountyCodeProperty() countyCode: string;
  @ApiProperty({ description: '回调地址 Webhook URL' }) webhookUrl: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty() updatedAt: string;
}

/** The message posted to the SMS webhook for one delivery (the gateway looks the recipient up by id). */
export interface SmsWebhookMessage {
  /** Unique per notice and recipient: the gateway may de-duplicate by it (also sent as Idempotency-Key). */
  deliveryId: string;
  noticeId: string;
  recipient: { kind: 'household' | 'resident'; id: string; gridCode: string };
  text: string;
}

/** A resident chosen by a notice's criteria (the grid's base data; personal data stays in the grid service). */
export interface ResidentRecipient {
  id: string;
  townCode: string;
  gridCode: string;
}

/** Residents by criteria (grid, age band, flags), keyset pages: to be answered by the grid service once it keeps residents. */
export class SelectResidentsRequest {
  @ApiProperty() @Matches(/^(\d{6}|\d{9})$/) jurisdictionCode: string;
  @ApiPropertyOptional({ type: NoticeCriteria }) @ValidateNested() @Type(() => NoticeCriteria) criteria: NoticeCriteria;
  @ApiPropertyOptional() @IsOptional() @IsUUID() afterId?: string;
  @ApiProperty() @IsInt() @Min(1) @Max(10_000) limit: number;
}

export const RESIDENT_SELECTION_SUBJECT = defineSubject('grid', 'residents', 'select', SelectResidentsRequest).returns<{ items: ResidentRecipient[] }>();

export type { HouseholdRecipient };
