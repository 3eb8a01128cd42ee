import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { TownCodeProperty } from '../common/fields';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';

/** A position in the live feed (an SSE event id): `<transaction id>.<change id>`. */
export const FEED_POSITION_PATTERN = /^\d{1,20}\.\d{1,19}$/;

/** The feed's changes after a position (the SSE stream reads it when told of a change; Last-Event-ID resumes it). */
export class WorkOrderChangesQuery {
  /** The last position seen ('' or absent: from now on). */
  @IsOptional()
  @Matches(FEED_POSITION_PATTERN)
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export interface WorkOrderChange {
  /** The change's position `<tx>.<id>`: the SSE event id. */
  id: string;
  /** The workorder.* event name, e.g. workorder.dispatched. */
  type: string;
  /** The event's payload (no personal data). */
  data: Record<string, unknown>;
}

export interface WorkOrderChanges {
  items: WorkOrderChange[];
  /** The position to ask from next (the last id answered, or the given one). */
  last: string;
}

export class DashboardQuery {
  @TownCodeProperty({ required: false })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  townCode?: string;
}

export class CountEntry {
  @ApiProperty({ description: '键 Key (status, category, town code or channel)' })
  key: string;
  @ApiProperty({ description: '数量 Count' })
  count: number;
}

/** 调度大屏 The dispatch dashboard of the caller's jurisdiction. */
export class DispatchDashboardView {
  @ApiProperty({ description: '统计时间 As of' })
  asOf: string;
  @ApiProperty({ description: '按状态 By status (all orders)', type: [CountEntry] })
  byStatus: CountEntry[];
  @ApiProperty({ description: '在办工单按分类(前50) Open orders by category (top 50)', type: [CountEntry] })
  openByCategory: CountEntry[];
  @ApiProperty({ description: '在办工单按乡镇 Open orders by town', type: [CountEntry] })
  openByTown: CountEntry[];
  @ApiProperty({ description: '超期在办 Overdue open orders' })
  overdue: number;
  @ApiProperty({ description: '调度员队列 Waiting for a dispatcher' })
  pendingDispatch: number;
  @ApiProperty({ description: '今日受理按渠道 Today\'s intake by channel', type: [CountEntry] })
  todayByChannel: CountEntry[];
  @ApiPropertyOptional({ description: '今日督办 Supervision notices today' })
  supervisedToday: number;
}
