import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CASE_TRANSITIONS, CaseStepRequest, CaseView, ENFORCEMENT_SUBJECTS, IdParam, ListCasesQuery, RaiseClueRequest, RegisterClueRequest, type CaseAction, ListSupervisionTasksQuery, OnTheSpotPenaltyRequest, OnTheSpotPenaltyView, SupervisionTaskView, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles, StepRoles } from '../auth/principal';
import { ApiPage } from '../http/page';

const READERS = ['enforcement_officer', 'leader', 'legal_reviewer', 'department_staff', 'county_admin', 'county_leader'] as const;

@ApiTags('综合执法 Comprehensive enforcement')
@ApiBearerAuth()
@Controller('enforcement')
export class EnforcementController {
  constructor(private readonly client: ServiceClient) {}

  @Post('on-the-spot-penalties')
  @Roles('enforcement_officer')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '当场处罚(简易程序) Decide an on-the-spot penalty',
    description:
      '持证执法人员对本镇持有的处罚事项当场作出警告或罚款(公民≤200元、法人或其他组织≤3000元),编号当场处罚决定书;当场收缴限100元以内(事后缴纳确有困难并记录理由的除外)。超限:422,错误码指明所超限额,不写入任何数据。 A certified officer decides a warning or a fine (≤ 200 yuan on a citizen, ≤ 3,000 yuan on an organisation) for a penalty item the town holds, with a numbered decision form; on-the-spot collection ≤ 100 yuan unless a reason is recorded. Beyond a limit: 422 with the limit\'s code, nothing written.',
  })
  @ApiCreatedResponse({ type: OnTheSpotPenaltyView })
  @ApiUnprocessableEntityResponse({ description: 'SIMPLIFIED_FINE_LIMIT_EXCEEDED, ON_THE_SPOT_COLLECTION_LIMIT_EXCEEDED, ITEM_NOT_HELD, OFFICER_NOT_CERTIFIED' })
  decideOnTheSpot(@Body() body: OnTheSpotPenaltyRequest): Promise<RawJson<OnTheSpotPenaltyView>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.decideOnTheSpot, body);
  }

  @Get('on-the-spot-penalties/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: '当场处罚详情 One on-the-spot penalty', description: '当事人证件号码与电话脱敏。 The party\'s ID number and phone are masked.' })
  @ApiOkResponse({ type: OnTheSpotPenaltyView })
  getOnTheSpot(@Param() params: IdParam): Promise<RawJson<OnTheSpotPenaltyView>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.getOnTheSpot, { id: params.id });
  }

  @Get('supervision-tasks')
  @Roles(...READERS)
  @ApiOperation({ summary: '审管联动监管任务 Post-approval supervision tasks', description: '每项审批许可生成一项监管任务(恰好一次)。 Each approval becomes exactly one supervision task.' })
  @ApiPage(SupervisionTaskView)
  listSupervisionTasks(@Query() query: ListSupervisionTasksQuery): Promise<RawJson<Page<SupervisionTaskView>>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.listSupervisionTasks, query);
  }

  @Post('supervision-tasks/:id/raise-clue')
  @Roles('enforcement_officer')
  @ApiOperation({ summary: '监管任务发现问题转为线索 Raise a clue from a supervision task', description: '一项监管任务至多转一条线索。 A task raises one clue at most.' })
  @ApiCreatedResponse({ type: CaseView })
  raiseClue(@Param() params: IdParam, @Body() body: RaiseClueRequest): Promise<RawJson<CaseView>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.raiseClue, { ...body, id: params.id });
  }

  @Post('clues')
  @Roles('enforcement_officer')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '线索登记 Register a clue', description: '来源:投诉举报、巡查、监管任务、网格事件、12345工单、移送、双随机抽查。当事人证件号码与电话加密保存、脱敏显示。 Sources: complaint, inspection, supervision task, grid event, work order, referral, random check. The party\'s ID and phone are kept encrypted and shown masked.' })
  @ApiCreatedResponse({ type: CaseView })
  registerClue(@Body() body: RegisterClueRequest): Promise<RawJson<CaseView>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.registerClue, body);
  }

  @Get('cases')
  @Roles(...READERS)
  @ApiOperation({ summary: '线索与案件(按阶段) Clues and cases, by stage' })
  @ApiPage(CaseView)
  listCases(@Query() query: ListCasesQuery): Promise<RawJson<Page<CaseView>>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.listCases, query);
  }

  @Get('cases/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: '案件详情 One clue or case', description: '辖区外的案件视为不存在(404)。 A case outside your jurisdiction is not found (404).' })
  @ApiOkResponse({ type: CaseView })
  getCase(@Param() params: IdParam): Promise<RawJson<CaseView>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.getCase, { id: params.id });
  }

  @Post('cases/:id/propose-filing')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'propose_filing')
  @ApiOperation({
    summary: '核查:拟立案 Propose filing',
    description: '确定处罚事项、违法行为日期与承办人员;超过追责时效(2年/5年)的拒绝并列明日期;违法行为发生之日本镇未持有该事项的,移送目录所列县级部门。 Sets the item, violation date and officers; beyond the limitation period it is refused with the dates; an item the town did not hold on the violation date sends the clue to the county department the catalog names.',
  })
  @ApiOkResponse({ type: CaseView })
  proposeFiling(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'propose_filing', body);
  }

  @Post('cases/:id/decline')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'decline')
  @ApiOperation({ summary: '核查:不予立案(须说明理由) Decline to file, with reasons' })
  @ApiOkResponse({ type: CaseView })
  decline(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'decline', body);
  }

  @Post('cases/:id/transfer')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'transfer')
  @ApiOperation({ summary: '移送(有管辖权的机关或县级部门) Transfer the clue' })
  @ApiOkResponse({ type: CaseView })
  transfer(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'transfer', body);
  }

  @Post('cases/:id/file')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'file')
  @ApiOperation({
    summary: '批准立案 File the case',
    description: '负责人批准;至少两名承办执法人员,均须持有该事项执法资格(不具备的列明人员与原因);作出处罚决定期限为立案之日起90日,末日为节假日的顺延。 By the leader; at least two officers, each certified for the item (a refusal names the officer and the reason); the decision is due 90 calendar days after filing, moved past a holiday.',
  })
  @ApiOkResponse({ type: CaseView })
  file(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'file', body);
  }

  @Post('cases/:id/refuse-filing')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'refuse_filing')
  @ApiOperation({ summary: '不批准立案(须说明理由) Refuse filing, with reasons' })
  @ApiOkResponse({ type: CaseView })
  refuseFiling(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'refuse_filing', body);
  }

  private step(id: string, action: CaseAction, body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.takeCaseStep, { ...body, id, action });
  }
}
