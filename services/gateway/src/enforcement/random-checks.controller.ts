import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  AssignmentView,
  CheckEntityView,
  CheckItemView,
  CreateCheckItemRequest,
  CreateDrawRequest,
  DrawIdParam,
  DrawSnapshotView,
  DrawView,
  EnrolInspectorRequest,
  IdParam,
  ImportCheckEntitiesRequest,
  ImportCheckEntitiesView,
  InspectorView,
  ListAssignmentsQuery,
  ListCheckEntitiesQuery,
  ListCheckItemsQuery,
  ListDrawsQuery,
  ListInspectorsQuery,
  RANDOM_CHECK_SUBJECTS,
  RecordCheckResultRequest,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

const READERS = ['enforcement_officer', 'leader', 'legal_reviewer', 'department_staff', 'county_admin', 'county_leader'] as const;
const DRAWERS = ['leader', 'county_admin'] as const;

@ApiTags('双随机一公开 Random spot checks')
@ApiBearerAuth()
@Controller('enforcement/random-checks')
export class RandomChecksController {
  constructor(private readonly client: ServiceClient) {}

  @Post('items')
  @Roles('county_admin', 'department_staff')
  @ApiOperation({ summary: '抽查事项清单:新增事项 Add an item to the spot-check list (一单)', description: '一般检查事项或重点检查事项,关联权力事项(检查人员须具备其执法资格)。 A general or key item, tied to the catalog item whose certification inspectors need.' })
  @ApiCreatedResponse({ type: CheckItemView })
  createItem(@Body() body: CreateCheckItemRequest): Promise<RawJson<CheckItemView>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.createItem, body);
  }

  @Get('items')
  @Roles(...READERS)
  @ApiOperation({ summary: '抽查事项清单 The county\'s spot-check list' })
  @ApiPage(CheckItemView)
  listItems(@Query() query: ListCheckItemsQuery): Promise<RawJson<Page<CheckItemView>>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.listItems, query);
  }

  @Post('entities/import')
  @HttpCode(200)
  @Roles(...DRAWERS)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({
    summary: '检查对象名录库:导入 Import inspected entities',
    description: 'CSV(表头 townCode,creditCode,name,address)或 JSON 行;逐行校验统一社会信用代码(GB 32100)与辖区,错误行按行号列明并跳过,其余新增或更新。 CSV or JSON rows, each checked (GB 32100 credit code, jurisdiction); bad rows are listed by line and skipped, the rest added or updated.',
  })
  @ApiOkResponse({ type: ImportCheckEntitiesView })
  importEntities(@Body() body: ImportCheckEntitiesRequest): Promise<RawJson<ImportCheckEntitiesView>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.importEntities, body);
  }

  @Get('entities')
  @Roles(...READERS)
  @ApiOperation({ summary: '检查对象名录库 The entity pool' })
  @ApiPage(CheckEntityView)
  listEntities(@Query() query: ListCheckEntitiesQuery): Promise<RawJson<Page<CheckEntityView>>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.listEntities, query);
  }

  @Post('inspectors')
  @HttpCode(200)
  @Roles('enforcement_officer', ...DRAWERS)
  @ApiOperation({ summary: '检查人员名录库:录入人员与回避申报 Enrol an inspector with declared conflicts', description: '须为在岗执法人员;执法人员本人可申报回避。 An active enforcement officer; officers declare their own conflicts.' })
  @ApiOkResponse({ type: InspectorView })
  @ApiUnprocessableEntityResponse({ description: 'INSPECTOR_NOT_ELIGIBLE' })
  enrolInspector(@Body() body: EnrolInspectorRequest): Promise<RawJson<InspectorView>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.enrolInspector, body);
  }

  @Get('inspectors')
  @Roles(...READERS)
  @ApiOperation({ summary: '检查人员名录库 The inspector pool' })
  @ApiPage(InspectorView)
  listInspectors(@Query() query: ListInspectorsQuery): Promise<RawJson<Page<InspectorView>>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.listInspectors, query);
  }

  @Post('draws')
  @Roles(...DRAWERS)
  @ApiOperation({
    summary: '双随机摇号 Draw a random check',
    description:
      '按抽查比例或户数随机抽取检查对象,每户随机匹配至少两名在检查日具备全部事项执法资格、且未申报回避的检查人员。摇号输入(名录库快照)冻结并取哈希,随机种子公开;算法 yiti-draw-v1(HMAC-SHA256),任何人可据种子与快照复核。 Picks entities by share or count and, for each, at least two inspectors certified for every item on the date and not recused. The inputs are frozen and hashed, the seed published; anyone can re-run yiti-draw-v1.',
  })
  @ApiCreatedResponse({ type: DrawView })
  @ApiUnprocessableEntityResponse({ description: 'DRAW_POOL_INSUFFICIENT' })
  draw(@Body() body: CreateDrawRequest): Promise<RawJson<DrawView>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.draw, body);
  }

  @Get('draws')
  @Roles(...READERS)
  @ApiOperation({ summary: '双随机抽查 Draws in your jurisdiction' })
  @ApiPage(DrawView)
  listDraws(@Query() query: ListDrawsQuery): Promise<RawJson<Page<DrawView>>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.listDraws, query);
  }

  @Get('draws/:drawId')
  @Roles(...READERS)
  @ApiOperation({ summary: '一次抽查 One draw' })
  @ApiOkResponse({ type: DrawView })
  getDraw(@Param() params: DrawIdParam): Promise<RawJson<DrawView>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.getDraw, { drawId: params.drawId });
  }

  @Get('draws/:drawId/snapshot')
  @Roles(...READERS)
  @ApiOperation({ summary: '摇号输入快照(复核用) The frozen input of the draw, for an independent re-run' })
  @ApiOkResponse({ type: DrawSnapshotView })
  getSnapshot(@Param() params: DrawIdParam): Promise<RawJson<DrawSnapshotView>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.getSnapshot, { drawId: params.drawId });
  }

  @Get('draws/:drawId/assignments')
  @Roles(...READERS)
  @ApiOperation({ summary: '抽中的检查对象及检查人员 Picked entities with their inspectors' })
  @ApiPage(AssignmentView)
  listAssignments(@Param() params: DrawIdParam, @Query() query: ListAssignmentsQuery): Promise<RawJson<Page<AssignmentView>>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.listAssignments, { ...query, drawId: params.drawId });
  }

  @Post('assignments/:id/result')
  @HttpCode(200)
  @Roles('enforcement_officer', 'leader')
  @ApiOperation({ summary: '录入抽查结果 Record a check result', description: '本户检查人员或队伍负责人录入一次;发现问题可同时转为线索(来源:双随机抽查)。 By one of the inspectors or the leader, once; a problem found may raise a clue (source random_check).' })
  @ApiOkResponse({ type: AssignmentView })
  recordResult(@Param() params: IdParam, @Body() body: RecordCheckResultRequest): Promise<RawJson<AssignmentView>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.recordResult, { ...body, id: params.id });
  }
}
