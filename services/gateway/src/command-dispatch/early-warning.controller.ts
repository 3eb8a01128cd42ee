import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  COMMAND_ANALYSIS_SUBJECTS as S,
  CreateWarningRuleRequest,
  EvaluateWarningRulesRequest,
  EvaluateWarningRulesResult,
  IdParam,
  ListWarningAlertsQuery,
  ListWarningRulesQuery,
  PostReadingsRequest,
  PostReadingsResult,
  UpdateWarningRuleBody,
  WarningAlertView,
  WarningRuleView,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

/** Evaluating a full batch raises its alerts and orders before answering: more than the default RPC wait. */
const BATCH_TIMEOUT_MS = 120_000;


/** 研判预警 Early warning: rules kept as data, the power company's readings, hotspot and repeat evaluation, alerts. */
@ApiTags('研判预警 Early warning')
@ApiBearerAuth()
@Controller()
export class EarlyWarningController {
  constructor(private readonly client: ServiceClient) {}

  @Post('warning-rules')
  @Roles('county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '新建预警规则 Create a rule',
    description:
      '县级管理员以数据维护规则,保存时校验:读数阈值(如空关户日用电量 > 阈值)、热点(D 天内 R 米内同类工单 ≥ N,H3 网格索引)、重复诉求(同一来电人或地址 D 天内 ≥ N 次)。 Rules as data, validated on save: reading thresholds, hotspots (H3), repeats.',
  })
  @ApiCreatedResponse({ type: WarningRuleView })
  @ApiUnprocessableEntityResponse({ description: 'WARNING_RULE_INVALID: 参数无效,逐项列出 Parameters invalid, each named (application/problem+json)' })
  create(@Body() body: CreateWarningRuleRequest): Promise<RawJson<WarningRuleView>> {
    return this.client.requestRaw(S.createWarningRule, body);
  }

  @Put('warning-rules/:id')
  @Roles('county_admin')
  @ApiOperation({ summary: '修改预警规则 Change a rule', description: '名称、参数、启停;类型不变。 Name, parameters, active; the kind never changes.' })
  @ApiOkResponse({ type: WarningRuleView })
  update(@Param() params: IdParam, @Body() body: UpdateWarningRuleBody): Promise<RawJson<WarningRuleView>> {
    return this.client.requestRaw(S.updateWarningRule, { ...body, id: params.id });
  }

  @Get('warning-rules')
  @Roles('county_admin', 'dispatcher', 'commander', 'county_leader')
  @ApiOperation({ summary: '预警规则列表 Rules of your county' })
  @ApiPage(WarningRuleView)
  list(@Query() query: ListWarningRulesQuery): Promise<RawJson<Page<WarningRuleView>>> {
    return this.client.requestRaw(S.listWarningRules, query);
  }

  @Get('warning-rules/:id')
  @Roles('county_admin', 'dispatcher', 'commander', 'county_leader')
  @ApiOperation({ summary: '预警规则 One rule' })
  @ApiOkResponse({ type: WarningRuleView })
  get(@Param() params: IdParam): Promise<RawJson<WarningRuleView>> {
    return this.client.requestRaw(S.getWarningRule, params);
  }

  @Post('meter-readings')
  @HttpCode(200)
  @Roles('dispatcher', 'county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '电力读数批量报送 Post a batch of readings',
    description:
      '供电公司日用电量,每批至多 10,000 条(JSON 或 CSV),同一电表同一日只收一次(重复以首次为准);随即按读数阈值规则研判:空关户用电超过阈值 → 预警 → 向该户所在网格的网格员派发核查走访工单。 Daily readings, up to 10,000 per request, idempotent per meter and day; evaluated at once: a vacant household above the threshold → an alert → a check-visit order to its grid worker.',
  })
  @ApiOkResponse({ type: PostReadingsResult })
  postReadings(@Body() body: PostReadingsRequest): Promise<RawJson<PostReadingsResult>> {
    return this.client.requestRaw(S.postReadings, body, { timeoutMs: BATCH_TIMEOUT_MS });
  }

  @Post('warning-rules/evaluate')
  @HttpCode(200)
  @Roles('dispatcher', 'commander')
  @ApiOperation({ summary: '研判 Evaluate hotspot and repeat rules', description: '对本县工单运行热点与重复诉求规则,每个新聚集或重复生成一条预警及调度工单。 Runs the hotspot and repeat rules; each new cluster or repeat raises an alert and an order.' })
  @ApiOkResponse({ type: EvaluateWarningRulesResult })
  evaluate(@Body() body: EvaluateWarningRulesRequest): Promise<RawJson<EvaluateWarningRulesResult>> {
    return this.client.requestRaw(S.evaluateWarningRules, body, { timeoutMs: BATCH_TIMEOUT_MS });
  }

  @Get('warning-alerts')
  @Roles('dispatcher', 'commander', 'county_admin', 'county_leader', 'leader')
  @ApiOperation({ summary: '预警列表 Alerts in your jurisdiction', description: '新者在前,附核查工单。 Newest first, with their work orders.' })
  @ApiPage(WarningAlertView)
  alerts(@Query() query: ListWarningAlertsQuery): Promise<RawJson<Page<WarningAlertView>>> {
    return this.client.requestRaw(S.listWarningAlerts, query);
  }
}
