import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  APPLICATION_TRANSITIONS,
  APPROVAL_SUBJECTS,
  ApplicationFilterQuery,
  ApplicationHistoryEntryView,
  ApplicationStatisticsQuery,
  ApplicationStatisticsView,
  ApplicationStepResult,
  ApplicationView,
  ApproveRequest,
  DeadlinesQuery,
  DeadlinesView,
  IdParam,
  IssueCertificateRequest,
  ListApplicationsQuery,
  NotAcceptRequest,
  NoticeParams,
  NoticeView,
  OptionalReasonsRequest,
  ReasonsRequest,
  RegisterApplicationRequest,
  RejectRequest,
  RequestCorrectionRequest,
  ResubmitRequest,
  SuspendRequest,
  AssignHandlingOrganisationRequest,
  UnroutedApplicationsQuery,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Attachments } from '../attachments/attachments';
import { CurrentPrincipal, Roles, StepRoles, type Principal } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('审批服务一窗口 Approval window')
@ApiBearerAuth()
@Controller()
export class ApplicationsController {
  constructor(
    private readonly client: ServiceClient,
    private readonly attachments: Attachments,
  ) {}

  @Post('applications')
  @Roles('window_clerk')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '收件登记 Register an application',
    description:
      '一口受理、一窗通办:本镇窗口任一受理人员均可为本镇持有的事项登记申请;列明缺少的必要材料;材料齐全且 acceptNow 时当场受理。 Any clerk of the town\'s window registers an application for an item the town holds; missing required materials are listed; acceptNow accepts on the spot when complete.',
  })
  @ApiCreatedResponse({ type: ApplicationStepResult })
  async register(@Body() body: RegisterApplicationRequest, @CurrentPrincipal() principal: Principal): Promise<RawJson<ApplicationStepResult>> {
    await this.attachments.claim(principal.actor, body.materials.flatMap((m) => m.attachments ?? []));
    return this.client.requestRaw(APPROVAL_SUBJECTS.registerApplication, body);
  }

  @Get('applications')
  @ApiOperation({
    summary: '办件列表 Applications in your jurisdiction',
    description:
      '申请人证件号码与电话脱敏显示;按申请人证件号码或名称查询请用 POST /applications/search(个人信息不进网址)。 Applicant ID numbers and phones are masked; to search by applicant ID number or name use POST /applications/search (personal data never in a URL).',
  })
  @ApiPage(ApplicationView)
  list(@Query() query: ApplicationFilterQuery): Promise<RawJson<Page<ApplicationView>>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.listApplications, query);
  }

  @Post('applications/search')
  @HttpCode(200)
  @ApiOperation({
    summary: '办件查询 Search applications',
    description:
      '与办件列表相同,另可按申请人证件号码(精确,按密钥哈希)或名称查询;条件在请求体中,不进网址与访问日志。 As the list, also by applicant ID number (exact, by keyed hash) or name; the criteria travel in the body, never in a URL or the access log.',
  })
  @ApiPage(ApplicationView)
  search(@Body() body: ListApplicationsQuery): Promise<RawJson<Page<ApplicationView>>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.listApplications, body);
  }

  @Get('applications/unrouted')
  @ApiOperation({
    summary: '待指定承办机构的办件 Applications no organisation handles',
    description:
      '已受理(或中止计时)而职责清单未指定承办机构的办件,按登记先后;由镇分管领导经 assign-handling-organisation 指定。 Applications under review that the duty lists routed to no handling organisation, oldest first; the town leader assigns one through assign-handling-organisation.',
  })
  @ApiPage(ApplicationView)
  unrouted(@Query() query: UnroutedApplicationsQuery): Promise<RawJson<Page<ApplicationView>>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.listUnrouted, query);
  }

  @Get('applications/:id')
  @ApiOperation({ summary: '办件详情 One application' })
  @ApiOkResponse({ type: ApplicationView })
  get(@Param() params: IdParam): Promise<RawJson<ApplicationView>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.getApplication, { id: params.id });
  }

  @Get('applications/:id/notices')
  @ApiOperation({
    summary: '办件文书 Notices of an application',
    description: '可打印的收件凭证、受理通知书、补正材料通知书、不予受理决定书、许可决定书等。 Printable receipts and notices.',
  })
  @ApiOkResponse({ type: [NoticeView] })
  notices(@Param() params: IdParam): Promise<RawJson<NoticeView[]>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.listNotices, { id: params.id });
  }

  @Get('applications/:id/notices/:noticeId/print')
  @Header('Content-Type', 'text/html; charset=utf-8')
  // The page may carry a full ID number: not kept by browsers or proxies; it runs no script and loads nothing.
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
  @ApiProduces('text/html')
  @ApiOperation({
    summary: '打印文书 Print a notice',
    description:
      '返回可直接打印的完整 HTML 页面(A4 版式,不引用任何外部资源):文书名称、编号、出具机关、日期及正文要素。窗口受理人员、审批人员、分管领导打印完整证件号码(打印时解密),其他角色打印脱敏号码。每次打印均记入该办件的审计日志(谁打印、哪份文书、是否显示完整号码),不列入办理过程。 ' +
      'A self-contained printable HTML page (A4, no external resources): title, number, issuer, date and the notice\'s fields. Clerks, approvers and leaders get the full ID number (decrypted at print time), other readers the masked one. Every print is audited on the application (who, which notice, whether the full number was shown); prints are not listed in the history.',
  })
  @ApiOkResponse({ description: '可打印的 HTML 页面 A printable HTML page (text/html; charset=utf-8)', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiForbiddenResponse({ description: 'FORBIDDEN_ROLE:无查阅办件的角色 No role that reads applications (application/problem+json)' })
  @ApiNotFoundResponse({ description: 'APPLICATION_NOT_FOUND:办件不存在或不在管辖范围内;NOTICE_NOT_FOUND:该办件没有此文书 Application not found or outside your jurisdiction; NOTICE_NOT_FOUND: the application has no such notice (application/problem+json)' })
  async printNotice(@Param() params: NoticeParams): Promise<string> {
    const printed = await this.client.request(APPROVAL_SUBJECTS.printNotice, { id: params.id, noticeId: params.noticeId });
    return printed.html;
  }

  @Get('applications/:id/history')
  @ApiOperation({
    summary: '办理过程 History of an application',
    description: '谁审批谁负责:每一步的经办人、角色、日期、事由与依据,按先后。 Every step with who took it, their roles, the date, reasons and legal basis, in order.',
  })
  @ApiOkResponse({ type: [ApplicationHistoryEntryView] })
  history(@Param() params: IdParam): Promise<RawJson<ApplicationHistoryEntryView[]>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.history, { id: params.id });
  }

  @Post('applications/:id/accept')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'accept')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '受理 Accept', description: '材料齐全、符合法定形式的,予以受理并出具受理通知书。 Accept when the materials are complete; an acceptance notice is issued.' })
  @ApiOkResponse({ type: ApplicationStepResult })
  accept(@Param() params: IdParam): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { id: params.id, action: 'accept' });
  }

  @Post('applications/:id/not-accept')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'not_accept')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '不予受理 Do not accept', description: '出具不予受理决定书,说明理由。 A non-acceptance decision with reasons is issued.' })
  @ApiOkResponse({ type: ApplicationStepResult })
  notAccept(@Param() params: IdParam, @Body() body: NotAcceptRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'not_accept' });
  }

  @Post('applications/:id/request-correction')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'request_correction')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '一次性告知补正 Request correction', description: '一次性告知申请人需要补正的全部内容,出具补正材料通知书。 Every missing material is told at once in a correction notice.' })
  @ApiOkResponse({ type: ApplicationStepResult })
  requestCorrection(@Param() params: IdParam, @Body() body: RequestCorrectionRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'request_correction' });
  }

  @Post('applications/:id/resubmit')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'resubmit')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '补正材料 Hand in corrected materials' })
  @ApiOkResponse({ type: ApplicationStepResult })
  async resubmit(@Param() params: IdParam, @Body() body: ResubmitRequest, @CurrentPrincipal() principal: Principal): Promise<RawJson<ApplicationStepResult>> {
    await this.attachments.claim(principal.actor, body.materials.flatMap((m) => m.attachments ?? []));
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'resubmit' });
  }

  @Post('applications/:id/approve')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'approve')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '准予许可 Approve', description: '作出准予行政许可决定。 A decision to grant the licence.' })
  @ApiOkResponse({ type: ApplicationStepResult })
  approve(@Param() params: IdParam, @Body() body: ApproveRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'approve' });
  }

  @Post('applications/:id/reject')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'reject')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '不予许可 Reject', description: '作出不予行政许可决定,说明理由及法律依据。 A refusal with reasons and legal basis.' })
  @ApiOkResponse({ type: ApplicationStepResult })
  reject(@Param() params: IdParam, @Body() body: RejectRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'reject' });
  }

  @Post('applications/:id/suspend')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'suspend')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '中止计时 Suspend the clock',
    description: '听证、检验检测、检疫、专家评审所需时间不计入审查期限(《行政许可法》第四十五条),并告知申请人。 Hearing, testing, quarantine and expert review are not counted (Licensing Law art. 45); the applicant is told.',
  })
  @ApiOkResponse({ type: ApplicationStepResult })
  suspend(@Param() params: IdParam, @Body() body: SuspendRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'suspend' });
  }

  @Post('applications/:id/resume')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'resume')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '恢复计时 Resume the clock' })
  @ApiOkResponse({ type: ApplicationStepResult })
  resume(@Param() params: IdParam, @Body() body: OptionalReasonsRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'resume' });
  }

  @Post('applications/:id/extend')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'extend')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '延长审查期限 Extend the decision period',
    description: '经本机关负责人批准,可延长10个工作日(仅一次),并将延长理由告知申请人(《行政许可法》第四十二条)。 +10 working days once, with the leader\'s approval; the reasons are told to the applicant (Licensing Law art. 42).',
  })
  @ApiOkResponse({ type: ApplicationStepResult })
  extend(@Param() params: IdParam, @Body() body: ReasonsRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'extend' });
  }

  @Post('applications/:id/assign-handling-organisation')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'assign_handling_organisation')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '指定承办机构 Assign the handling organisation',
    description:
      '职责清单未指定承办机构的在审办件,由镇分管领导指定本镇一个机构承办(仅一次,说明理由,记入办理过程);此后仅该机构审批人员可审批。 For an application under review that the duty lists routed to no one, the town leader names an organisation of the town (once, with reasons, in the history); from then on only its approvers decide.',
  })
  @ApiOkResponse({ type: ApplicationStepResult })
  assignHandlingOrganisation(@Param() params: IdParam, @Body() body: AssignHandlingOrganisationRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'assign_handling_organisation' });
  }

  @Post('applications/:id/certificate')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'issue_certificate')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '颁发证件 Issue the certificate',
    description: '自作出准予许可决定之日起10个工作日内颁发、送达许可证件(《行政许可法》第四十四条)。 Within 10 working days of approval (Licensing Law art. 44).',
  })
  @ApiOkResponse({ type: ApplicationStepResult })
  issueCertificate(@Param() params: IdParam, @Body() body: IssueCertificateRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'issue_certificate' });
  }

  @Post('applications/:id/withdraw')
  @HttpCode(200)
  @StepRoles(APPLICATION_TRANSITIONS, 'withdraw')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '申请人撤回 Withdraw at the applicant\'s request' })
  @ApiOkResponse({ type: ApplicationStepResult })
  withdraw(@Param() params: IdParam, @Body() body: OptionalReasonsRequest): Promise<RawJson<ApplicationStepResult>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.takeStep, { ...body, id: params.id, action: 'withdraw' });
  }

  @Get('application-deadlines')
  @ApiOperation({ summary: '临期/超期办件 Applications due soon or overdue in a town', description: '补正告知、审查决定、发证三类时限。 Correction-notice, decision and certificate clocks.' })
  @ApiOkResponse({ type: DeadlinesView })
  deadlines(@Query() query: DeadlinesQuery): Promise<RawJson<DeadlinesView>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.deadlines, query);
  }

  @Get('application-statistics')
  @ApiOperation({ summary: '办件统计 Application statistics per town', description: '收件、受理、办结、按期办结率及平均审查用时。 Received, accepted, decided, on-time rate and average working days.' })
  @ApiOkResponse({ type: ApplicationStatisticsView })
  statistics(@Query() query: ApplicationStatisticsQuery): Promise<RawJson<ApplicationStatisticsView>> {
    return this.client.requestRaw(APPROVAL_SUBJECTS.statistics, query);
  }
}
