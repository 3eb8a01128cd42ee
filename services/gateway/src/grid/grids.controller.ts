import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { GRID_SUBJECTS, GridCodeParam, GridLocation, GridSummaryView, GridView, GridWorkerWorkloadView, ImportGridsRequest, ImportGridsResult, ListGridsQuery, LocatePointQuery, UserIdParam, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('镇村治理一网格 Grids')
@ApiBearerAuth()
@Controller()
export class GridsController {
  constructor(private readonly client: ServiceClient) {}

  @Post('grid-imports')
  @Roles('leader', 'county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '导入乡镇网格 Import a town\'s grids',
    description:
      '以 GeoJSON FeatureCollection 导入乡镇综合网格(编码、边界、类型、党支部、网格员);边界须闭合、不自相交、为经纬度、在乡镇边界内、与其他网格不重叠;任一要素有误则全部不导入,逐要素列明原因与坐标。同编码的网格被更新。 Imports the town\'s grids from a GeoJSON FeatureCollection; any bad feature refuses the whole import, each listed with its reason and coordinates. A grid with an existing code is redrawn.',
  })
  @ApiCreatedResponse({ type: ImportGridsResult })
  @ApiUnprocessableEntityResponse({ description: 'GRID_IMPORT_INVALID:errors[] 逐要素列明 field grids.features[i]… 与原因(坐标) Each bad feature with its reason and coordinates (application/problem+json)' })
  importGrids(@Body() body: ImportGridsRequest): Promise<RawJson<ImportGridsResult>> {
    return this.client.requestRaw(GRID_SUBJECTS.importGrids, body);
  }

  @Get('grids')
  @ApiOperation({ summary: '网格列表 Grids in your jurisdiction', description: '网格员只见本网格。 A grid worker sees their own grid.' })
  @ApiPage(GridView)
  list(@Query() query: ListGridsQuery): Promise<RawJson<Page<GridView>>> {
    return this.client.requestRaw(GRID_SUBJECTS.listGrids, query);
  }

  @Get('grids/:code')
  @ApiOperation({ summary: '网格详情 One grid' })
  @ApiOkResponse({ type: GridView })
  @ApiNotFoundResponse({ description: 'GRID_NOT_FOUND:网格不存在或不在管辖范围内 Not found or outside your jurisdiction' })
  get(@Param() params: GridCodeParam): Promise<RawJson<GridView>> {
    return this.client.requestRaw(GRID_SUBJECTS.getGrid, params);
  }

  @Get('grids/:code/summary')
  @ApiOperation({ summary: '网格台账 A grid\'s records and events, counted', description: '户、空关户、居民、企业场所、楼栋数与按状态的事件数。 Households, vacant households, residents, enterprises, buildings and events by status.' })
  @ApiOkResponse({ type: GridSummaryView })
  @ApiNotFoundResponse({ description: 'GRID_NOT_FOUND' })
  summary(@Param() params: GridCodeParam): Promise<RawJson<GridSummaryView>> {
    return this.client.requestRaw(GRID_SUBJECTS.gridSummary, params);
  }

  @Get('grid-workers/:userId/workload')
  @ApiOperation({ summary: '网格员工作量 A grid worker\'s workload', description: '所服务网格、上报事件数(按状态、近30天)、所辖户数;网格员只能查看本人。 Their grids, events reported (by status, last 30 days) and households; a grid worker sees their own only.' })
  @ApiOkResponse({ type: GridWorkerWorkloadView })
  workload(@Param() params: UserIdParam): Promise<RawJson<GridWorkerWorkloadView>> {
    return this.client.requestRaw(GRID_SUBJECTS.workerWorkload, params);
  }

  @Get('grid-lookup')
  @ApiOperation({ summary: '坐标定位网格 The grid a point lies in', description: '按经纬度找到所在网格(无则返回 null)。 The grid a longitude/latitude lies in, or null.' })
  @ApiOkResponse({ type: GridLocation })
  async lookup(@Query() query: LocatePointQuery): Promise<RawJson<GridLocation | null>> {
    return this.client.requestRaw(GRID_SUBJECTS.locate, query);
  }
}
