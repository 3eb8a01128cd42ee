/** What tests and tools may use of the enforcement service (services never import each other). */
import type { ServiceDefinition } from '@yiti/platform';
import { ENFORCEMENT_SCHEMA, ENFORCEMENT_SERVICE_NAME, EnforcementModule, enforcementDataSource } from './enforcement.module';
import { EnforcementConfig } from './config';

export { EnforcementConfig } from './config';
export { EnforcementModule, ENFORCEMENT_SCHEMA, ENFORCEMENT_SERVICE_NAME, enforcementDataSource } from './enforcement.module';
export { DocumentNumbers as CaseDocumentNumbers } from './cases/case-documents';

/** The enforcement service as the test harness, global setup and tools start and migrate it. */
export const ENFORCEMENT_SERVICE: ServiceDefinition<EnforcementConfig> = {
  name: ENFORCEMENT_SERVICE_NAME,
  schema: ENFORCEMENT_SCHEMA,
  configClass: EnforcementConfig,
  module: (config) => EnforcementModule.register(config),
  dataSource: enforcementDataSource,
};
