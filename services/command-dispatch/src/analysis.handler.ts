import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AnnualAssessmentQuery,
  ChannelReadingsCommand,
  COMMAND_ANALYSIS_SUBJECTS as S,
  CreateNoticeRequest,
  CreateWarningRuleRequest,
  EvaluateWarningRulesRequest,
  IdParam,
  IndicatorsQuery,
  ListNoticesQuery,
  ListWarningAlertsQuery,
  ListWarningRulesQuery,
  NoticeStatisticsQuery,
  PostReadingsRequest,
  RecordReferralRequest,
  SetNoticeChannelRequest,
  UpdateWarningRuleCommand,
} from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { Assessment } from './assessment/assessment';
import { PatternEvaluation } from './early-warning/pattern-evaluation';
import { RuleTimers } from './early-warning/rule-timers';
import { ReadingIntake } from './early-warning/reading-intake';
import { WarningAlerts } from './early-warning/warning-alerts';
import { WarningRules } from './early-warning/warning-rules';
import { Notices } from './notices/notices';

/** The command centre's analysis: early warning (研判预警), assessment (督查考核), targeted notices (精准推送). */
@Controller()
export class AnalysisHandler {
  constructor(
    private readonly rules: WarningRules,
    private readonly alerts: WarningAlerts,
    private readonly readings: ReadingIntake,
    private readonly patterns: PatternEvaluation,
    private readonly assessment: Assessment,
    private readonly notices: Notices,
  ) {}

  @Handles(S.createWarningRule)
  createRule(@Payload(command(S.createWarningRule)) cmd: Command<CreateWarningRuleRequest>) {
    return this.rules.create(cmd.actor, cmd.data);
  }

  @Handles(S.updateWarningRule)
  updateRule(@Payload(command(S.updateWarningRule)) cmd: Command<UpdateWarningRuleCommand>) {
    return this.rules.update(cmd.actor, cmd.data);
  }

  @Handles(S.listWarningRules)
  listRules(@Payload(command(S.listWarningRules)) cmd: Command<ListWarningRulesQuery>) {
    return this.rules.list(cmd.actor, cmd.data);
  }

  @Handles(S.getWarningRule)
  getRule(@Payload(command(S.getWarningRule)) cmd: Command<IdParam>) {
    return this.rules.get(cmd.actor, cmd.data.id);
  }

  @Handles(S.postReadings)
  postReadings(@Payload(command(S.postReadings)) cmd: Command<PostReadingsRequest>) {
    return this.readings.post(cmd.actor, cmd.data);
  }

  @Handles(S.postChannelReadings)
  postChannelReadings(@Payload(command(S.postChannelReadings)) cmd: Command<ChannelReadingsCommand>) {
    return this.readings.postFromChannel(cmd.actor, cmd.data);
  }

  @Handles(S.evaluateWarningRules)
  evaluate(@Payload(command(S.evaluateWarningRules)) cmd: Command<EvaluateWarningRulesRequest>) {
    return this.patterns.evaluate(cmd.actor, cmd.data);
  }

  @Handles(S.listWarningAlerts)
  listAlerts(@Payload(command(S.listWarningAlerts)) cmd: Command<ListWarningAlertsQuery>) {
    return this.alerts.list(cmd.actor, cmd.data);
  }

  @Handles(S.indicators)
  indicators(@Payload(command(S.indicators)) cmd: Command<IndicatorsQuery>) {
    return this.assessment.indicators(cmd.actor, cmd.data);
  }

  @Handles(S.annualAssessment)
  annual(@Payload(command(S.annualAssessment)) cmd: Command<AnnualAssessmentQuery>) {
    return this.assessment.annual(cmd.actor, cmd.data);
  }

  @Handles(S.setNoticeChannel)
  setChannel(@Payload(command(S.setNoticeChannel)) cmd: Command<SetNoticeChannelRequest>) {
    return this.notices.setChannel(cmd.actor, cmd.data);
  }

  @Handles(S.createNotice)
  createNotice(@Payload(command(S.createNotice)) cmd: Command<CreateNoticeRequest>) {
    return this.notices.create(cmd.actor, cmd.data);
  }

  @Handles(S.deliverNotice)
  deliver(@Payload(command(S.deliverNotice)) cmd: Command<IdParam>) {
    return this.notices.deliver(cmd.actor, cmd.data.id);
  }

  @Handles(S.getNotice)
  getNotice(@Payload(command(S.getNotice)) cmd: Command<IdParam>) {
    return this.notices.get(cmd.actor, cmd.data.id);
  }

  @Handles(S.listNotices)
  listNotices(@Payload(command(S.listNotices)) cmd: Command<ListNoticesQuery>) {
    return this.notices.list(cmd.actor, cmd.data);
  }

  @Handles(S.recordReferral)
  referral(@Payload(command(S.recordReferral)) cmd: Command<RecordReferralRequest>) {
    return this.notices.recordReferral(cmd.actor, cmd.data);
  }

  @Handles(S.noticeStatistics)
  statistics(@Payload(command(S.noticeStatistics)) cmd: Command<NoticeStatisticsQuery>) {
    return this.notices.statistics(cmd.actor, cmd.data);
  }
}

/** What the module registers for the analysis part. */
export const ANALYSIS_PROVIDERS = [WarningRules, WarningAlerts, ReadingIntake, PatternEvaluation, RuleTimers, Assessment, Notices];
