import { IsArray, IsDateString, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { CREDENTIAL_CHANNELS, type CredentialChannel } from '../command-dispatch/work-order.dto';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { defineEvent } from '../common/messages';
import { ALL_ORGANISATION_KINDS, type OrganisationKind } from './organisation-kinds';
import { ALL_ROLES, type Role } from './roles';
import { USER_STATUSES, type UserStatus } from './user.dto';

/** 区划已建立 A jurisdiction was created. */
export class JurisdictionCreatedEvent {
  /** 区划代码 */
  @Matches(JURISDICTION_CODE_PATTERN)
  code: string;

  /** 名称 */
  @IsString()
  name: string;

  /** 上级区划代码 */
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  parentCode: string | null;
}

/** 机构已建立 An organisation was created. */
export class OrganisationCreatedEvent {
  @IsUUID()
  id: string;

  /** 机构代码 */
  @IsString()
  code: string;

  /** 机构名称 */
  @IsString()
  name: string;

  /** 机构类型 */
  @IsIn(ALL_ORGANISATION_KINDS)
  kind: OrganisationKind;

  /** 所在区划 */
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode: string;
}

/** 用户已建立 A user was created. */
export class UserCreatedEvent {
  @IsUUID()
  id: string;

  /** 用户名 */
  @IsString()
  username: string;

  /** 所属机构 */
  @IsUUID()
  organisationId: string;

  /** 管辖区划 */
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode: string;

  /** 角色 */
  @IsArray()
  @IsIn(ALL_ROLES, { each: true })
  roles: Role[];
}

/** 用户启用/停用 A user was enabled or disabled. */
export class UserStatusChangedEvent {
  @IsUUID()
  id: string;

  /** 状态 */
  @IsIn(USER_STATUSES)
  status: UserStatus;

  /** 事由 */
  @IsString()
  reason: string;
}

/** 会话已撤销 A session ended (logout, password change, disabling): its access tokens are refused from now on. */
export class SessionRevokedEvent {
  @IsUUID()
  sessionId: string;

  @IsUUID()
  userId: string;

  /** After this instant no access token of the session can still be valid. */
  @IsDateString()
  expiresAt: string;
}

/** 渠道凭证已吊销 A channel credential was revoked: every gateway forgets it and refuses it from now on. */
export class ChannelCredentialRevokedEvent {
  @IsUUID()
  id: string;

  /** 县级区划代码 County code */
  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  /** 渠道 Channel */
  @IsIn(CREDENTIAL_CHANNELS)
  channel: CredentialChannel;

  @IsDateString()
  revokedAt: string;
}

const svc = 'identity';

export const IDENTITY_EVENTS = {
  jurisdictionCreated: defineEvent(svc, 'jurisdiction.created', 1, JurisdictionCreatedEvent),
  organisationCreated: defineEvent(svc, 'organisation.created', 1, OrganisationCreatedEvent),
  userCreated: defineEvent(svc, 'user.created', 1, UserCreatedEvent),
  userStatusChanged: defineEvent(svc, 'user.status-changed', 1, UserStatusChangedEvent),
  sessionRevoked: defineEvent(svc, 'session.revoked', 1, SessionRevokedEvent),
  channelCredentialRevoked: defineEvent(svc, 'channel-credential.revoked', 1, ChannelCredentialRevokedEvent),
} as const;

