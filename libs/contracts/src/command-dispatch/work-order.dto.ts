import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsLatitude, IsLongitude, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CountyCodeProperty, TownCodeProperty } from '../common/fields';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { PageQuery } from '../common/pagination';
import { IsReason } from '../common/validators';
import { REQUEST_TYPES, type RequestType } from './taxonomy';
import { SATISFACTION_LEVELS, WORK_ORDER_ACTIONS, WORK_ORDER_STATES, type Satisfaction, type WorkOrderAction, type WorkOrderState } from './work-order-lifecycle';

/**
 * 渠道 Where a work order comes from. External channels (12345 hotline, digital city management,
 * public security, work safety, environmental protection, water conservancy) post tickets with their
 * own machine credential; the others are the platform's own events.
 */
export const WORK_ORDER_CHANNELS = ['hotline_12345', 'city_management', 'public_security', 'work_safety', 'environment', 'water', 'grid_event', 'enforcement', 'approval', 'rule_alert', 'manual'] as const;
export type WorkOrderChannel = (typeof WORK_ORDER_CHANNELS)[number];
export const WORK_ORDER_CHANNEL_LABELS: Record<WorkOrderChannel, string> = {
  hotline_12345: '12345政务服务便民热线',
  city_management: '数字城管',
  public_security: '公安(社会治安)',
  work_safety: '安监(安全生产)',
  environment: '环保',
  water: '水利',
  grid_event: '网格事件',
  enforcement: '综合执法',
  approval: '审批服务',
  rule_alert: '研判预警',
  manual: '调度员登记',
};
/** The channels that post tickets from outside with a machine credential (渠道凭证). */
export const EXTERNAL_CHANNELS = ['hotline_12345', 'city_management', 'public_security', 'work_safety', 'environment', 'water'] as const satisfies readonly WorkOrderChannel[];
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number];
/**
 * The kinds of machine credential (渠道凭证) a county admin issues: the ticket channels above, and the
 * power company (电力, `power`), whose system posts the daily meter readings (no tickets).
 */
export const CREDENTIAL_CHANNELS = [...EXTERNAL_CHANNELS, 'power'] as const;
export type CredentialChannel = (typeof CREDENTIAL_CHANNELS)[number];

/** 紧急程度 Urgency. */
export const WORK_ORDER_URGENCIES = ['normal', 'urgent'] as const;
export type WorkOrderUrgency = (typeof WORK_ORDER_URGENCIES)[number];

/** How a category's handling limit counts: working days, office hours, or the same (working) day. */
export const SLA_UNITS = ['working_days', 'working_hours', 'same_day'] as const;
export type SlaUnit = (typeof SLA_UNITS)[number];

/** A category code: lower-case segments separated by dots (e.g. `12345.complaint`, `cm.event.street_order`). */
export const CATEGORY_CODE_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+){0,3}$/;
/** An external ticket id: printable, no spaces. */
export const EXTERNAL_TICKET_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
export const WORK_ORDER_NO_PATTERN = /^GD\d{6}-\d{8}-\d{6}$/;

