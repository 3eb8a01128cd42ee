import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AUTHORITY_SUBJECTS,
  CatalogItemView,
  CatalogVersionView,
  CountyCatalogView,
  CountyCodeParam,
  CreateCatalogVersionRequest,
  IdParam,
  ImportCatalogItemsRequest,
  ImportCatalogItemsResult,
  ListCatalogItemsQuery,
  SetCountyCatalogRequest,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('权力事项目录 Power catalog')
@ApiBearerAuth()
@Controller()
export class CatalogController {
  constructor(private readonly client: ServiceClient) {}

  @Get('catalog-versions')
  @ApiOperation({ summary: '目录版本列表 Catalog versions', description: '省级发布的赋权指导目录各版本。 Versions of the provincial guidance catalog.' })
  @ApiOkResponse({ type: [CatalogVersionView] })
  listVersions(): Promise<RawJson<CatalogVersionView[]>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listCatalogVersions, {});
  }

  @Post('catalog-versions')
  @Roles('province_admin')
  @ApiOperation({ summary: '发布目录版本 Publish a catalog version' })
  @ApiCreatedResponse({ type: CatalogVersionView })
  createVersion(@Body() body: CreateCatalogVersionRequest): Promise<RawJson<CatalogVersionView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.createCatalogVersion, body);
  }

  @Post('catalog-versions/:id/items/import')
  @Roles('province_admin')
  @ApiOperation({
    summary: '导入目录事项(JSON 或 CSV) Import catalog items (JSON or CSV)',
    description: '全部校验通过才导入;否则返回逐行错误(422 CATALOG_IMPORT_INVALID)。 All rows or none: any invalid row returns every row\'s problems.',
  })
  @ApiCreatedResponse({ type: ImportCatalogItemsResult })
  importItems(@Param() params: IdParam, @Body() body: ImportCatalogItemsRequest): Promise<RawJson<ImportCatalogItemsResult>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.importCatalogItems, { ...body, versionId: params.id }, { timeoutMs: 60_000 });
  }

  @Get('catalog-items')
  @ApiOperation({ summary: '目录事项列表 Catalog items' })
  @ApiPage(CatalogItemView)
  listItems(@Query() query: ListCatalogItemsQuery): Promise<RawJson<Page<CatalogItemView>>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listCatalogItems, query);
  }

  @Get('catalog-items/:id')
  @ApiOperation({ summary: '目录事项详情 Catalog item' })
  @ApiOkResponse({ type: CatalogItemView })
  getItem(@Param() params: IdParam): Promise<RawJson<CatalogItemView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.getCatalogItem, params);
  }

  @Put('counties/:countyCode/catalog')
  @Roles('province_admin', 'county_admin')
  @ApiOperation({ summary: '本县选用目录版本 Choose the county\'s catalog version' })
  @ApiOkResponse({ type: CountyCatalogView })
  setCountyCatalog(@Param() params: CountyCodeParam, @Body() body: SetCountyCatalogRequest): Promise<RawJson<CountyCatalogView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.setCountyCatalog, { ...body, countyCode: params.countyCode });
  }

  @Get('counties/:countyCode/catalog')
  @ApiOperation({ summary: '本县选用的目录版本 The county\'s catalog version' })
  @ApiOkResponse({ type: CountyCatalogView })
  getCountyCatalog(@Param() params: CountyCodeParam): Promise<RawJson<CountyCatalogView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.getCountyCatalog, params);
  }
}
