import { commandSubject, eventSubject } from '../common/subjects';

const svc = 'identity';

export const IDENTITY_SUBJECTS = {
  login: commandSubject(svc, 'auth', 'login'),
  refresh: commandSubject(svc, 'auth', 'refresh'),
  logout: commandSubject(svc, 'auth', 'logout'),
  changePassword: commandSubject(svc, 'auth', 'change-password'),
  me: commandSubject(svc, 'users', 'me'),
  createJurisdiction: commandSubject(svc, 'jurisdictions', 'create'),
  listJurisdictions: commandSubject(svc, 'jurisdictions', 'list'),
  getJurisdiction: commandSubject(svc, 'jurisdictions', 'get'),
  createOrganisation: commandSubject(svc, 'organisations', 'create'),
  listOrganisations: commandSubject(svc, 'organisations', 'list'),
  getOrganisation: commandSubject(svc, 'organisations', 'get'),
  createUser: commandSubject(svc, 'users', 'create'),
  listUsers: commandSubject(svc, 'users', 'list'),
  getUser: commandSubject(svc, 'users', 'get'),
  setUserStatus: commandSubject(svc, 'users', 'set-status'),
} as const;

export const IDENTITY_EVENTS = {
  jurisdictionCreated: eventSubject(svc, 'jurisdiction.created'),
  organisationCreated: eventSubject(svc, 'organisation.created'),
  userCreated: eventSubject(svc, 'user.created'),
  userStatusChanged: eventSubject(svc, 'user.status-changed'),
  sessionRevoked: eventSubject(svc, 'session.revoked'),
} as const;
