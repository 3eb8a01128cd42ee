import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { defineEvent } from '../common/messages';
import { POWER_KINDS, type PowerKind } from './catalog.dto';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 赋权生效 A county power was delegated to a town (from its effective date, with its transition period). */
export class PowerDelegatedEvent {
  @IsUUID()
  delegationId: string;

  /** 县(市、区) */
  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  /** 乡镇(街道) */
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  /** 事项 */
  @IsUUID()
  itemId: string;

  /** 事项编码 */
  @IsString()
  itemCode: string;

  /** 事项类型 */
  @IsIn(POWER_KINDS)
  kind: PowerKind;

  /** 生效日期 */
  @Matches(ISO_DATE)
  effectiveFrom: string;

  /** 过渡期至 */
  @IsOptional()
  @Matches(ISO_DATE)
  transitionUntil: string | null;

  /** 赋权文号 */
  @IsString()
  decisionNo: string;
}

/** 赋权调整 The transition period of a delegation changed. */
export class PowerAdjustedEvent {
  @IsUUID()
  delegationId: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @IsUUID()
  itemId: string;

  /** 过渡期至 */
  @IsOptional()
  @Matches(ISO_DATE)
  transitionUntil: string | null;

  /** 事由 */
  @IsString()
  reason: string;
}

/** 赋权收回 A delegation was withdrawn from a date on. */
export class PowerRevokedEvent {
  @IsUUID()
  delegationId: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @IsUUID()
  itemId: string;

  /** 收回日期 */
  @Matches(ISO_DATE)
  withdrawnOn: string;

  /** 事由 */
  @IsString()
  reason: string;
}

/** 职责准入 An admission was approved: its duties entered the towns' duty lists. */
export class DutiesAdmittedEvent {
  @IsUUID()
  admissionId: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  @IsArray()
  @Matches(JURISDICTION_CODE_PATTERN, { each: true })
  townCodes: string[];

  @IsArray()
  @IsUUID('all', { each: true })
  dutyIds: string[];

  /** 事件类别 Event categories the duties route */
  @IsArray()
  @IsString({ each: true })
  eventCategories: string[];
}

/** 执法证核发 A certification was issued to an officer. */
export class CertificationIssuedEvent {
  @IsUUID()
  certificationId: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  @IsUUID()
  userId: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode: string;

  /** 证号 */
  @IsString()
  certificateNo: string;

  /** 执法类别 */
  @IsArray()
  @IsString({ each: true })
  categories: string[];

  @Matches(ISO_DATE)
  issuedOn: string;

  @Matches(ISO_DATE)
  expiresOn: string;
}

/** 执法证注销 A certification was revoked. */
export class CertificationRevokedEvent {
  @IsUUID()
  certificationId: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  @IsUUID()
  userId: string;

  @IsString()
  certificateNo: string;

  @Matches(ISO_DATE)
  revokedOn: string;

  @IsString()
  reason: string;
}

/** 工作日历变更 A year of the working-day calendar changed. */
export class CalendarUpdatedEvent {
  @IsInt()
  year: number;

  /** 暂定 */
  @IsBoolean()
  provisional: boolean;
}

const svc = 'identity';

export const AUTHORITY_EVENTS = {
  powerDelegated: defineEvent(svc, 'power.delegated', 1, PowerDelegatedEvent),
  powerAdjusted: defineEvent(svc, 'power.adjusted', 1, PowerAdjustedEvent),
  powerRevoked: defineEvent(svc, 'power.revoked', 1, PowerRevokedEvent),
  dutiesAdmitted: defineEvent(svc, 'duties.admitted', 1, DutiesAdmittedEvent),
  certificationIssued: defineEvent(svc, 'certification.issued', 1, CertificationIssuedEvent),
  certificationRevoked: defineEvent(svc, 'certification.revoked', 1, CertificationRevokedEvent),
  calendarUpdated: defineEvent(svc, 'calendar.updated', 1, CalendarUpdatedEvent),
} as const;

/** Every power.* event: what a town holds follows them. */
export const POWER_EVENTS = [AUTHORITY_EVENTS.powerDelegated, AUTHORITY_EVENTS.powerAdjusted, AUTHORITY_EVENTS.powerRevoked] as const;
