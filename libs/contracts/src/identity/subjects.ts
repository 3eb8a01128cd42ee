import { defineSubject } from '../common/messages';
import { Page } from '../common/pagination';
import { ChangePasswordCommand, LoginRequest, LogoutCommand, RefreshRequest, TokenResponse } from './auth.dto';
import { CreateJurisdictionRequest, JurisdictionCodeParam, JurisdictionView, ListJurisdictionsQuery } from './jurisdiction.dto';
import { CreateOrganisationRequest, IdParam, ListOrganisationsQuery, OrganisationView } from './organisation.dto';
import { IssueChannelCredentialRequest, ListChannelCredentialsQuery, VerifyChannelCredentialRequest, type ChannelCredentialView, type IssuedChannelCredential, type VerifiedChannelCredential } from './channel-credential.dto';
import { CreateUserRequest, ListUsersQuery, SetUserStatusCommand, UserView } from './user.dto';

const svc = 'identity';

export const IDENTITY_SUBJECTS = {
  login: defineSubject(svc, 'auth', 'login', LoginRequest).returns<TokenResponse>(),
  refresh: defineSubject(svc, 'auth', 'refresh', RefreshRequest).returns<TokenResponse>(),
  logout: defineSubject(svc, 'auth', 'logout', LogoutCommand).returns<{ revoked: boolean; }>(),
  changePassword: defineSubject(svc, 'auth', 'change-password', ChangePasswordCommand).returns<{ changed: boolean; }>(),
  me: defineSubject(svc, 'users', 'me', null).returns<UserView>(),
  createJurisdiction: defineSubject(svc, 'jurisdictions', 'create', CreateJurisdictionRequest).returns<JurisdictionView>(),
  listJurisdictions: defineSubject(svc, 'jurisdictions', 'list', ListJurisdictionsQuery).returns<Page<JurisdictionView>>(),
  getJurisdiction: defineSubject(svc, 'jurisdictions', 'get', JurisdictionCodeParam).returns<JurisdictionView>(),
  createOrganisation: defineSubject(svc, 'organisations', 'create', CreateOrganisationRequest).returns<OrganisationView>(),
  listOrganisations: defineSubject(svc, 'organisations', 'list', ListOrganisationsQuery).returns<Page<OrganisationView>>(),
  getOrganisation: defineSubject(svc, 'organisations', 'get', IdParam).returns<OrganisationView>(),
  createUser: defineSubject(svc, 'users', 'create', CreateUserRequest).returns<UserView>(),
  listUsers: defineSubject(svc, 'users', 'list', ListUsersQuery).returns<Page<UserView>>(),
  getUser: defineSubject(svc, 'users', 'get', IdParam).returns<UserView>(),
  setUserStatus: defineSubject(svc, 'users', 'set-status', SetUserStatusCommand).returns<UserView>(),
  /** 渠道凭证: issued and revoked by a county admin; verified for the gateway (anonymous: the channel has no user). */
  issueChannelCredential: defineSubject(svc, 'channel-credentials', 'issue', IssueChannelCredentialRequest).returns<IssuedChannelCredential>(),
  revokeChannelCredential: defineSubject(svc, 'channel-credentials', 'revoke', IdParam).returns<ChannelCredentialView>(),
  listChannelCredentials: defineSubject(svc, 'channel-credentials', 'list', ListChannelCredentialsQuery).returns<Page<ChannelCredentialView>>(),
  verifyChannelCredential: defineSubject(svc, 'channel-credentials', 'verify', VerifyChannelCredentialRequest).returns<VerifiedChannelCredential>(),
} as const;

