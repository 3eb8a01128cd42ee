import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GRID_SUBJECTS, IdParam, ListPatrolsQuery, PatrolPointsBody, PatrolView, StartPatrolRequest, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('巡查 Patrols')
@ApiBearerAuth()
@Controller()
export class PatrolsController {
  constructor(private readonly client: ServiceClient) {}

  @Post('patrols')
  @Roles('grid_worker')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '开始巡查 Start a patrol', description: '网格员在本人网格内开始巡查。 A grid worker starts a patrol in one of their grids.' })
  @ApiCreatedResponse({ type: PatrolView })
  @ApiNotFoundResponse({ description: 'GRID_NOT_FOUND:网格不存在或不在本人网格内 Grid not found or not yours' })
  start(@Body() body: StartPatrolRequest): Promise<RawJson<PatrolView>> {
    return this.client.requestRaw(GRID_SUBJECTS.startPatrol, body);
  }

  @Post('patrols/:id/track-points')
  @HttpCode(200)
  @Roles('grid_worker')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '上传轨迹 Append track points', description: '按时间递增分批上传轨迹点。 Track points in batches, increasing in time.' })
  @ApiOkResponse({ type: PatrolView })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION:巡查已结束 The patrol has ended' })
  append(@Param() params: IdParam, @Body() body: PatrolPointsBody): Promise<RawJson<PatrolView>> {
    return this.client.requestRaw(GRID_SUBJECTS.appendPatrolPoints, { id: params.id, points: body.points });
  }

  @Post('patrols/:id/end')
  @HttpCode(200)
  @Roles('grid_worker')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '结束巡查 End a patrol', description: '按已上传轨迹计算里程与时长。 Distance and duration from the stored track.' })
  @ApiOkResponse({ type: PatrolView })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION:巡查已结束 The patrol has ended' })
  end(@Param() params: IdParam): Promise<RawJson<PatrolView>> {
    return this.client.requestRaw(GRID_SUBJECTS.endPatrol, params);
  }

  @Get('patrols')
  @ApiOperation({ summary: '巡查列表 Patrols in your jurisdiction', description: '网格员只见本网格的巡查。 A grid worker sees their grids\' patrols only.' })
  @ApiPage(PatrolView)
  list(@Query() query: ListPatrolsQuery): Promise<RawJson<Page<PatrolView>>> {
    return this.client.requestRaw(GRID_SUBJECTS.listPatrols, query);
  }

  @Get('patrols/:id')
  @ApiOperation({ summary: '巡查详情(含轨迹 GeoJSON LineString) One patrol with its track' })
  @ApiOkResponse({ type: PatrolView })
  @ApiNotFoundResponse({ description: 'PATROL_NOT_FOUND:不存在或不在管辖范围内 Not found or outside your jurisdiction' })
  get(@Param() params: IdParam): Promise<RawJson<PatrolView>> {
    return this.client.requestRaw(GRID_SUBJECTS.getPatrol, params);
  }
}
