import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CompleteSupervisionTaskRequest, ENFORCEMENT_STATISTICS_SUBJECTS, IdParam, OfficerWorkloadQuery, OfficerWorkloadView, StatisticsQuery, StatisticsView, SUPERVISION_RESULT_SUBJECTS, SupervisionTaskView, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

const READERS = ['enforcement_officer', 'leader', 'legal_reviewer', 'department_staff', 'county_admin', 'county_leader'] as const;

@ApiTags('综合执法 Comprehensive enforcement')
@ApiBearerAuth()
@Controller('enforcement')
export class EnforcementStatisticsController {
  constructor(private readonly client: ServiceClient) {}

  @Get('statistics')
  @Roles(...READERS)
  @ApiOperation({
    summary: '查询统计(按队伍) Statistics per team and for the scope',
    description:
      '统计期内:按阶段的线索与案件、立案、当场处罚、罚款决定/收缴/未缴、监管任务及办结、双随机抽查;截至今天:各项期限即将到期与已超期。每支队伍(乡镇)一行并附合计。 For the period: cases by stage, filings, on-the-spot penalties, fines decided / collected / outstanding, supervision tasks and those done, random checks; as of today: each clock due soon and overdue. One row per team (town) and a total.',
  })
  @ApiOkResponse({ type: StatisticsView })
  byTeam(@Query() query: StatisticsQuery): Promise<RawJson<StatisticsView>> {
    return this.client.requestRaw(ENFORCEMENT_STATISTICS_SUBJECTS.byTeam, query);
  }

  @Get('statistics/officers')
  @Roles(...READERS)
  @ApiOperation({ summary: '执法人员工作量 Workload per officer', description: '在办案件(已立案未办结),统计期内承办立案、当场处罚与双随机检查。 Open cases; cases filed, on-the-spot penalties and random checks in the period.' })
  @ApiPage(OfficerWorkloadView)
  officers(@Query() query: OfficerWorkloadQuery): Promise<RawJson<Page<OfficerWorkloadView>>> {
    return this.client.requestRaw(ENFORCEMENT_STATISTICS_SUBJECTS.officers, query);
  }

  @Post('supervision-tasks/:id/complete')
  @HttpCode(200)
  @Roles('enforcement_officer', 'leader')
  @ApiOperation({ summary: '监管任务办结 Complete a supervision task', description: '记录检查情况并办结;已办结或已转线索的为409。 Records what the inspection found and closes the task; one no longer open is 409.' })
  @ApiOkResponse({ type: SupervisionTaskView })
  completeTask(@Param() params: IdParam, @Body() body: CompleteSupervisionTaskRequest): Promise<RawJson<SupervisionTaskView>> {
    return this.client.requestRaw(SUPERVISION_RESULT_SUBJECTS.complete, { ...body, id: params.id });
  }
}
