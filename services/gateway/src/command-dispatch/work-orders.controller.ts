import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  COMMAND_DISPATCH_SUBJECTS,
  IdParam,
  ListWorkOrdersQuery,
  RegisterWorkOrderRequest,
  WORK_ORDER_TRANSITIONS,
  WorkOrderHistoryEntryView,
  WorkOrderStepRequest,
  WorkOrderView,
  type Page,
  type WorkOrderAction,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles, StepRoles } from '../auth/principal';
import { ApiPage } from '../http/page';

/**
 * 指挥调度一中心 work orders: the closed loop (派遣 → 签收 → 处置 → 反馈 → 核查 → 结案 → 回访), 退单 and
 * arbitration, 延期, 挂账, 重办 and 协调联动. Each step's route admits the roles the lifecycle table
 * (WORK_ORDER_TRANSITIONS) gives it; the service checks the state, the unit and the jurisdiction.
 */
@ApiTags('指挥调度一中心 Command and dispatch centre')
@ApiBearerAuth()
@Controller()
export class WorkOrdersController {
  constructor(private readonly client: ServiceClient) {}

  @Post('work-orders')
  @Roles('dispatcher')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '调度员登记工单 Register a work order', description: '指挥中心自行受理的诉求(来电、来访):按本镇职责清单派遣,无对应职责的进入调度员队列。 An order taken by the centre itself; routed by the town\'s duty list, or left in the dispatchers\' queue.' })
  @ApiCreatedResponse({ type: WorkOrderView })
  register(@Body() body: RegisterWorkOrderRequest): Promise<RawJson<WorkOrderView>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.registerWorkOrder, body);
  }

  @Get('work-orders')
  @ApiOperation({ summary: '工单列表 Work orders in your jurisdiction', description: '本人管辖范围内的工单,新者在前;status=pending_dispatch 为调度员队列;来电人信息脱敏。 Orders in your jurisdiction, newest first; status=pending_dispatch is the dispatchers\' queue; callers are masked.' })
  @ApiPage(WorkOrderView)
  list(@Query() query: ListWorkOrdersQuery): Promise<RawJson<Page<WorkOrderView>>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.listWorkOrders, query);
  }

  @Get('work-orders/:id')
  @ApiOperation({ summary: '工单详情 One work order' })
  @ApiOkResponse({ type: WorkOrderView })
  get(@Param() params: IdParam): Promise<RawJson<WorkOrderView>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.getWorkOrder, { id: params.id });
  }

  @Get('work-orders/:id/history')
  @ApiOperation({ summary: '办理过程 History of a work order' })
  @ApiOkResponse({ type: [WorkOrderHistoryEntryView] })
  history(@Param() params: IdParam): Promise<RawJson<WorkOrderHistoryEntryView[]>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.history, { id: params.id });
  }

  @Get('work-orders/:id/sub-tasks')
  @ApiOperation({ summary: '协调联动子任务 Sub-tasks of a linkage' })
  @ApiOkResponse({ type: [WorkOrderView] })
  subTasks(@Param() params: IdParam): Promise<RawJson<WorkOrderView[]>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.subTasks, { id: params.id });
  }

  @Post('work-orders/:id/route')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'route')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '派遣 Route to a unit', description: '调度员将待派遣(或已派遣)的工单派给承办单位,办理时限自派遣起算。 A dispatcher routes the order to a unit; the clock starts at dispatch.' })
  @ApiOkResponse({ type: WorkOrderView })
  route(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'route', body);
  }

  @Post('work-orders/:id/sign')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'sign')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '签收 Sign for', description: '承办单位签收。 The assigned unit signs for the order.' })
  @ApiOkResponse({ type: WorkOrderView })
  sign(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'sign', body);
  }

  @Post('work-orders/:id/return')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'return')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '退单 Return', description: '承办单位认为不属本单位职责,说明理由退回指挥中心仲裁。 The unit returns the order with reasons; the centre arbitrates.' })
  @ApiOkResponse({ type: WorkOrderView })
  return(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'return', body);
  }

  @Post('work-orders/:id/reassign')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'reassign')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '仲裁改派 Arbitrate: reassign', description: '指挥中心仲裁退单:改派其他单位(重新计时)。 The centre reassigns a returned order to another unit (a new clock).' })
  @ApiOkResponse({ type: WorkOrderView })
  reassign(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'reassign', body);
  }

  @Post('work-orders/:id/uphold')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'uphold')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '仲裁维持 Arbitrate: uphold', description: '指挥中心仲裁退单:维持原派遣,原单位继续办理。 The centre upholds the dispatch; the unit keeps the order.' })
  @ApiOkResponse({ type: WorkOrderView })
  uphold(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'uphold', body);
  }

  @Post('work-orders/:id/start')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'start')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '开始处置 Start handling', description: '承办单位开始处置。 The unit starts handling.' })
  @ApiOkResponse({ type: WorkOrderView })
  start(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'start', body);
  }

  @Post('work-orders/:id/feed-back')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'feed_back')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '处置反馈 Feed back', description: '承办单位反馈处置情况,待指挥中心核查。 The unit reports what it did; the centre verifies.' })
  @ApiOkResponse({ type: WorkOrderView })
  feedBack(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'feed_back', body);
  }

  @Post('work-orders/:id/verify-pass')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'verify_pass')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '核查通过并结案 Verify: pass and close', description: '核查通过即结案(结案)。 Verification passed: the order closes.' })
  @ApiOkResponse({ type: WorkOrderView })
  verifyPass(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'verify_pass', body);
  }

  @Post('work-orders/:id/verify-fail')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'verify_fail')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '核查不通过(返工) Verify: fail (rework)', description: '核查不通过,退回承办单位返工。 Verification failed: the unit reworks it.' })
  @ApiOkResponse({ type: WorkOrderView })
  verifyFail(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'verify_fail', body);
  }

  @Post('work-orders/:id/request-extension')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'request_extension')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '申请延期 Request an extension', description: '承办单位在期满前说明理由申请延期。 The unit asks for an extension, with reasons, before the limit.' })
  @ApiOkResponse({ type: WorkOrderView })
  requestExtension(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'request_extension', body);
  }

  @Post('work-orders/:id/approve-extension')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'approve_extension')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '批准延期 Approve the extension', description: '调度员批准延期,时限顺延。 The dispatcher approves; the limit moves.' })
  @ApiOkResponse({ type: WorkOrderView })
  approveExtension(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'approve_extension', body);
  }

  @Post('work-orders/:id/refuse-extension')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'refuse_extension')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '不予延期 Refuse the extension', description: '调度员说明理由不予延期。 The dispatcher refuses, with reasons.' })
  @ApiOkResponse({ type: WorkOrderView })
  refuseExtension(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'refuse_extension', body);
  }

  @Post('work-orders/:id/park')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'park')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '挂账 Park', description: '确因客观原因暂不能解决的,说明理由挂账,期间停止计时。 Parked with reasons; the clock stands meanwhile.' })
  @ApiOkResponse({ type: WorkOrderView })
  park(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'park', body);
  }

  @Post('work-orders/:id/unpark')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'unpark')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '解除挂账 Unpark', description: '解除挂账,恢复计时。 Unparked; the clock runs again.' })
  @ApiOkResponse({ type: WorkOrderView })
  unpark(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'unpark', body);
  }

  @Post('work-orders/:id/split')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'split')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '协调联动 Split into sub-tasks', description: '一单多派:拆分为多个承办单位的子任务,各自计时;子任务全部办结时主工单自动结案。 The order splits into sub-tasks for several units, each with its own clock; it closes when all have.' })
  @ApiOkResponse({ type: WorkOrderView })
  split(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'split', body);
  }

  @Post('work-orders/:id/evaluate')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'evaluate')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '回访评价 Return visit', description: '回访来电人,记录满意度。 The caller is called back; satisfaction is recorded.' })
  @ApiOkResponse({ type: WorkOrderView })
  evaluate(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'evaluate', body);
  }

  @Post('work-orders/:id/reopen')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'reopen')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '重办 Reopen', description: '回访不满意的,重新派遣办理(重新计时)。 Reopened after a dissatisfied return visit (a new clock).' })
  @ApiOkResponse({ type: WorkOrderView })
  reopen(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'reopen', body);
  }

  @Post('work-orders/:id/cancel')
  @HttpCode(200)
  @StepRoles(WORK_ORDER_TRANSITIONS, 'cancel')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '作废 Cancel', description: '重复或无效的工单说明理由作废。 A duplicate or invalid order is cancelled with reasons.' })
  @ApiOkResponse({ type: WorkOrderView })
  cancel(@Param() params: IdParam, @Body() body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.step(params.id, 'cancel', body);
  }

  private step(id: string, action: WorkOrderAction, body: WorkOrderStepRequest): Promise<RawJson<WorkOrderView>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.takeStep, { ...body, id, action });
  }
}
