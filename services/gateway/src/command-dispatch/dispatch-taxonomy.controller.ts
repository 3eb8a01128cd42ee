import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CategoryView, COMMAND_DISPATCH_SUBJECTS, CountyParam, DispatchSettingsView, SaveCategoryRequest, SaveDispatchSettingsRequest } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { IsString, Matches } from 'class-validator';
import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Roles } from '../auth/principal';

export class CategoryParams extends CountyParam {
  @ApiProperty({ description: '分类代码 Category code' })
  @IsString()
  @Matches(/^[a-z0-9_]+(\.[a-z0-9_]+){0,3}$/)
  code: string;
}

export class SaveCategoryBody extends OmitType(SaveCategoryRequest, ['countyCode', 'code'] as const) {}
export class SaveDispatchSettingsBody extends OmitType(SaveDispatchSettingsRequest, ['countyCode'] as const) {}

/** 分类目录与时限 A county's work-order taxonomy and limits, kept by its county admin. */
@ApiTags('指挥调度一中心 Command and dispatch centre')
@ApiBearerAuth()
@Controller('counties/:countyCode/dispatch')
export class DispatchTaxonomyController {
  constructor(private readonly client: ServiceClient) {}

  @Get('categories')
  @ApiOperation({ summary: '工单分类目录 The county\'s work-order taxonomy', description: '12345 分类与数字城管部件、事件分类(默认),叠加本县的修改与自增分类。 The 12345 categories and city-management classes by default, with the county\'s edits and additions.' })
  @ApiOkResponse({ type: [CategoryView] })
  list(@Param() params: CountyParam): Promise<RawJson<CategoryView[]>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.listCategories, { countyCode: params.countyCode });
  }

  @Put('categories/:code')
  @Roles('county_admin')
  @ApiOperation({ summary: '保存分类 Save a category', description: '修改默认分类或新增本县分类:名称、职责清单事件类别(分拨依据)、时限(工作日 ≤ 60、工作小时 ≤ 400),可停用。 Edit a default or add the county\'s own: name, the duty category it is routed by, its limit; deactivate it.' })
  @ApiOkResponse({ type: CategoryView })
  save(@Param() params: CategoryParams, @Body() body: SaveCategoryBody): Promise<RawJson<CategoryView>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.saveCategory, { ...body, countyCode: params.countyCode, code: params.code });
  }

  @Get('settings')
  @ApiOperation({ summary: '调度设置 Dispatch settings', description: '临期预警、再次督办间隔与热线时限(紧急当日、咨询3个工作日、投诉建议13个工作日为默认)。 Warnings, re-supervision and the hotline limits (defaults: urgent same day, consultation 3, complaint and suggestion 13 working days).' })
  @ApiOkResponse({ type: DispatchSettingsView })
  settings(@Param() params: CountyParam): Promise<RawJson<DispatchSettingsView>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.getSettings, { countyCode: params.countyCode });
  }

  @Put('settings')
  @Roles('county_admin')
  @ApiOperation({ summary: '保存调度设置 Save dispatch settings' })
  @ApiOkResponse({ type: DispatchSettingsView })
  saveSettings(@Param() params: CountyParam, @Body() body: SaveDispatchSettingsBody): Promise<RawJson<DispatchSettingsView>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.saveSettings, { ...body, countyCode: params.countyCode });
  }
}
