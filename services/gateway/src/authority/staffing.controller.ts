import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AUTHORITY_SUBJECTS,
  CreateDispatchedAgencyRequest,
  CreateSentDownStaffRequest,
  DispatchedAgencyView,
  EndSentDownStaffRequest,
  IdParam,
  ListDispatchedAgenciesQuery,
  ListSentDownStaffQuery,
  ListTownQuotasQuery,
  PageQuery,
  SentDownStaffView,
  SetTownQuotaRequest,
  StaffingStatisticsQuery,
  StaffingStatisticsView,
  TownCodeParam,
  TownQuotaChangeView,
  TownQuotaView,
  UpdateDispatchedAgencyRequest,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('资源下沉 Staffing and dispatched agencies')
@ApiBearerAuth()
@Controller()
export class StaffingController {
  constructor(private readonly client: ServiceClient) {}

  @Put('towns/:townCode/staffing-quota')
  @Roles('county_admin', 'staffing_officer')
  @ApiOperation({ summary: '核定乡镇编制 Set a town\'s administrative and institutional quotas', description: '每次调整均留存历史。 Every change is kept in history.' })
  @ApiOkResponse({ type: TownQuotaView })
  setQuota(@Param() params: TownCodeParam, @Body() body: SetTownQuotaRequest): Promise<RawJson<TownQuotaView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.setTownQuota, { ...body, townCode: params.townCode });
  }

  @Get('towns/:townCode/staffing-quota/history')
  @ApiOperation({ summary: '乡镇编制调整历史 Quota history of a town' })
  @ApiPage(TownQuotaChangeView)
  quotaHistory(@Param() params: TownCodeParam, @Query() query: PageQuery): Promise<RawJson<Page<TownQuotaChangeView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.townQuotaHistory, { ...query, townCode: params.townCode });
  }

  @Get('town-quotas')
  @ApiOperation({ summary: '乡镇编制列表 Town quotas in your jurisdiction' })
  @ApiPage(TownQuotaView)
  listQuotas(@Query() query: ListTownQuotasQuery): Promise<RawJson<Page<TownQuotaView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listTownQuotas, query);
  }

  @Post('sent-down-staff')
  @Roles('county_admin', 'staffing_officer')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '登记下沉人员(县管镇用) Register a person sent down to a town', description: '派出部门须为本县县级部门。 Sent by a county department of the town\'s county.' })
  @ApiCreatedResponse({ type: SentDownStaffView })
  createSentDownStaff(@Body() body: CreateSentDownStaffRequest): Promise<RawJson<SentDownStaffView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.createSentDownStaff, body);
  }

  @Get('sent-down-staff')
  @ApiOperation({ summary: '下沉人员列表 Sent-down staff in your jurisdiction' })
  @ApiPage(SentDownStaffView)
  listSentDownStaff(@Query() query: ListSentDownStaffQuery): Promise<RawJson<Page<SentDownStaffView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listSentDownStaff, query);
  }

  @Get('sent-down-staff/:id')
  @ApiOperation({ summary: '下沉人员详情 Sent-down staff record' })
  @ApiOkResponse({ type: SentDownStaffView })
  getSentDownStaff(@Param() params: IdParam): Promise<RawJson<SentDownStaffView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.getSentDownStaff, params);
  }

  @Post('sent-down-staff/:id/end')
  @HttpCode(200)
  @Roles('county_admin', 'staffing_officer')
  @ApiOperation({ summary: '结束下沉 End a posting' })
  @ApiOkResponse({ type: SentDownStaffView })
  endSentDownStaff(@Param() params: IdParam, @Body() body: EndSentDownStaffRequest): Promise<RawJson<SentDownStaffView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.endSentDownStaff, { ...body, id: params.id });
  }

  @Post('dispatched-agencies')
  @Roles('county_admin', 'staffing_officer')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '登记派驻机构 Register a dispatched agency',
    description: '派驻机构年度考核中乡镇权重不得低于50%(422 DISPATCHED_AGENCY_WEIGHT_TOO_LOW)。 A dispatched agency gives the town at least 50 % of its annual assessment.',
  })
  @ApiCreatedResponse({ type: DispatchedAgencyView })
  createAgency(@Body() body: CreateDispatchedAgencyRequest): Promise<RawJson<DispatchedAgencyView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.createDispatchedAgency, body);
  }

  @Get('dispatched-agencies')
  @ApiOperation({ summary: '派驻机构列表 Dispatched agencies in your jurisdiction' })
  @ApiPage(DispatchedAgencyView)
  listAgencies(@Query() query: ListDispatchedAgenciesQuery): Promise<RawJson<Page<DispatchedAgencyView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listDispatchedAgencies, query);
  }

  @Get('dispatched-agencies/:id')
  @ApiOperation({ summary: '派驻机构详情 Dispatched agency' })
  @ApiOkResponse({ type: DispatchedAgencyView })
  getAgency(@Param() params: IdParam): Promise<RawJson<DispatchedAgencyView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.getDispatchedAgency, params);
  }

  @Put('dispatched-agencies/:id')
  @Roles('county_admin', 'staffing_officer')
  @ApiOperation({ summary: '调整管理方式或考核权重 Change the management mode or the town\'s weight' })
  @ApiOkResponse({ type: DispatchedAgencyView })
  updateAgency(@Param() params: IdParam, @Body() body: UpdateDispatchedAgencyRequest): Promise<RawJson<DispatchedAgencyView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.updateDispatchedAgency, { ...body, id: params.id });
  }

  @Get('staffing-statistics')
  @ApiOperation({ summary: '资源下沉统计 Staffing statistics per county', description: '各乡镇编制数(当前)、下沉人员数(当日)、机构数及合计、镇均数。 Quotas (current), sent-down staff (on the date) and agencies per town, totals and averages.' })
  @ApiOkResponse({ type: StaffingStatisticsView })
  statistics(@Query() query: StaffingStatisticsQuery): Promise<RawJson<StaffingStatisticsView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.staffingStatistics, query);
  }
}
