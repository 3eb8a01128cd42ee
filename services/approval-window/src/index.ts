/** What tests and tools may use of the approval-window service (services never import each other). */
export { ApprovalWindowConfig } from './config';
export { ApprovalWindowModule, APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME, approvalWindowDataSource } from './approval-window.module';
export { ApplicationService } from './applications/application.service';
export { CalendarSource } from './calendar/calendar-source';
