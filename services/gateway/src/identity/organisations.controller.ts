import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateOrganisationRequest, IDENTITY_SUBJECTS, IdParam, ListOrganisationsQuery, OrganisationView, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('机构 Organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly client: ServiceClient) {}

  @Post()
  @Roles('province_admin', 'county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键:重试时使用同一键不会重复创建 Retrying with the same key creates nothing twice' })
  @ApiOperation({ summary: '新增机构 Create an organisation' })
  @ApiCreatedResponse({ type: OrganisationView })
  create(@Body() body: CreateOrganisationRequest): Promise<RawJson<OrganisationView>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.createOrganisation, body);
  }

  @Get()
  @ApiOperation({ summary: '机构列表(本人管辖范围内) List organisations in your subtree' })
  @ApiPage(OrganisationView)
  list(@Query() query: ListOrganisationsQuery): Promise<RawJson<Page<OrganisationView>>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.listOrganisations, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '机构详情 Get an organisation' })
  @ApiOkResponse({ type: OrganisationView })
  get(@Param() params: IdParam): Promise<RawJson<OrganisationView>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.getOrganisation, params);
  }
}
