import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { PageQuery } from '../common/pagination';
import { IsCalendarDate } from '../common/validators';
import { CASE_STATES, type CaseState } from './case-lifecycle';

/**
 * 案件的各项期限 The clocks of a case, each due on a date: 作出决定 (art. 60, 90 days), 陈述申辩,
 * 听证申请 (5 working days), 听证通知 (hearing date, noticed 7 working days before), 送达 (art. 61, 7
 * working days), 缴纳罚款 (art. 67, 15 days), 先行登记保存处理决定 (art. 56, 7 working days).
 */
export const CASE_CLOCKS = ['decision', 'statements', 'hearing_request', 'hearing', 'service', 'payment', 'preservation'] as const;
export type CaseClock = (typeof CASE_CLOCKS)[number];
export const CASE_CLOCK_LABELS: Record<CaseClock, string> = {
  decision: '作出处罚决定(立案之日起90日)',
  statements: '陈述申辩期',
  hearing_request: '听证申请期(5个工作日)',
  hearing: '举行听证(提前7个工作日通知)',
  service: '送达处罚决定书(7个工作日)',
  payment: '缴纳罚款(送达之日起15日)',
  preservation: '先行登记保存处理决定(7个工作日)',
};

/** At most this many days in one statistics period. */
export const MAX_STATISTICS_DAYS = 366;

export class StatisticsQuery {
  @ApiProperty({ description: '统计起始日(含) Period start, inclusive', example: '2026-01-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ description: '统计截止日(含) Period end, inclusive', example: '2026-12-31' })
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({ description: '范围(默认本人辖区;可收窄到所辖乡镇) Scope: your jurisdiction, or a town within it' })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode?: string;

  @ApiPropertyOptional({ description: '“即将到期”的天数(含今天之后N日) Due soon: due within this many days from today', default: 7, minimum: 0, maximum: 90 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(90)
  dueSoonDays?: number;
}

export class StageCountView {
  @ApiProperty({ description: '阶段 Stage', enum: CASE_STATES })
  stage: CaseState;

  @ApiProperty({ description: '件数 Count' })
  count: number;
}

export class ClockCountView {
  @ApiProperty({ description: '期限 Clock', enum: CASE_CLOCKS })
  clock: CaseClock;

  @ApiProperty({ description: '期限名称 Label' })
  label: string;

  @ApiProperty({ description: '即将到期(今天至N日内) Due soon (today to N days ahead)' })
  dueSoon: number;

  @ApiProperty({ description: '已超期 Overdue' })
  overdue: number;
}

/** 一支队伍(乡镇)或全县的统计 One team's (town's) figures, or the scope's total. */
export class TeamStatisticsView {
  @ApiProperty({ description: '乡镇(合计行为统计范围) Town code (the scope on the total row)' })
  jurisdictionCode: string;

  @ApiProperty({ description: '期内登记的线索与案件,按当前阶段 Clues and cases registered in the period, by current stage', type: [StageCountView] })
  casesByStage: StageCountView[];

  @ApiProperty({ description: '期内登记的线索与案件合计 Registered in the period' })
  casesRegistered: number;

  @ApiProperty({ description: '期内立案 Filed in the period' })
  casesFiled: number;

  @ApiProperty({ description: '各项期限:即将到期与已超期(截至今天,不限统计期) Each clock: due soon and overdue, as of today', type: [ClockCountView] })
  clocks: ClockCountView[];

  @ApiProperty({ description: '期内当场处罚件数 On-the-spot penalties decided in the period' })
  onTheSpotDecided: number;

  @ApiProperty({ description: '期内决定罚款(元) Fines decided in the period, yuan' })
  finesDecidedYuan: number;

  @ApiProperty({ description: '其中已收缴(元) Of which collected, yuan' })
  finesCollectedYuan: number;

  @ApiProperty({ description: '其中未缴(元)= 决定 − 收缴 Of which outstanding = decided − collected, yuan' })
  finesOutstandingYuan: number;

  @ApiProperty({ description: '期内生成的监管任务 Supervision tasks created in the period' })
  supervisionTasks: number;

  @ApiProperty({ description: '其中已办结(含转线索) Of which done (clue raised included)' })
  supervisionTasksDone: number;

  @ApiProperty({ description: '期内双随机抽中户数 Entities picked by random checks in the period' })
  randomChecksPicked: number;

  @ApiProperty({ description: '其中已录入结果 Of which with a result' })
  randomChecksRecorded: number;

  @ApiProperty({ description: '其中发现问题 Of which problems found' })
  randomChecksProblems: number;
}

export class StatisticsView {
  @ApiProperty({ description: '统计起始日 Period start' })
  from: string;

  @ApiProperty({ description: '统计截止日 Period end' })
  to: string;

  @ApiProperty({ description: '今天(期限统计基准) Today, the clocks\' reference' })
  today: string;

  @ApiProperty({ description: '每支队伍(乡镇)一行,有数据的才列出 One row per team (town) with any figure', type: [TeamStatisticsView] })
  teams: TeamStatisticsView[];

  @ApiProperty({ description: '合计 Total of the scope', type: TeamStatisticsView })
  total: TeamStatisticsView;
}

export class OfficerWorkloadQuery extends PageQuery {
  @ApiProperty({ description: '统计起始日(含) Period start', example: '2026-01-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ description: '统计截止日(含) Period end', example: '2026-12-31' })
  @IsCalendarDate()
  to: string;
}

/** 执法人员工作量 One officer's workload. */
export class OfficerWorkloadView {
  @ApiProperty({ description: '执法人员用户ID Officer user id' })
  officerId: string;

  @ApiProperty({ description: '在办案件(已立案未结案) Open cases (filed, not closed)' })
  openCases: number;

  @ApiProperty({ description: '期内立案的承办案件 Cases filed in the period with the officer' })
  casesFiled: number;

  @ApiProperty({ description: '期内当场处罚 On-the-spot penalties decided in the period' })
  onTheSpotDecided: number;

  @ApiProperty({ description: '期内双随机检查(抽中的检查任务) Random checks assigned in the period' })
  randomChecks: number;
}
