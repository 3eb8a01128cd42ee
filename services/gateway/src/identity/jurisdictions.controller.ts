import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateJurisdictionRequest, IDENTITY_SUBJECTS, JurisdictionCodeParam, JurisdictionView, ListJurisdictionsQuery, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('行政区划 Jurisdictions')
@ApiBearerAuth()
@Controller('jurisdictions')
export class JurisdictionsController {
  constructor(private readonly client: ServiceClient) {}

  @Post()
  @Roles('province_admin', 'county_admin')
  @ApiOperation({ summary: '新增区划 Create a jurisdiction', description: '上级区划须已存在;县级管理员只能新增本县的镇、村、网格。 The parent must exist; a county admin adds towns, villages and grids of their county.' })
  @ApiCreatedResponse({ type: JurisdictionView })
  create(@Body() body: CreateJurisdictionRequest): Promise<RawJson<JurisdictionView>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.createJurisdiction, body);
  }

  @Get()
  @ApiOperation({ summary: '区划列表(本人管辖范围内) List jurisdictions in your subtree' })
  @ApiPage(JurisdictionView)
  list(@Query() query: ListJurisdictionsQuery): Promise<RawJson<Page<JurisdictionView>>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.listJurisdictions, query);
  }

  @Get(':code')
  @ApiOperation({ summary: '区划详情 Get a jurisdiction' })
  @ApiOkResponse({ type: JurisdictionView })
  get(@Param() params: JurisdictionCodeParam): Promise<RawJson<JurisdictionView>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.getJurisdiction, params);
  }
}
