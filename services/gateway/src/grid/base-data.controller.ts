import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IsIn, Matches } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import {
  BASE_DATA_CSV_COLUMNS,
  BASE_DATA_IMPORT_KINDS,
  BaseDataImportView,
  BuildingView,
  EnterpriseView,
  GRID_SUBJECTS,
  HouseholdView,
  IdParam,
  ListByGridQuery,
  ListEnterprisesQuery,
  ListHouseholdsQuery,
  ListResidentsQuery,
  ListVacantHouseholdsQuery,
  RegisterBuildingRequest,
  RegisterEnterpriseRequest,
  RegisterHouseholdRequest,
  RegisterResidentRequest,
  ResidentView,
  SearchResidentsRequest,
  TownCodeProperty,
  VacantHouseholdView,
  type BaseDataImportKind,
  type Page,
} from '@yiti/contracts';
import { assertWithin, DomainException, RawJson, ServiceClient } from '@yiti/platform';
import { Attachments } from '../attachments/attachments';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { ApiPage } from '../http/page';

export class BaseDataImportQuery {
  @TownCodeProperty()
  @Matches(/^\d{9}$/)
  townCode: string;

  @ApiProperty({ description: '导入类型 households 户 / residents 居民 / enterprises 企业场所', enum: BASE_DATA_IMPORT_KINDS })
  @IsIn(BASE_DATA_IMPORT_KINDS)
  kind: BaseDataImportKind;
}

const columns = BASE_DATA_IMPORT_KINDS.map((k) => `${k}: ${BASE_DATA_CSV_COLUMNS[k].join(',')}`).join(';');

@ApiTags('基础信息 Base data')
@ApiBearerAuth()
@Controller()
export class BaseDataController {
  constructor(
    private readonly client: ServiceClient,
    private readonly attachments: Attachments,
  ) {}

