/** What tests and tools may use of the approval-window service (services never import each other). */
export { ApprovalWindowConfig } from './config';
export { ApprovalWindowModule, APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME, approvalWindowDataSource } from './approval-window.module';
export { applicationPersonalData, rotatePersonalData } from './personal-data/application-personal-data';
export { PersonalDataProtector, personalDataProtector, type PersonalDataRotationResult } from '@yiti/platform';
export { ApplicationService } from './applications/application.service';
export { DocumentNumbers } from './applications/document-numbers';
export { Registry } from './registry/registry';
export { eventConsumerNames } from './background/background-work';
export { CalendarSource } from './calendar/calendar-source';
