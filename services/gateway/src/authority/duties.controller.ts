import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AUTHORITY_SUBJECTS,
  AdmissionDecisionRequest,
  AdmissionSummaryView,
  AdmissionView,
  DutyRoutingQuery,
  DutyRoutingView,
  DutyStatisticsQuery,
  DutyStatisticsView,
  DutyView,
  IdParam,
  ListAdmissionsQuery,
  ListDutiesQuery,
  SubmitAdmissionRequest,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

/** A whole county list (hundreds of duties × every town) is checked on submission and listed on approval. */
const BULK_TIMEOUT_MS = 60_000;

@ApiTags('职责清单与职责准入 Duty lists and duty admission')
@ApiBearerAuth()
@Controller()
export class DutiesController {
  constructor(private readonly client: ServiceClient) {}

  @Post('duty-admissions')
  @Roles('department_staff')
  @ApiOperation({
    summary: '提出职责准入申请 Apply to add duties to towns',
    description: '县级职能部门书面申请 → 县级编办审核 → 市级编办审核 → 县委县政府批准;批准后方列入乡镇职责清单。 County department → county staffing office → city staffing office → county leadership; only then do the duties enter the towns\' lists.',
  })
  @ApiCreatedResponse({ type: AdmissionView })
  submit(@Body() body: SubmitAdmissionRequest): Promise<RawJson<AdmissionView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.submitAdmission, body, { timeoutMs: BULK_TIMEOUT_MS });
  }

  @Get('duty-admissions')
  @ApiOperation({ summary: '职责准入申请列表(含办理过程,不含职责明细) Duty admissions with their steps; the duties themselves are in the detail' })
  @ApiPage(AdmissionSummaryView)
  list(@Query() query: ListAdmissionsQuery): Promise<RawJson<Page<AdmissionSummaryView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listAdmissions, query);
  }

  @Get('duty-admissions/:id')
  @ApiOperation({ summary: '职责准入申请详情(含办理过程) Duty admission with its steps' })
  @ApiOkResponse({ type: AdmissionView })
  get(@Param() params: IdParam): Promise<RawJson<AdmissionView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.getAdmission, params);
  }

  @Post('duty-admissions/:id/decisions')
  @HttpCode(200)
  @Roles('staffing_officer', 'county_leader', 'department_staff')
  @ApiOperation({ summary: '审核/批准/撤回 Review, approve, refuse or withdraw', description: '每个环节只能由对应角色办理;不同意须说明理由。 Each step belongs to one role; a refusal needs reasons.' })
  @ApiOkResponse({ type: AdmissionView })
  decide(@Param() params: IdParam, @Body() body: AdmissionDecisionRequest): Promise<RawJson<AdmissionView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.decideAdmission, { ...body, id: params.id }, { timeoutMs: BULK_TIMEOUT_MS });
  }

  @Get('duties')
  @ApiOperation({ summary: '乡镇职责清单 Town duty lists' })
  @ApiPage(DutyView)
  listDuties(@Query() query: ListDutiesQuery): Promise<RawJson<Page<DutyView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listDuties, query);
  }

  @Get('duty-routing')
  @ApiOperation({ summary: '按职责清单确定承办机构 Who handles this category of event in this town' })
  @ApiOkResponse({ type: DutyRoutingView })
  route(@Query() query: DutyRoutingQuery): Promise<RawJson<DutyRoutingView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.routeDuty, query);
  }

  @Get('duty-statistics')
  @ApiOperation({ summary: '职责清单统计 Duty statistics', description: '如县乡共同承担事项中县级主体与乡镇主体的划分。 e.g. shared duties split county-led vs town-led.' })
  @ApiOkResponse({ type: DutyStatisticsView })
  statistics(@Query() query: DutyStatisticsQuery): Promise<RawJson<DutyStatisticsView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.dutyStatistics, query);
  }
}
