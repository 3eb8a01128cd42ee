import { defineSubject } from '../common/messages';
import type { Page } from '../common/pagination';
import { IdParam } from '../identity/organisation.dto';
import { AnnualAssessmentQuery, type AnnualAssessmentView, IndicatorsQuery, type IndicatorsView } from './assessment.dto';
import {
  ChannelReadingsCommand,
  CreateWarningRuleRequest,
  EvaluateWarningRulesRequest,
  type EvaluateWarningRulesResult,
  ListWarningAlertsQuery,
  ListWarningRulesQuery,
  PostReadingsRequest,
  type PostReadingsResult,
  UpdateWarningRuleCommand,
  type WarningAlertView,
  type WarningRuleView,
} from './early-warning.dto';
import {
  CreateNoticeRequest,
  ListNoticesQuery,
  type NoticeChannelView,
  NoticeStatisticsQuery,
  type NoticeStatisticsView,
  type TargetedNoticeView,
  RecordReferralRequest,
  type ReferralView,
  SetNoticeChannelRequest,
} from './notices.dto';

const svc = 'command-dispatch';

/**
 * The command centre's analysis subjects: early warning (研判预警), assessment (督查考核) and
 * targeted notices (精准推送), yiti.v1.command-dispatch.<resource>.<action>.
 */
export const COMMAND_ANALYSIS_SUBJECTS = {
  createWarningRule: defineSubject(svc, 'warning-rules', 'create', CreateWarningRuleRequest).returns<WarningRuleView>(),
  updateWarningRule: defineSubject(svc, 'warning-rules', 'update', UpdateWarningRuleCommand).returns<WarningRuleView>(),
  listWarningRules: defineSubject(svc, 'warning-rules', 'list', ListWarningRulesQuery).returns<Page<WarningRuleView>>(),
  getWarningRule: defineSubject(svc, 'warning-rules', 'get', IdParam).returns<WarningRuleView>(),
  postReadings: defineSubject(svc, 'readings', 'post', PostReadingsRequest).returns<PostReadingsResult>(),
  /** The power company's batch, posted with its channel credential (the gateway checked it and names its county). */
  postChannelReadings: defineSubject(svc, 'readings', 'post-from-channel', ChannelReadingsCommand).returns<PostReadingsResult>(),
  evaluateWarningRules: defineSubject(svc, 'warning-rules', 'evaluate', EvaluateWarningRulesRequest).returns<EvaluateWarningRulesResult>(),
  listWarningAlerts: defineSubject(svc, 'warning-alerts', 'list', ListWarningAlertsQuery).returns<Page<WarningAlertView>>(),
  indicators: defineSubject(svc, 'indicators', 'compute', IndicatorsQuery).returns<IndicatorsView>(),
  annualAssessment: defineSubject(svc, 'annual-assessment', 'compute', AnnualAssessmentQuery).returns<AnnualAssessmentView>(),
  setNoticeChannel: defineSubject(svc, 'notice-channel', 'set', SetNoticeChannelRequest).returns<NoticeChannelView>(),
  createNotice: defineSubject(svc, 'notices', 'create', CreateNoticeRequest).returns<TargetedNoticeView>(),
  deliverNotice: defineSubject(svc, 'notices', 'deliver', IdParam).returns<TargetedNoticeView>(),
  getNotice: defineSubject(svc, 'notices', 'get', IdParam).returns<TargetedNoticeView>(),
  listNotices: defineSubject(svc, 'notices', 'list', ListNoticesQuery).returns<Page<TargetedNoticeView>>(),
  recordReferral: defineSubject(svc, 'referrals', 'record', RecordReferralRequest).returns<ReferralView>(),
  noticeStatistics: defineSubject(svc, 'notices', 'statistics', NoticeStatisticsQuery).returns<NoticeStatisticsView>(),
} as const;