/** 来电人 The caller (personal data: stored encrypted, answered masked). */
export class CallerInput {
  @ApiPropertyOptional({ description: '来电人姓名 Caller name', example: '张三' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;

  @ApiPropertyOptional({ description: '来电号码 Caller phone', example: '13800138000' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,20}$/)
  phone?: string;
}

/** 位置 Where the matter is. */
export class LocationInput {
  @ApiProperty({ description: '经度 Longitude (WGS84)', example: 120.63 })
  @IsLongitude()
  lng: number;

  @ApiProperty({ description: '纬度 Latitude (WGS84)', example: 31.16 })
  @IsLatitude()
  lat: number;
}

/** 渠道来件 A ticket posted by an external channel (the channel and county come from its credential). */
export class ChannelTicketRequest {
  @ApiProperty({ description: '外部工单号 External ticket id (idempotency: the same id gives the same order)', example: '12345-20261203-000017' })
  @Matches(EXTERNAL_TICKET_ID_PATTERN)
  externalTicketId: string;

  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode?: string;

  @ApiProperty({ description: '分类 Category code of the county taxonomy', example: '12345.complaint' })
  @Matches(CATEGORY_CODE_PATTERN)
  category: string;

  @ApiPropertyOptional({ description: '紧急程度 Urgency', enum: WORK_ORDER_URGENCIES })
  @IsOptional()
  @IsIn(WORK_ORDER_URGENCIES)
  urgency?: WorkOrderUrgency;

  @ApiPropertyOptional({ description: '诉求类型 Request type (hotline: its default limit)', enum: REQUEST_TYPES })
  @IsOptional()
  @IsIn(REQUEST_TYPES)
  requestType?: RequestType;

  @ApiProperty({ description: '标题 Title', example: '小区门口占道经营' })
  @IsString()
  @Length(2, 200)
  title: string;

  @ApiProperty({ description: '诉求内容 Description' })
  @IsString()
  @Length(2, 4000)
  description: string;

  @ApiPropertyOptional({ description: '地址 Address' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ description: '位置 Location', type: LocationInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput;

  @ApiPropertyOptional({ description: '来电人 Caller', type: CallerInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallerInput)
  caller?: CallerInput;

  @ApiPropertyOptional({ description: '渠道特有字段 Channel-specific fields, kept as given (≤ 50 keys)', type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  fields?: Record<string, unknown>;
}

/** The ticket as the gateway forwards it: the channel and county from the credential. */
export class ChannelIntakeCommand extends ChannelTicketRequest {
  @IsIn(EXTERNAL_CHANNELS)
  channel: ExternalChannel;

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;
}

/** 调度员登记 A dispatcher registers an order (walk-in, phone call taken by the centre). */
export class RegisterWorkOrderRequest {
  @TownCodeProperty()
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @ApiProperty({ description: '分类 Category code', example: '12345.complaint' })
  @Matches(CATEGORY_CODE_PATTERN)
  category: string;

  @ApiPropertyOptional({ description: '紧急程度 Urgency', enum: WORK_ORDER_URGENCIES })
  @IsOptional()
  @IsIn(WORK_ORDER_URGENCIES)
  urgency?: WorkOrderUrgency;

  @ApiPropertyOptional({ description: '诉求类型 Request type (hotline: its default limit)', enum: REQUEST_TYPES })
  @IsOptional()
  @IsIn(REQUEST_TYPES)
  requestType?: RequestType;

  @ApiProperty({ description: '标题 Title' })
  @IsString()
  @Length(2, 200)
  title: string;

  @ApiProperty({ description: '诉求内容 Description' })
  @IsString()
  @Length(2, 4000)
  description: string;

  @ApiPropertyOptional({ description: '地址 Address' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ description: '位置 Location', type: LocationInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationInput)
  location?: LocationInput;

  @ApiPropertyOptional({ description: '来电人 Caller', type: CallerInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallerInput)
  caller?: CallerInput;
}

/** 子任务 One sub-task of a linkage (协调联动). */
export class SubTaskInput {
  @ApiProperty({ description: '承办单位 Handling unit (organisation id)' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ description: '子任务内容 What this unit does' })
  @IsString()
  @Length(2, 1000)
  task: string;
}

/** 工单环节 One step of the closed loop on an order. */
export class WorkOrderStepRequest {
  @ApiPropertyOptional({ description: '理由/处置情况 Reasons or the handling report' })
  @IsOptional()
  @IsReason(2000)
  reasons?: string;

  @ApiPropertyOptional({ description: '承办单位 Handling unit (route, reassign)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: '延期时长 Extension, in the category\'s unit (working days or hours)', minimum: 1, maximum: 60 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  extension?: number;

  @ApiPropertyOptional({ description: '满意度 Satisfaction (evaluate)', enum: SATISFACTION_LEVELS })
  @IsOptional()
  @IsIn(SATISFACTION_LEVELS)
  satisfaction?: Satisfaction;

  @ApiPropertyOptional({ description: '子任务 Sub-tasks (split)', type: [SubTaskInput] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SubTaskInput)
  subTasks?: SubTaskInput[];
}

export class WorkOrderStepCommand extends WorkOrderStepRequest {
  @IsUUID()
  id: string;

  @IsIn(WORK_ORDER_ACTIONS)
  action: WorkOrderAction;
}

export class ListWorkOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ description: '状态 Status', enum: WORK_ORDER_STATES })
  @IsOptional()
  @IsIn(WORK_ORDER_STATES)
  status?: WorkOrderState;

  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode?: string;

  @ApiPropertyOptional({ description: '渠道 Channel', enum: WORK_ORDER_CHANNELS })
  @IsOptional()
  @IsIn(WORK_ORDER_CHANNELS)
  channel?: WorkOrderChannel;

  @ApiPropertyOptional({ description: '承办单位 Handling unit' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: '仅超期 Only overdue', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ description: '仅待批延期(调度员审批) Only orders with an extension waiting for a dispatcher', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  extensionPending?: 'true' | 'false';
}

/** 工单 A work order as answered. */
export class WorkOrderView {
  @ApiProperty({ description: '标识 Id' })
  id: string;
  @ApiProperty({ description: '工单编号 Order number', example: 'GD320585-20261203-000001' })
  orderNo: string;
  @CountyCodeProperty()
  countyCode: string;
  @TownCodeProperty({ nullable: true })
  townCode: string | null;
  @ApiProperty({ description: '渠道 Channel', enum: WORK_ORDER_CHANNELS })
  channel: WorkOrderChannel;
  @ApiPropertyOptional({ description: '外部工单号 External ticket id', nullable: true })
  externalTicketId: string | null;
  @ApiProperty({ description: '分类 Category code' })
  category: string;
  @ApiProperty({ description: '分类名称 Category name' })
  categoryName: string;
  @ApiProperty({ description: '紧急程度 Urgency', enum: WORK_ORDER_URGENCIES })
  urgency: WorkOrderUrgency;
  @ApiPropertyOptional({ description: '诉求类型 Request type', enum: REQUEST_TYPES, nullable: true })
  requestType: RequestType | null;
  @ApiProperty({ description: '时限 Limit: unit and amount' })
  sla: { unit: SlaUnit; amount: number; extension: number };
  @ApiProperty({ description: '标题 Title' })
  title: string;
  @ApiProperty({ description: '诉求内容 Description' })
  description: string;
  @ApiPropertyOptional({ description: '地址 Address', nullable: true })
  address: string | null;
  @ApiPropertyOptional({ description: '位置 Location', type: LocationInput, nullable: true })
  location: { lng: number; lat: number } | null;
  @ApiPropertyOptional({ description: '网格 Grid code', nullable: true })
  gridCode: string | null;
  @ApiPropertyOptional({ description: '来电人(脱敏) Caller, masked', nullable: true })
  caller: { name: string | null; phone: string | null } | null;
  @ApiProperty({ description: '渠道特有字段 Channel-specific fields', type: 'object', additionalProperties: true })
  fields: Record<string, unknown>;
  @ApiProperty({ description: '状态 Status', enum: WORK_ORDER_STATES })
  status: WorkOrderState;
  @ApiProperty({ description: '状态名称 Status label' })
  statusLabel: string;
  @ApiPropertyOptional({ description: '承办单位 Handling unit', nullable: true })
  unitId: string | null;
  @ApiPropertyOptional({ description: '承办单位名称 Handling unit name', nullable: true })
  unitName: string | null;
  @ApiPropertyOptional({ description: '主工单 Parent order (sub-task of a linkage)', nullable: true })
  parentId: string | null;
  @ApiPropertyOptional({ description: '办理时限 Due at (ISO instant)', nullable: true })
  dueAt: string | null;
  @ApiProperty({ description: '是否超期 Overdue' })
  overdue: boolean;
  @ApiProperty({ description: '督办次数 Supervision notices' })
  supervisionCount: number;
  @ApiProperty({ description: '返工次数 Rework count' })
  reworkCount: number;
  @ApiPropertyOptional({ description: '待批延期 Pending extension', nullable: true })
  pendingExtension: number | null;
  @ApiPropertyOptional({ description: '满意度 Satisfaction', nullable: true })
  satisfaction: Satisfaction | null;
  @ApiProperty({ description: '版本 Version' })
  version: number;
  @ApiProperty({ description: '创建时间 Created at' })
  createdAt: string;
  @ApiProperty({ description: '更新时间 Updated at' })
  updatedAt: string;
}

/** 渠道来件回执 The answer to a channel ticket: the same for the same ticket (only what never changes). */
export class ChannelIntakeResult {
  @ApiProperty({ description: '工单标识 Work order id' })
  workOrderId: string;
  @ApiProperty({ description: '工单编号 Order number' })
  orderNo: string;
  @ApiProperty({ description: '外部工单号 External ticket id' })
  externalTicketId: string;
  @ApiProperty({ description: '受理时间 Received at (ISO instant)' })
  receivedAt: string;
}

/** 办理过程 One step of an order's history. */
export class WorkOrderHistoryEntryView {
  @ApiProperty({ description: '环节 Action' })
  action: string;
  @ApiPropertyOptional({ description: '原状态 From', nullable: true })
  from: string | null;
  @ApiProperty({ description: '新状态 To' })
  to: string;
  @ApiPropertyOptional({ description: '经办人 Actor (user id, or system:<service>)', nullable: true })
  actorId: string | null;
  @ApiPropertyOptional({ description: '承办单位 Unit', nullable: true })
  unitId: string | null;
  @ApiPropertyOptional({ description: '理由 Reasons', nullable: true })
  reasons: string | null;
  @ApiProperty({ description: '其他 Details', type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
  @ApiProperty({ description: '时间 At' })
  at: string;
}
