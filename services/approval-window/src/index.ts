/** What tests and tools may use of the approval-window service (services never import each other). */
export { ApprovalWindowConfig } from './config';
export { ApprovalWindowModule, APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME, approvalWindowDataSource, personalDataProtector } from './approval-window.module';
export { rotatePersonalData, type PersonalDataRotationResult } from './personal-data/personal-data-rotation';
export { PersonalDataProtector } from './personal-data/personal-data';
export { ApplicationClockJobs } from './applications/application-clock-jobs';
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
