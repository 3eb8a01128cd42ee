import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ENFORCEMENT_SUBJECTS, IdParam, ListSupervisionTasksQuery, OnTheSpotPenaltyRequest, OnTheSpotPenaltyView, SupervisionTaskView, type Page } from '@yiti/contracts';
import { ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
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
  decideOnTheSpot(@Body() body: OnTheSpotPenaltyRequest): Promise<OnTheSpotPenaltyView> {
    return this.client.request(ENFORCEMENT_SUBJECTS.decideOnTheSpot, body);
  }

  @Get('on-the-spot-penalties/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: '当场处罚详情 One on-the-spot penalty', description: '当事人证件号码与电话脱敏。 The party\'s ID number and phone are masked.' })
  @ApiOkResponse({ type: OnTheSpotPenaltyView })
  getOnTheSpot(@Param() params: IdParam): Promise<OnTheSpotPenaltyView> {
    return this.client.request(ENFORCEMENT_SUBJECTS.getOnTheSpot, { id: params.id });
  }

  @Get('supervision-tasks')
  @Roles(...READERS)
  @ApiOperation({ summary: '审管联动监管任务 Post-approval supervision tasks', description: '每项审批许可生成一项监管任务(恰好一次)。 Each approval becomes exactly one supervision task.' })
  @ApiPage(SupervisionTaskView)
  listSupervisionTasks(@Query() query: ListSupervisionTasksQuery): Promise<Page<SupervisionTaskView>> {
    return this.client.request(ENFORCEMENT_SUBJECTS.listSupervisionTasks, query);
  }
}