  @Post('base-data-imports')
  @HttpCode(202)
  @Roles('leader', 'county_admin')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: `UTF-8 CSV,首行为表头 A header row first. ${columns}` })
  @ApiOperation({
    summary: '导入基础信息(CSV,流式) Import households, residents or enterprises from CSV (streamed)',
    description:
      '请求体为 text/csv 文件本身,经网关流式写入附件存储(不在内存中整体保存),网格服务以流逐批导入;立即返回导入任务,轮询 GET /base-data-imports/{id} 查看进度(已处理/总行数);有效行保留,错误行按行号列出。每行给出 grid_code 或经纬度(按点定位网格)。 The body is the CSV file itself (Content-Type: text/csv), streamed into the attachment store; the grid service imports it in batches as a stream. Answers the job at once; poll it for progress (rows done / total). Valid rows are kept, bad rows listed by line.',
  })
  @ApiAcceptedResponse({ type: BaseDataImportView })
  async startImport(@Query() query: BaseDataImportQuery, @Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal): Promise<RawJson<BaseDataImportView>> {
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'text/csv') throw new DomainException('UNSUPPORTED_MEDIA_TYPE', '请以 text/csv 上传文件 Send the file as text/csv');
    // Refused before a byte is stored: a town outside the caller's jurisdiction.
    assertWithin(principal.actor, query.townCode);
    const stored = await this.attachments.receiveImportFile(principal.actor, request.raw);
    // The file is never claimed: the sweep deletes it ATTACHMENT_UNREFERENCED_HOURS after the upload,
    // so a file of ID numbers in clear does not outlive its import (minutes) by more than that.
    return this.client.requestRaw(GRID_SUBJECTS.startImport, { townCode: query.townCode, kind: query.kind, attachmentHash: stored.hash });
  }

  @Get('base-data-imports/:id')
  @ApiOperation({ summary: '导入任务进度 Import progress' })
  @ApiOkResponse({ type: BaseDataImportView })
  @ApiNotFoundResponse({ description: 'BASE_DATA_IMPORT_NOT_FOUND' })
  importProgress(@Param() params: IdParam): Promise<RawJson<BaseDataImportView>> {
    return this.client.requestRaw(GRID_SUBJECTS.getImport, params);
  }

  @Post('households')
  @Roles('grid_worker', 'leader', 'county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '户登记 Register a household', description: '地址、人口数、电表号与标记(空关户等);网格按编码或经纬度确定。 Address, members, meter number and flags; the grid is given or found from the point.' })
  @ApiCreatedResponse({ type: HouseholdView })
  registerHousehold(@Body() body: RegisterHouseholdRequest): Promise<RawJson<HouseholdView>> {
    return this.client.requestRaw(GRID_SUBJECTS.registerHousehold, body);
  }

  @Get('households')
  @ApiOperation({ summary: '户列表 Households in your jurisdiction', description: '可按网格与标记筛选,如空关户 flag=vacant。 Filter by grid and flag, e.g. vacant households (空关户).' })
  @ApiPage(HouseholdView)
  listHouseholds(@Query() query: ListHouseholdsQuery): Promise<RawJson<Page<HouseholdView>>> {
    return this.client.requestRaw(GRID_SUBJECTS.listHouseholds, query);
  }

  @Get('vacant-households')
  @ApiOperation({ summary: '空关户(含电表号) Vacant households with meter numbers', description: '指挥中心预警规则读取(亦经 NATS yiti.v1.grid.households.vacant)。 What the command centre\'s early-warning rules read (also over NATS).' })
  @ApiPage(VacantHouseholdView)
  vacantHouseholds(@Query() query: ListVacantHouseholdsQuery): Promise<RawJson<Page<VacantHouseholdView>>> {
    return this.client.requestRaw(GRID_SUBJECTS.vacantHouseholds, query);
  }

  @Post('residents')
  @Roles('grid_worker', 'leader', 'county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '居民登记 Register a resident', description: '身份证号按 GB 11643 校验,加密存储,输出脱敏;网格按编码或经纬度确定。 The ID number is verified, stored encrypted and shown masked; the grid is given or found from the point.' })
  @ApiCreatedResponse({ type: ResidentView })
  registerResident(@Body() body: RegisterResidentRequest): Promise<RawJson<ResidentView>> {
    return this.client.requestRaw(GRID_SUBJECTS.registerResident, body);
  }

  @Get('residents')
  @ApiOperation({ summary: '居民列表 Residents in your jurisdiction (masked)' })
  @ApiPage(ResidentView)
  listResidents(@Query() query: ListResidentsQuery): Promise<RawJson<Page<ResidentView>>> {
    return this.client.requestRaw(GRID_SUBJECTS.listResidents, query);
  }

  @Post('resident-searches')
  @HttpCode(200)
  @ApiOperation({ summary: '按身份证号查找居民 Find residents by ID number', description: '身份证号放在请求体中(不出现在网址),按密钥哈希匹配。 The number travels in the body, never in a URL, and is matched by keyed hash.' })
  @ApiPage(ResidentView)
  searchResidents(@Body() body: SearchResidentsRequest): Promise<RawJson<Page<ResidentView>>> {
    return this.client.requestRaw(GRID_SUBJECTS.searchResidents, body);
  }

  @Get('residents/:id')
  @ApiOperation({ summary: '居民详情 One resident (masked)' })
  @ApiOkResponse({ type: ResidentView })
  @ApiNotFoundResponse({ description: 'RESIDENT_NOT_FOUND' })
  getResident(@Param() params: IdParam): Promise<RawJson<ResidentView>> {
    return this.client.requestRaw(GRID_SUBJECTS.getResident, params);
  }

  @Post('enterprises')
  @Roles('grid_worker', 'leader', 'county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '企业场所登记 Register an enterprise or place', description: '统一社会信用代码按 GB 32100 校验。 The credit code is verified (GB 32100).' })
  @ApiCreatedResponse({ type: EnterpriseView })
  registerEnterprise(@Body() body: RegisterEnterpriseRequest): Promise<RawJson<EnterpriseView>> {
    return this.client.requestRaw(GRID_SUBJECTS.registerEnterprise, body);
  }

  @Get('enterprises')
  @ApiOperation({ summary: '企业场所列表 Enterprises and places' })
  @ApiPage(EnterpriseView)
  listEnterprises(@Query() query: ListEnterprisesQuery): Promise<RawJson<Page<EnterpriseView>>> {
    return this.client.requestRaw(GRID_SUBJECTS.listEnterprises, query);
  }

  @Get('enterprises/:id')
  @ApiOperation({ summary: '企业场所详情 One enterprise or place' })
  @ApiOkResponse({ type: EnterpriseView })
  @ApiNotFoundResponse({ description: 'ENTERPRISE_NOT_FOUND' })
  getEnterprise(@Param() params: IdParam): Promise<RawJson<EnterpriseView>> {
    return this.client.requestRaw(GRID_SUBJECTS.getEnterprise, params);
  }

  @Post('buildings')
  @Roles('grid_worker', 'leader', 'county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '楼栋登记 Register a building' })
  @ApiCreatedResponse({ type: BuildingView })
  registerBuilding(@Body() body: RegisterBuildingRequest): Promise<RawJson<BuildingView>> {
    return this.client.requestRaw(GRID_SUBJECTS.registerBuilding, body);
  }

  @Get('buildings')
  @ApiOperation({ summary: '楼栋列表 Buildings' })
  @ApiPage(BuildingView)
  listBuildings(@Query() query: ListByGridQuery): Promise<RawJson<Page<BuildingView>>> {
    return this.client.requestRaw(GRID_SUBJECTS.listBuildings, query);
  }
}
