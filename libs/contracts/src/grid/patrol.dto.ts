import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsNumber, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { GRID_CODE_PATTERN } from './grid.dto';
import { PATROL_STATES, PATROL_TRACK_LIMITS, type PatrolState } from './patrol-lifecycle';

/** 开始巡查 (Start a patrol) in one of the worker's grids. */
export class StartPatrolRequest {
  @ApiProperty({ description: '网格编码 Grid code', example: '320585102201001' })
  @Matches(GRID_CODE_PATTERN)
  gridCode: string;
}

/** 轨迹点 (Track point): WGS-84 degrees and when it was taken. */
export class PatrolPointInput {
  @ApiProperty({ description: '经度 Longitude', example: 121.27 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng: number;

  @ApiProperty({ description: '纬度 Latitude', example: 31.5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat: number;

  @ApiProperty({ description: '采集时间 Time taken (ISO 8601)', example: '2025-05-01T08:00:00Z' })
  @IsISO8601()
  at: string;
}

/** 上传轨迹 (Append track points) to an open patrol. */
export class AppendPatrolPointsRequest {
  @ApiProperty({ description: '巡查ID Patrol id' })
  @IsUUID()
  id: string;

  @ApiProperty({ description: `轨迹点(每批至多 ${PATROL_TRACK_LIMITS.pointsPerBatch} 个,时间递增) Track points, increasing in time`, type: [PatrolPointInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PATROL_TRACK_LIMITS.pointsPerBatch)
  @ValidateNested({ each: true })
  @Type(() => PatrolPointInput)
  points: PatrolPointInput[];
}

/** The body of POST /patrols/{id}/track-points. */
export class PatrolPointsBody {
  @ApiProperty({ description: `轨迹点(每批至多 ${PATROL_TRACK_LIMITS.pointsPerBatch} 个,时间递增) Track points, increasing in time`, type: [PatrolPointInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PATROL_TRACK_LIMITS.pointsPerBatch)
  @ValidateNested({ each: true })
  @Type(() => PatrolPointInput)
  points: PatrolPointInput[];
}

export class ListPatrolsQuery extends PageQuery {
  @ApiPropertyOptional({ description: '网格编码 Grid code' })
  @IsOptional()
  @Matches(GRID_CODE_PATTERN)
  gridCode?: string;

  @ApiPropertyOptional({ description: '网格员(用户ID) Grid worker (user id)' })
  @IsOptional()
  @IsUUID()
  workerId?: string;
}

export class PatrolView {
  @ApiProperty({ description: '巡查ID Patrol id' })
  id: string;

  @ApiProperty({ description: '网格编码 Grid code' })
  gridCode: string;

  @ApiProperty({ description: '网格员(用户ID) Grid worker (user id)' })
  workerId: string;

  @ApiProperty({ description: '状态 Status: open 巡查中 / ended 已结束', enum: PATROL_STATES })
  status: PatrolState;

  @ApiProperty({ description: '开始时间 Started at' })
  startedAt: string;

  @ApiProperty({ description: '结束时间 Ended at', nullable: true })
  endedAt: string | null;

  @ApiProperty({ description: '轨迹点数 Track points' })
  pointCount: number;

  @ApiProperty({ description: '巡查里程(米) Distance in metres, once ended', nullable: true })
  distanceMetres: number | null;

  @ApiProperty({ description: '巡查时长(秒) Duration in seconds, once ended', nullable: true })
  durationSeconds: number | null;

  @ApiPropertyOptional({ description: '巡查轨迹 GeoJSON LineString (详情中给出 in the detail only)', type: Object })
  track?: { type: 'LineString'; coordinates: [number, number][] };
}

