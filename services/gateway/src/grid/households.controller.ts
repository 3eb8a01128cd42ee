import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GRID_SUBJECTS, HouseholdImportView, HouseholdView, IdParam, ImportHouseholdsRequest, ListHouseholdsQuery, type Page } from '@yiti/contracts';
import { ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('基础信息 Households')
@ApiBearerAuth()
@Controller()
export class HouseholdsController {
  constructor(private readonly client: ServiceClient) {}

  @Post('household-imports')
  @HttpCode(202)
  @Roles('leader', 'county_admin')
  @ApiOperation({
    summary: '导入户信息(CSV) Import households from CSV',
    description:
      '立即返回导入任务,后台逐批导入;有效行保留,错误行按行号列出;轮询 GET /household-imports/{id} 查看进度。 Answers the job at once and imports in batches; valid rows are kept, bad rows listed by line; poll GET /household-imports/{id}.',
  })
  @ApiAcceptedResponse({ type: HouseholdImportView })
  start(@Body() body: ImportHouseholdsRequest): Promise<HouseholdImportView> {
    return this.client.request(GRID_SUBJECTS.importHouseholds, body);
  }

  @Get('household-imports/:id')
  @ApiOperation({ summary: '导入任务进度 Household import progress' })
  @ApiOkResponse({ type: HouseholdImportView })
  @ApiNotFoundResponse({ description: 'HOUSEHOLD_IMPORT_NOT_FOUND' })
  progress(@Param() params: IdParam): Promise<HouseholdImportView> {
    return this.client.request(GRID_SUBJECTS.getHouseholdImport, params);
  }

  @Get('households')
  @ApiOperation({ summary: '户列表 Households in your jurisdiction', description: '可按网格与标记筛选,如空关户 flag=vacant。 Filter by grid and flag, e.g. vacant households (空关户).' })
  @ApiPage(HouseholdView)
  list(@Query() query: ListHouseholdsQuery): Promise<Page<HouseholdView>> {
    return this.client.request(GRID_SUBJECTS.listHouseholds, query);
  }
}
