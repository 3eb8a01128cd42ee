import { TownCodeProperty } from '../common/fields';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, Equals, IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ATTACHMENT_HASH_PATTERN } from '../common/attachment.dto';
import { PageQuery } from '../common/pagination';
import { GRID_EVENT_STATES, type GridEventState } from './grid-event-status';

const TOWN_CODE = /^\d{9}$/;
export const GRID_CODE_PATTERN = /^\d{15}$/;
/** A town's grids in one import (a town has tens, a big street a few hundred). */
export const MAX_GRIDS_PER_IMPORT = 1000;

/** 网格类型 */
export const GRID_TYPES = ['residential_community', 'rural', 'enterprise_park', 'special'] as const;
export type GridType = (typeof GRID_TYPES)[number];
export const GRID_TYPE_LABELS: Record<GridType, string> = { residential_community: '城镇社区网格', rural: '农村网格', enterprise_park: '园区(企业)网格', special: '专属网格' };

/** 网格党支部: the Party branch built on the grid (将党支部建在网格上). */
export class PartyBranch {
  @ApiProperty({ description: '党支部名称 Branch name', example: '东仓村第一网格党支部' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ description: '支部书记 Secretary', example: '王建国' })
  @IsString()
  @Length(1, 50)
  secretary: string;

  @ApiProperty({ description: '党员人数 Party members', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  memberCount: number;

  @ApiProperty({ description: '党员志愿者(担任网格志愿者的党员姓名) Party members serving as grid volunteers', type: [String] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  volunteers: string[];
}

/** A grid's attributes, as the properties of its GeoJSON feature. */
export class GridProperties {
  @ApiProperty({ description: '网格编码(县6+镇3+村3+序号3) Grid code, 15 digits', example: '320585102201001' })
  @Matches(GRID_CODE_PATTERN, { message: 'code must be 15 digits' })
  code: string;

  @ApiProperty({ description: '网格名称 Grid name', example: '东仓村第一网格' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ description: '网格类型 Grid type: residential_community 城镇社区 / rural 农村 / enterprise_park 园区 / special 专属', enum: GRID_TYPES })
  @IsIn(GRID_TYPES)
  type: GridType;

  @ApiPropertyOptional({ description: '网格党支部 Party branch', type: PartyBranch })
  @IsOptional()
  @ValidateNested()
  @Type(() => PartyBranch)
  partyBranch?: PartyBranch | null;

  @ApiPropertyOptional({ description: '专职网格员(用户ID) Full-time grid workers (user ids)', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  fullTimeWorkerIds?: string[];

  @ApiPropertyOptional({ description: '兼职网格员(用户ID) Part-time grid workers (user ids)', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  partTimeWorkerIds?: string[];
}

export class GridFeature {
  @ApiPropertyOptional({ description: '要素标识(GIS 导出时附带) Feature id' })
  @IsOptional()
  id?: string | number;

  @ApiProperty({ enum: ['Feature'] })
  @Equals('Feature')
  type: 'Feature';

  @ApiProperty({ type: GridProperties })
  @ValidateNested()
  @Type(() => GridProperties)
  properties: GridProperties;

  @ApiProperty({ description: '边界 GeoJSON Polygon / MultiPolygon(WGS-84 或 CGCS2000 经纬度) Boundary in degrees', type: Object })
  @IsObject()
  geometry: Record<string, unknown>;
}

export class GridFeatureCollection {
  @ApiPropertyOptional({ description: '图层名称(GIS 导出时附带) Layer name, as GIS tools export it' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: '坐标参照(GIS 导出时附带;坐标须为经纬度) CRS member of older GeoJSON; coordinates must be degrees', type: Object })
  @IsOptional()
  @IsObject()
  crs?: Record<string, unknown>;

  @ApiProperty({ enum: ['FeatureCollection'] })
  @Equals('FeatureCollection')
  type: 'FeatureCollection';

  @ApiProperty({ type: [GridFeature] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_GRIDS_PER_IMPORT)
  @ValidateNested({ each: true })
  @Type(() => GridFeature)
  features: GridFeature[];
}

/** 村(社区)边界: the parent of the grids whose codes start with the village code. */
export class VillageBoundary {
  @ApiProperty({ description: '村(社区)代码(12位) Village or community code, 12 digits', example: '320585102201' })
  @Matches(/^\d{12}$/)
  code: string;

  @ApiPropertyOptional({ description: '村(社区)名称 Name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiProperty({ description: '边界 GeoJSON Polygon / MultiPolygon (degrees)', type: Object })
  @IsObject()
  boundary: Record<string, unknown>;
}

/** A grid worker as identity knows them (网格员), resolved when the grid is imported. */
export class GridWorker {
  @ApiProperty({ description: '用户ID User id' })
  userId: string;

  @ApiProperty({ description: '姓名 Display name' })
  displayName: string;

  @ApiProperty({ description: '专职(true)或兼职 Full-time (true) or part-time' })
  fullTime: boolean;
}

/** 网格导入: a town's grids from a GeoJSON FeatureCollection, all or nothing. */
export class ImportGridsRequest {
  @ApiProperty({ description: '乡镇(街道)代码 Town code', example: '320585102' })
  @Matches(TOWN_CODE)
  townCode: string;

  @ApiPropertyOptional({ description: '乡镇边界(Polygon/MultiPolygon;给出则保存,网格须在其内) Town boundary; kept when given, grids must lie inside it', type: Object })
  @IsOptional()
  @IsObject()
  townBoundary?: Record<string, unknown>;

  @ApiProperty({ description: '网格要素集 The grids as a GeoJSON FeatureCollection', type: GridFeatureCollection })
  @ValidateNested()
  @Type(() => GridFeatureCollection)
  grids: GridFeatureCollection;

  @ApiPropertyOptional({ description: '村(社区)边界(给出则保存;其下网格须在其内,否则在乡镇边界内) Village or community boundaries; kept when given, their grids must lie inside them', type: () => [VillageBoundary] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => VillageBoundary)
  villages?: VillageBoundary[];

  @ApiPropertyOptional({ description: '是否为演示样例数据 Sample (demo) data' })
  @IsOptional()
  sample?: boolean;
}

export class ImportGridsResult {
  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '新增网格数 Grids created' })
  created: number;

  @ApiProperty({ description: '更新网格数 Grids updated' })
  updated: number;

  @ApiProperty({ description: '导入的网格编码 Codes imported', type: [String] })
  codes: string[];
}

export class GridView {
  @ApiProperty({ description: '网格编码 Grid code' })
  code: string;

  @ApiProperty({ description: '网格名称 Grid name' })
  name: string;

  @ApiProperty({ description: '网格类型 Grid type', enum: GRID_TYPES })
  type: GridType;

  @ApiProperty({ description: '网格类型名称 Type label' })
  typeLabel: string;

  @ApiProperty({ description: '县代码 County code' })
  countyCode: string;

  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ description: '村(社区)代码 Village code' })
  villageCode: string;

  @ApiProperty({ description: '边界 GeoJSON boundary', type: Object })
  boundary: Record<string, unknown>;

  @ApiPropertyOptional({ description: '网格党支部 Party branch', type: PartyBranch, nullable: true })
  partyBranch: PartyBranch | null;

  @ApiProperty({ description: '专职网格员 Full-time workers (user ids)', type: [String] })
  fullTimeWorkerIds: string[];

  @ApiProperty({ description: '兼职网格员 Part-time workers (user ids)', type: [String] })
  partTimeWorkerIds: string[];

  @ApiProperty({ description: '网格员(姓名,专兼职) Grid workers with their names', type: [GridWorker] })
  workers: GridWorker[];

  @ApiProperty({ description: '演示样例数据 Sample data' })
  sample: boolean;

  @ApiProperty({ description: '更新时间 Updated at' })
  updatedAt: string;
}

export class ListGridsQuery extends PageQuery {
  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;
}

export class GridCodeParam {
  @ApiProperty({ description: '网格编码 Grid code' })
  @Matches(GRID_CODE_PATTERN)
  code: string;
}

/** A point in degrees (WGS-84 / CGCS2000). */
export class LocatePointQuery {
  @ApiProperty({ description: '经度 Longitude', example: 121.27 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;

  @ApiProperty({ description: '纬度 Latitude', example: 31.5 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiPropertyOptional({ description: '乡镇代码(缺省为本人所在乡镇或本县各乡镇) Town code; defaults to your town, or every town of your county' })
  @IsOptional()
  @Matches(TOWN_CODE)
  townCode?: string;
}

export class GridLocation {
  @ApiProperty({ description: '网格编码 Grid code' })
  code: string;

  @ApiProperty({ description: '网格名称 Grid name' })
  name: string;

  @TownCodeProperty()
  townCode: string;
}

/** 城市管理部件事件分类: components (部件) and events (事件), the city-management classification. */
export const GRID_EVENT_CATEGORIES = {
  component: { public_facilities: '公用设施', roads_traffic: '道路交通', city_appearance: '市容环境', landscaping: '园林绿化', housing_land: '房屋土地', other_facilities: '其他设施' },
  event: { city_appearance: '市容环境', advertising: '宣传广告', construction: '施工管理', emergency: '突发事件', street_order: '街面秩序' },
} as const;
export const GRID_EVENT_KINDS = ['component', 'event'] as const;
export type GridEventKind = (typeof GRID_EVENT_KINDS)[number];
export const GRID_EVENT_CATEGORY_CODES = [...new Set(Object.values(GRID_EVENT_CATEGORIES).flatMap((c) => Object.keys(c)))];

export { GRID_EVENT_STATES, type GridEventState };

/** 巡查上报: what a grid worker reports from the street. */
export class ReportGridEventRequest {
  @ApiProperty({ description: '大类 Kind: component 部件 / event 事件', enum: GRID_EVENT_KINDS })
  @IsIn(GRID_EVENT_KINDS)
  kind: GridEventKind;

  @ApiProperty({ description: '小类 Category: 部件 public_facilities 公用设施, roads_traffic 道路交通, city_appearance 市容环境, landscaping 园林绿化, housing_land 房屋土地, other_facilities 其他设施;事件 city_appearance 市容环境, advertising 宣传广告, construction 施工管理, emergency 突发事件, street_order 街面秩序', enum: GRID_EVENT_CATEGORY_CODES })
  @IsIn(GRID_EVENT_CATEGORY_CODES)
  category: string;

  @ApiProperty({ description: '事件描述 Description' })
  @IsString()
  @Length(1, 2000)
  description: string;

  @ApiProperty({ description: '经度 Longitude' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;

  @ApiProperty({ description: '纬度 Latitude' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiPropertyOptional({ description: '地址描述 Address' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;

  @ApiPropertyOptional({ description: '现场照片(附件哈希,先经 POST /attachments 上传) Photos: hashes of uploaded attachments', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9)
  @ArrayUnique()
  @Matches(ATTACHMENT_HASH_PATTERN, { each: true })
  photos?: string[];
}

export class GridEventView {
  @ApiProperty({ description: '事件ID Event id' })
  id: string;

  @ApiProperty({ description: '网格编码 Grid code' })
  gridCode: string;

  @ApiProperty({ description: '网格名称 Grid name' })
  gridName: string;

  @TownCodeProperty()
  townCode: string;

  @ApiProperty({ enum: GRID_EVENT_KINDS })
  kind: GridEventKind;

  @ApiProperty({ description: '小类 Category' })
  category: string;

  @ApiProperty({ description: '分类名称 Category label' })
  categoryLabel: string;

  @ApiProperty({ description: '描述 Description' })
  description: string;

  @ApiProperty()
  lng: number;

  @ApiProperty()
  lat: number;

  @ApiPropertyOptional({ nullable: true })
  address: string | null;

  @ApiProperty({ type: [String] })
  photos: string[];

  @ApiProperty({ description: '状态 Status (follows the command centre\'s work order)', enum: GRID_EVENT_STATES })
  status: GridEventState;

  @ApiPropertyOptional({ description: '工单ID Work order id (指挥调度中心 command centre)', nullable: true })
  workOrderId: string | null;

  @ApiPropertyOptional({ description: '工单编号 Work order number', nullable: true })
  workOrderNo: string | null;

  @ApiProperty({ description: '上报人 Reporter (user id)' })
  reportedBy: string;

  @ApiProperty({ description: '上报时间 Reported at' })
  reportedAt: string;
}

export class ListGridEventsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '网格编码 Grid code' })
  @IsOptional()
  @Matches(GRID_CODE_PATTERN)
  gridCode?: string;

  @ApiPropertyOptional({ description: '状态 Status', enum: GRID_EVENT_STATES })
  @IsOptional()
  @IsIn(GRID_EVENT_STATES)
  status?: GridEventState;
}

