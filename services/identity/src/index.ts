/** What tests and tools may use of the identity service (services never import each other). */
export { IdentityConfig } from './config';
export { IdentityModule, IDENTITY_SCHEMA, IDENTITY_SERVICE_NAME, identityDataSource } from './identity.module';
export { seedDemoCounty, DEMO_PASSWORD, DEMO_USERS } from './seed/demo-county';
export { DutyResponsibleOrganisation1764547200000 } from './migrations/1764547200000-duty-responsible-organisation';
