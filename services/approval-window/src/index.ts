/** What tests and tools may use of the approval-window service (services never import each other). */
export { ApprovalWindowConfig } from './config';
export { ApprovalWindowModule, APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME, approvalWindowDataSource } from './approval-window.module';
export { applicationPersonalData, rotatePersonalData } from './personal-data/application-personal-data';
export { PersonalDataProtector, personalDataProtector, type PersonalDataRotationResult } from '@yiti/platform';
export { ApplicationClockJobs } from './applications/application-clock-jobs';
export { ApplicationQueries } from './applications/application-queries';
export { DocumentNumbers } from './applications/document-numbers';
export { eventConsumerNames } from './background/background-work';

import type { ServiceDefinition } from '@yiti/platform';
import { ApprovalWindowConfig } from './config';
import { APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME, ApprovalWindowModule, approvalWindowDataSource } from './approval-window.module';

/** The approval-window service as the test harness, global setup and tools start and migrate it. */
export const APPROVAL_WINDOW_SERVICE: ServiceDefinition<ApprovalWindowConfig> = {
  name: APPROVAL_WINDOW_SERVICE_NAME,
  schema: APPROVAL_WINDOW_SCHEMA,
  configClass: ApprovalWindowConfig,
  module: (config) => ApprovalWindowModule.register(config),
  dataSource: approvalWindowDataSource,
};
