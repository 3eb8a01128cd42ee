import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { GRID_SUBJECTS, GridEventView, IdParam, ListGridEventsQuery, ReportGridEventRequest, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Attachments } from '../attachments/attachments';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('巡查上报 Grid events')
@ApiBearerAuth()
@Controller()
export class GridEventsController {
  constructor(
    private readonly client: ServiceClient,
    private readonly attachments: Attachments,
  ) {}

  @Post('grid-events')
  @Roles('grid_worker')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '巡查上报 Report an event',
    description:
      '网格员上报部件或事件(城市管理部件事件分类)、描述、位置与现场照片(先上传附件,再以哈希引用);按位置确定所属网格,不在本镇任何网格内则拒绝。 A grid worker reports a component or event with description, location and photos (uploaded first, referenced by hash); the grid is found from the point.',
  })
  @ApiCreatedResponse({ type: GridEventView })
  @ApiUnprocessableEntityResponse({ description: 'GRID_POINT_OUTSIDE_TOWN:位置不在本镇任何网格内;ATTACHMENT_UNKNOWN:照片未在本县上传 (application/problem+json)' })
  async report(@Body() body: ReportGridEventRequest, @CurrentPrincipal() principal: Principal): Promise<RawJson<GridEventView>> {
    await this.attachments.claim(principal.actor, body.photos ?? []);
    return this.client.requestRaw(GRID_SUBJECTS.reportEvent, body);
  }

  @Get('grid-events')
  @ApiOperation({ summary: '网格事件列表 Grid events in your jurisdiction', description: '网格员只见本网格的事件。 A grid worker sees their grid\'s events only.' })
  @ApiPage(GridEventView)
  list(@Query() query: ListGridEventsQuery): Promise<RawJson<Page<GridEventView>>> {
    return this.client.requestRaw(GRID_SUBJECTS.listEvents, query);
  }

  @Get('grid-events/:id')
  @ApiOperation({ summary: '网格事件详情 One grid event' })
  @ApiOkResponse({ type: GridEventView })
  @ApiNotFoundResponse({ description: 'GRID_EVENT_NOT_FOUND:不存在或不在管辖范围内 Not found or outside your jurisdiction' })
  get(@Param() params: IdParam): Promise<RawJson<GridEventView>> {
    return this.client.requestRaw(GRID_SUBJECTS.getEvent, params);
  }
}
