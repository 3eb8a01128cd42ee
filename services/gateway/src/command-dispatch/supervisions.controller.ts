import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COMMAND_DISPATCH_SUBJECTS, IdParam, ListSupervisionsQuery, SupervisionView, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

/** 督办单 The automatic 督办 notices: the list for the command-centre screen, the leaders addressed and the units; acknowledgement. */
@ApiTags('指挥调度一中心 Command and dispatch centre')
@ApiBearerAuth()
@Controller()
export class SupervisionsController {
  constructor(private readonly client: ServiceClient) {}

  @Get('supervisions')
  @Roles('dispatcher', 'commander', 'leader', 'county_leader', 'county_admin', 'work_order_handler')
  @ApiOperation({
    summary: '督办单列表 督办 notices in your jurisdiction',
    description:
      '超期工单的自动督办(每单每轮一份):第1次发往乡镇领导,此后发往县级领导;含受文层级与区划、被督办单位、是否签收;新者在前。指挥大屏、被督办乡镇/县领导和承办单位(mine=true 或仅有承办人员角色时只见本单位)查看。 ' +
      'The automatic notices on overdue orders (one per order and round): the first to the town\'s leadership, later ones to the county\'s; with the level and jurisdiction addressed, the unit, and whether it was acknowledged; newest first. A unit\'s staff see their own unit\'s only.',
  })
  @ApiPage(SupervisionView)
  list(@Query() query: ListSupervisionsQuery): Promise<RawJson<Page<SupervisionView>>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.listSupervisions, query);
  }

  @Post('supervisions/:id/acknowledge')
  @HttpCode(200)
  @Roles('leader', 'county_leader', 'commander')
  @ApiOperation({
    summary: '签收督办 Acknowledge a 督办 notice',
    description: '受文层级的领导签收(乡镇督办:本镇领导或县级;县级督办:县级领导或指挥长),只记一次,再次签收返回同一结果;留痕审计。 The leadership addressed records that the notice reached them, once; audited.',
  })
  @ApiOkResponse({ type: SupervisionView })
  @ApiNotFoundResponse({ description: 'SUPERVISION_NOT_FOUND (application/problem+json)' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN_JURISDICTION: 非受文层级 Not the level addressed (application/problem+json)' })
  acknowledge(@Param() params: IdParam): Promise<RawJson<SupervisionView>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.acknowledgeSupervision, params);
  }
}
