import { commandSubject, eventSubject } from '../common/subjects';

const svc = 'identity';

/** The authority registry (权责) lives in identity: catalog, delegation, duties, training, staffing. */
export const AUTHORITY_SUBJECTS = {
  listCatalogVersions: commandSubject(svc, 'catalog-versions', 'list'),
  createCatalogVersion: commandSubject(svc, 'catalog-versions', 'create'),
  importCatalogItems: commandSubject(svc, 'catalog-items', 'import'),
  listCatalogItems: commandSubject(svc, 'catalog-items', 'list'),
  getCatalogItem: commandSubject(svc, 'catalog-items', 'get'),
  setCountyCatalog: commandSubject(svc, 'county-catalog', 'set'),
  getCountyCatalog: commandSubject(svc, 'county-catalog', 'get'),
  grantDelegations: commandSubject(svc, 'delegations', 'grant'),
  listDelegations: commandSubject(svc, 'delegations', 'list'),
  adjustDelegation: commandSubject(svc, 'delegations', 'adjust'),
  withdrawDelegation: commandSubject(svc, 'delegations', 'withdraw'),
  delegationHistory: commandSubject(svc, 'delegations', 'history'),
  powerMode: commandSubject(svc, 'powers', 'mode'),
  townPowers: commandSubject(svc, 'powers', 'of-town'),
  delegationStatistics: commandSubject(svc, 'delegations', 'statistics'),
} as const;

export const AUTHORITY_EVENTS = {
  powerDelegated: eventSubject(svc, 'power.delegated'),
  powerAdjusted: eventSubject(svc, 'power.adjusted'),
  powerRevoked: eventSubject(svc, 'power.revoked'),
} as const;
