/** What tests and tools may use of the identity service (services never import each other). */
export { IdentityConfig } from './config';
export { IdentityModule, IDENTITY_SCHEMA, IDENTITY_SERVICE_NAME, identityDataSource } from './identity.module';
export { seedDemoCounty, DEMO_PASSWORD, DEMO_USERS } from './seed/demo-county';
export { DutyResponsibleOrganisation1764547200000 } from './migrations/1764547200000-duty-responsible-organisation';

import type { ServiceDefinition } from '@yiti/platform';
import { IdentityConfig } from './config';
import { IDENTITY_SCHEMA, IDENTITY_SERVICE_NAME, IdentityModule, identityDataSource } from './identity.module';

/** The identity service as the test harness, global setup and tools start and migrate it. */
export const IDENTITY_SERVICE: ServiceDefinition<IdentityConfig> = {
  name: IDENTITY_SERVICE_NAME,
  schema: IDENTITY_SCHEMA,
  configClass: IdentityConfig,
  module: (config) => IdentityModule.register(config),
  dataSource: identityDataSource,
};
