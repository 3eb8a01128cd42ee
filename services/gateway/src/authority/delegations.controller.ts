import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AUTHORITY_SUBJECTS,
  AdjustDelegationRequest,
  DelegationChangeView,
  DelegationStatisticsQuery,
  DelegationStatisticsView,
  DelegationView,
  GrantDelegationsRequest,
  GrantDelegationsResult,
  IdParam,
  ListDelegationsQuery,
  PowerModeQuery,
  PowerModeView,
  TownPowerView,
  TownPowersQuery,
  WithdrawDelegationRequest,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('赋权 Delegation of county powers')
@ApiBearerAuth()
@Controller()
export class DelegationsController {
  constructor(private readonly client: ServiceClient) {}

  @Post('delegations')
  @Roles('province_admin', 'county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '批量赋权 Delegate items to towns',
    description: '多事项×多乡镇,附赋权决定文号、生效日期及1-3个月过渡期(过渡期内县级部门共同办理并兜底)。全部成功或全部不做。 Many items × many towns with the decision number, effective date and an optional 1–3 month transition; all or nothing.',
  })
  @ApiCreatedResponse({ type: GrantDelegationsResult })
  grant(@Body() body: GrantDelegationsRequest): Promise<RawJson<GrantDelegationsResult>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.grantDelegations, body);
  }

  @Get('delegations')
  @ApiOperation({ summary: '赋权列表 Delegations in your jurisdiction' })
  @ApiPage(DelegationView)
  list(@Query() query: ListDelegationsQuery): Promise<RawJson<Page<DelegationView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listDelegations, query);
  }

  @Post('delegations/:id/adjust')
  @HttpCode(200)
  @Roles('province_admin', 'county_admin')
  @ApiOperation({ summary: '调整过渡期 Adjust the transition period', description: '过渡期自生效日起最长3个月;不能改写过去。 At most 3 months from the effective date; the past is not rewritten.' })
  @ApiOkResponse({ type: DelegationView })
  adjust(@Param() params: IdParam, @Body() body: AdjustDelegationRequest): Promise<RawJson<DelegationView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.adjustDelegation, { ...body, id: params.id });
  }

  @Post('delegations/:id/withdraw')
  @HttpCode(200)
  @Roles('province_admin', 'county_admin')
  @ApiOperation({ summary: '收回赋权 Withdraw a delegation', description: '乡镇无力承接或造成办事不便时由县级收回。 When a town cannot carry the power.' })
  @ApiOkResponse({ type: DelegationView })
  withdraw(@Param() params: IdParam, @Body() body: WithdrawDelegationRequest): Promise<RawJson<DelegationView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.withdrawDelegation, { ...body, id: params.id });
  }

  @Get('delegations/:id/history')
  @ApiOperation({ summary: '赋权变更历史 Delegation history' })
  @ApiOkResponse({ type: [DelegationChangeView] })
  history(@Param() params: IdParam): Promise<RawJson<DelegationChangeView[]>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.delegationHistory, params);
  }

  @Get('power-mode')
  @ApiOperation({ summary: '乡镇某日是否可行使某项权力 Does town T hold power P on date D, and how' })
  @ApiOkResponse({ type: PowerModeView })
  mode(@Query() query: PowerModeQuery): Promise<RawJson<PowerModeView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.powerMode, query);
  }

  @Get('town-powers')
  @ApiOperation({ summary: '乡镇持有的权力事项 Powers a town holds on a date' })
  @ApiOkResponse({ type: [TownPowerView] })
  townPowers(@Query() query: TownPowersQuery): Promise<RawJson<TownPowerView[]>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.townPowers, query);
  }

  @Get('delegation-statistics')
  @ApiOperation({ summary: '赋权统计 Delegation statistics per county', description: '各乡镇许可服务类与行政处罚类事项数及镇均数。 Items per town and averages.' })
  @ApiOkResponse({ type: DelegationStatisticsView })
  statistics(@Query() query: DelegationStatisticsQuery): Promise<RawJson<DelegationStatisticsView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.delegationStatistics, query);
  }
}
