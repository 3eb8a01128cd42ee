import { commandSubject, eventSubject } from '../common/subjects';

const svc = 'approval-window';

/** The approval window (审批服务一窗口): applications from intake to certificate. */
export const APPROVAL_SUBJECTS = {
  registerApplication: commandSubject(svc, 'applications', 'register'),
  takeStep: commandSubject(svc, 'applications', 'step'),
  getApplication: commandSubject(svc, 'applications', 'get'),
  listApplications: commandSubject(svc, 'applications', 'list'),
  listNotices: commandSubject(svc, 'notices', 'list'),
  /** One notice as a printable HTML page; every print is audited on its application. */
  printNotice: commandSubject(svc, 'notices', 'print'),
  history: commandSubject(svc, 'applications', 'history'),
  deadlines: commandSubject(svc, 'applications', 'deadlines'),
  statistics: commandSubject(svc, 'applications', 'statistics'),
} as const;

export const APPROVAL_EVENTS = {
  /** 审管联动: every approval, for the supervising department and the enforcement team. */
  approvalGranted: eventSubject(svc, 'approval.granted'),
  certificateIssued: eventSubject(svc, 'certificate.issued'),
} as const;
