import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  CASE_TRANSITIONS,
  CaseDocumentView,
  CaseStepRequest,
  CaseView,
  CountyParam,
  ENFORCEMENT_CASE_SUBJECTS,
  ENFORCEMENT_SUBJECTS,
  EvidenceRequest,
  EvidenceView,
  HearingThresholdsRequest,
  IdParam,
  PageQuery,
  PreservationDecisionRequest,
  PreservationRequest,
  PreservationView,
  RecusalRequest,
  type CaseAction,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Attachments } from '../attachments/attachments';
import { CurrentPrincipal, Roles, StepRoles, type Principal } from '../auth/principal';
import { ApiPage } from '../http/page';

const READERS = ['enforcement_officer', 'leader', 'legal_reviewer', 'department_staff', 'county_admin', 'county_leader'] as const;
const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/**
 * The ordinary procedure (一般程序) after filing: one route per lifecycle step (the role from the
 * transition table), the investigation's records and the numbered documents, printable.
 */
@ApiTags('综合执法 Comprehensive enforcement')
@ApiBearerAuth()
@Controller('enforcement')
export class EnforcementCasesController {
  constructor(
    private readonly client: ServiceClient,
    private readonly attachments: Attachments,
  ) {}

  @Post('cases/:id/notify')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'notify')
  @ApiOperation({ summary: '事先告知 Prior notice', description: '载明违法事实、依据、拟处罚与权利;陈述申辩期限默认3个工作日(可设定);拟处罚达到县定听证标准或属吊销许可证件、责令停产停业等的,当事人可在5个工作日内要求听证。编号事先告知书。 States facts, grounds, the proposed penalty and the rights; statements run 3 working days by default; a hearing may be requested within 5 working days where the penalty qualifies. Issues the numbered prior notice.' })
  @ApiOkResponse({ type: CaseView })
  notify(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'notify', body);
  }

  @Post('cases/:id/request-hearing')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'request_hearing')
  @ApiOperation({ summary: '登记听证申请 Record a hearing request', description: '仅当拟处罚符合听证条件且在告知之日起5个工作日内。 Only where the penalty qualifies, within 5 working days of the notice.' })
  @ApiOkResponse({ type: CaseView })
  requestHearing(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'request_hearing', body);
  }

  @Post('cases/:id/close-statements')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'close_statements')
  @ApiOperation({ summary: '陈述申辩完毕 Close statements', description: '期满,或记录当事人的陈述申辩(或放弃)。 When the periods have run, or with the party\'s statements or waiver recorded.' })
  @ApiOkResponse({ type: CaseView })
  closeStatements(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'close_statements', body);
  }

  @Post('cases/:id/notice-hearing')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'notice_hearing')
  @ApiOperation({ summary: '通知听证 Notice the hearing', description: '听证日期须在通知之日起至少7个工作日后,主持人为非本案调查人员。编号听证通知书。 At least 7 working days ahead, presided by an officer not on the case. Issues the numbered hearing notice.' })
  @ApiOkResponse({ type: CaseView })
  noticeHearing(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'notice_hearing', body);
  }

  @Post('cases/:id/record-hearing')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'record_hearing')
  @ApiOperation({ summary: '记录听证 Record the hearing', description: '听证笔录;当事人无正当理由未出席的视为放弃听证。听证后须法制审核。 The record; a no-show is a waiver. Legal review follows a hearing.' })
  @ApiOkResponse({ type: CaseView })
  recordHearing(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'record_hearing', body);
  }

  @Post('cases/:id/submit-legal-review')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'submit_legal_review')
  @ApiOperation({ summary: '提交法制审核 Submit for legal review', description: '第五十八条:事项要求、经过听证、重大或复杂案件须法制审核。 Art. 58.' })
  @ApiOkResponse({ type: CaseView })
  submitLegalReview(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'submit_legal_review', body);
  }

  @Post('cases/:id/pass-legal-review')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'pass_legal_review')
  @ApiOperation({ summary: '法制审核通过 Pass legal review', description: '由非本案执法人员的法制审核人员作出。 By a legal reviewer who is not an officer of the case.' })
  @ApiOkResponse({ type: CaseView })
  passLegalReview(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'pass_legal_review', body);
  }

  @Post('cases/:id/return-for-investigation')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'return_for_investigation')
  @ApiOperation({ summary: '退回补充调查 Return for further investigation', description: '须说明理由。 With reasons.' })
  @ApiOkResponse({ type: CaseView })
  returnForInvestigation(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'return_for_investigation', body);
  }

  @Post('cases/:id/submit-discussion')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'submit_discussion')
  @ApiOperation({ summary: '提交集体讨论 Submit to collective discussion', description: '重大案件(第五十七条)。 Major cases (art. 57).' })
  @ApiOkResponse({ type: CaseView })
  submitDiscussion(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'submit_discussion', body);
  }

  @Post('cases/:id/record-discussion')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'record_discussion')
  @ApiOperation({ summary: '记录集体讨论结论 Record the collective discussion', description: '须记录讨论结论。 With its conclusion.' })
  @ApiOkResponse({ type: CaseView })
  recordDiscussion(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'record_discussion', body);
  }

  @Post('cases/:id/decide-penalty')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'decide_penalty')
  @ApiOperation({ summary: '作出行政处罚决定 Decide the penalty', description: '在事项裁量基准内,或偏离时说明理由;不得重于事先告知的处罚。编号行政处罚决定书,发布 penalty.decided。 Inside the discretion band, or outside with reasons; never heavier than notified. Issues the numbered decision and publishes penalty.decided.' })
  @ApiOkResponse({ type: CaseView })
  decidePenalty(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'decide_penalty', body);
  }

  @Post('cases/:id/decide-no-penalty')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'decide_no_penalty')
  @ApiOperation({ summary: '不予行政处罚 Decide no penalty', description: '载明情形(含首违不罚,第三十三条)与理由。 With the ground (incl. first violation, art. 33) and reasons.' })
  @ApiOkResponse({ type: CaseView })
  decideNoPenalty(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'decide_no_penalty', body);
  }

  @Post('cases/:id/refer-to-judiciary')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'refer_to_judiciary')
  @ApiOperation({ summary: '移送司法机关 Refer to the judiciary', description: '须说明理由。 With reasons.' })
  @ApiOkResponse({ type: CaseView })
  referToJudiciary(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'refer_to_judiciary', body);
  }

  @Post('cases/:id/extend')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'extend')
  @ApiOperation({ summary: '延长办案期限 Extend the decision period', description: '负责人批准,载明天数与理由;期限末日为节假日的顺延。 Approved by the leader with days and reasons; a due date in a holiday moves to the next working day.' })
  @ApiOkResponse({ type: CaseView })
  extend(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'extend', body);
  }

  @Post('cases/:id/serve')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'serve')
  @ApiOperation({ summary: '送达 Serve the decision', description: '决定之日起7个工作日内,记录送达方式;罚款自送达之日起15日内缴纳。编号送达回证。 Within 7 working days, with the method; the fine is due 15 calendar days after service. Issues the numbered service receipt.' })
  @ApiOkResponse({ type: CaseView })
  serve(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'serve', body);
  }

  @Post('cases/:id/approve-deferral')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'approve_deferral')
  @ApiOperation({ summary: '批准暂缓或分期缴纳 Approve deferral or instalments', description: '负责人批准,载明理由。 By the leader, with reasons.' })
  @ApiOkResponse({ type: CaseView })
  approveDeferral(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'approve_deferral', body);
  }

  @Post('cases/:id/record-payment')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'record_payment')
  @ApiOperation({ summary: '登记缴款 Record payment', description: '逾期的每日加处罚款3%,不超过罚款数额(第七十二条)。 After the due date 3 % a day is added, capped at the fine (art. 72).' })
  @ApiOkResponse({ type: CaseView })
  recordPayment(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'record_payment', body);
  }

  @Post('cases/:id/close')
  @HttpCode(200)
  @StepRoles(CASE_TRANSITIONS, 'close')
  @ApiOperation({ summary: '结案 Close the case', description: '须结案报告;罚款未缴清的不得结案。编号结案报告,发布 case.closed。 With the closing report; not while a fine is unpaid. Issues the numbered closing report and publishes case.closed.' })
  @ApiOkResponse({ type: CaseView })
  close(@Param() params: IdParam, @Body() body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.step(params.id, 'close', body);
  }

  @Post('cases/:id/evidence')
  @Roles('enforcement_officer')
  @ApiOperation({ summary: '登记证据 Record evidence', description: '证据种类、内容、收集人(本案执法人员)、收集时间、附件(先经 POST /attachments 上传,以内容哈希引用)。 Type, description, collector (an officer of the case), time, attachments by content hash.' })
  @ApiCreatedResponse({ type: EvidenceView })
  async addEvidence(@Param() params: IdParam, @Body() body: EvidenceRequest, @CurrentPrincipal() principal: Principal): Promise<RawJson<EvidenceView>> {
    await this.attachments.claim(principal.actor, body.attachments ?? []);
    return this.client.requestRaw(ENFORCEMENT_CASE_SUBJECTS.addEvidence, { ...body, id: params.id });
  }

  @Get('cases/:id/evidence')
  @Roles(...READERS)
  @ApiOperation({ summary: '证据清单 Evidence of a case' })
  @ApiPage(EvidenceView)
  listEvidence(@Param() params: IdParam, @Query() query: PageQuery): Promise<RawJson<Page<EvidenceView>>> {
    return this.client.requestRaw(ENFORCEMENT_CASE_SUBJECTS.listEvidence, { ...query, id: params.id });
  }

  @Post('cases/:id/recusals')
  @Roles('leader')
  @ApiOperation({ summary: '回避决定 Record a recusal', description: '负责人决定;回避的执法人员退出本案,可指定持证替换人员,承办人员不少于两名。 The leader decides; a recused officer leaves the case, a certified replacement may join; at least two officers remain.' })
  @ApiCreatedResponse({ type: CaseView })
  recordRecusal(@Param() params: IdParam, @Body() body: RecusalRequest): Promise<RawJson<CaseView>> {
    return this.client.requestRaw(ENFORCEMENT_CASE_SUBJECTS.recordRecusal, { ...body, id: params.id });
  }

  @Post('cases/:id/preservations')
  @Roles('leader')
  @ApiOperation({ summary: '先行登记保存 Register and preserve evidence', description: '负责人批准;7个工作日内作出处理决定。编号先行登记保存通知书。 With the leader\'s approval; decided within 7 working days. Issues the numbered notice.' })
  @ApiCreatedResponse({ type: PreservationView })
  preserve(@Param() params: IdParam, @Body() body: PreservationRequest): Promise<RawJson<PreservationView>> {
    return this.client.requestRaw(ENFORCEMENT_CASE_SUBJECTS.preserve, { ...body, id: params.id });
  }

  @Post('cases/:id/preservations/:preservationId/decide')
  @HttpCode(200)
  @Roles('leader')
  @ApiOperation({ summary: '先行登记保存处理决定 Decide on preserved goods' })
  @ApiOkResponse({ type: PreservationView })
  decidePreservation(@Param('id') id: string, @Param('preservationId') preservationId: string, @Body() body: PreservationDecisionRequest): Promise<RawJson<PreservationView>> {
    return this.client.requestRaw(ENFORCEMENT_CASE_SUBJECTS.decidePreservation, { ...body, id, preservationId });
  }

  @Get('cases/:id/preservations')
  @Roles(...READERS)
  @ApiOperation({ summary: '先行登记保存记录 Preservations of a case' })
  @ApiPage(PreservationView)
  listPreservations(@Param() params: IdParam, @Query() query: PageQuery): Promise<RawJson<Page<PreservationView>>> {
    return this.client.requestRaw(ENFORCEMENT_CASE_SUBJECTS.listPreservations, { ...query, id: params.id });
  }

  @Get('cases/:id/documents')
  @Roles(...READERS)
  @ApiOperation({ summary: '执法文书 Documents of a case', description: '立案审批表、先行登记保存通知书、事先告知书、听证通知书、处罚决定书、送达回证、结案报告,每支队伍每年连续编号。 Numbered per team and year.' })
  @ApiPage(CaseDocumentView)
  listDocuments(@Param() params: IdParam, @Query() query: PageQuery): Promise<RawJson<Page<CaseDocumentView>>> {
    return this.client.requestRaw(ENFORCEMENT_CASE_SUBJECTS.listDocuments, { ...query, id: params.id });
  }

  @Get('cases/:id/documents/:documentId/print')
  @Roles(...READERS)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', PRINT_CSP)
  @ApiProduces('text/html')
  @ApiOperation({ summary: '打印执法文书 Print a document', description: '可直接打印的完整 HTML 页面(A4,不引用外部资源)。 A self-contained printable A4 HTML page.' })
  @ApiOkResponse({ description: '可打印的 HTML 页面 A printable HTML page', content: { 'text/html': { schema: { type: 'string' } } } })
  async printDocument(@Param('id') id: string, @Param('documentId') documentId: string): Promise<string> {
    return (await this.client.request(ENFORCEMENT_CASE_SUBJECTS.printDocument, { id, documentId })).html;
  }

  @Get('on-the-spot-penalties/:id/print')
  @Roles(...READERS)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', PRINT_CSP)
  @ApiProduces('text/html')
  @ApiOperation({ summary: '打印当场处罚决定书 Print an on-the-spot decision' })
  @ApiOkResponse({ description: '可打印的 HTML 页面 A printable HTML page', content: { 'text/html': { schema: { type: 'string' } } } })
  async printOnTheSpot(@Param() params: IdParam): Promise<string> {
    return (await this.client.request(ENFORCEMENT_CASE_SUBJECTS.printOnTheSpot, { id: params.id })).html;
  }

  @Get('hearing-thresholds/:countyCode')
  @Roles(...READERS)
  @ApiOperation({ summary: '听证标准 The county\'s hearing thresholds', description: '罚款或没收达到该数额的,当事人可要求听证(未设定时为默认值)。 Fines or confiscations from this amount entitle the party to a hearing (defaults until set).' })
  @ApiOkResponse({ type: HearingThresholdsRequest })
  getHearingThresholds(@Param() params: CountyParam): Promise<RawJson<HearingThresholdsRequest>> {
    return this.client.requestRaw(ENFORCEMENT_CASE_SUBJECTS.getHearingThresholds, params);
  }

  @Put('hearing-thresholds/:countyCode')
  @Roles('county_admin')
  @ApiOperation({ summary: '设定听证标准 Set the county\'s hearing thresholds' })
  @ApiOkResponse({ type: HearingThresholdsRequest })
  setHearingThresholds(@Param() params: CountyParam, @Body() body: HearingThresholdsRequest): Promise<RawJson<HearingThresholdsRequest>> {
    return this.client.requestRaw(ENFORCEMENT_CASE_SUBJECTS.setHearingThresholds, { ...body, countyCode: params.countyCode });
  }

  private step(id: string, action: CaseAction, body: CaseStepRequest): Promise<RawJson<CaseView>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.takeCaseStep, { ...body, id, action });
  }
}
