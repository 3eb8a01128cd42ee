import { defineSubject } from '../common/messages';
import { Page } from '../common/pagination';
import { IdParam } from '../identity/organisation.dto';
import { ApplicationHistoryEntryView, ApplicationStatisticsQuery, ApplicationStatisticsView, ApplicationStepCommand, ApplicationStepResult, ApplicationView, DeadlinesQuery, DeadlinesView, ListApplicationsQuery, NoticeParams, NoticeView, PrintedNoticeView, RegisterApplicationRequest, UnroutedApplicationsQuery } from './application.dto';

const svc = 'approval-window';

/** The approval window (审批服务一窗口): applications from intake to certificate. */
export const APPROVAL_SUBJECTS = {
  registerApplication: defineSubject(svc, 'applications', 'register', RegisterApplicationRequest).returns<ApplicationStepResult>(),
  takeStep: defineSubject(svc, 'applications', 'step', ApplicationStepCommand).returns<ApplicationStepResult>(),
  getApplication: defineSubject(svc, 'applications', 'get', IdParam).returns<ApplicationView>(),
  listApplications: defineSubject(svc, 'applications', 'list', ListApplicationsQuery).returns<Page<ApplicationView>>(),
  /** Applications under review that no handling organisation takes yet, for the town leader to assign one. */
  listUnrouted: defineSubject(svc, 'applications', 'unrouted', UnroutedApplicationsQuery).returns<Page<ApplicationView>>(),
  listNotices: defineSubject(svc, 'notices', 'list', IdParam).returns<NoticeView[]>(),
  /** One notice as a printable HTML page; every print is audited on its application. */
  printNotice: defineSubject(svc, 'notices', 'print', NoticeParams).returns<PrintedNoticeView>(),
  history: defineSubject(svc, 'applications', 'history', IdParam).returns<ApplicationHistoryEntryView[]>(),
  deadlines: defineSubject(svc, 'applications', 'deadlines', DeadlinesQuery).returns<DeadlinesView>(),
  statistics: defineSubject(svc, 'applications', 'statistics', ApplicationStatisticsQuery).returns<ApplicationStatisticsView>(),
} as const;

