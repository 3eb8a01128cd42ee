import type { OrganisationKind } from './organisation-kinds';
import type { Role } from './roles';
import type { UserStatus } from './user.dto';

export interface OrganisationCreatedEvent {
  id: string;
  code: string;
  name: string;
  kind: OrganisationKind;
  jurisdictionCode: string;
}

export interface UserCreatedEvent {
  id: string;
  username: string;
  organisationId: string;
  jurisdictionCode: string;
  roles: Role[];
}

export interface UserStatusChangedEvent {
  id: string;
  status: UserStatus;
  reason: string;
}

export interface SessionRevokedEvent {
  sessionId: string;
  userId: string;
  /** After this instant no access token of the session can still be valid. */
  expiresAt: string;
}

export interface JurisdictionCreatedEvent {
  code: string;
  name: string;
  parentCode: string | null;
}
