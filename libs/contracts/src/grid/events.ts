import { IsArray, IsIn, IsNumber, IsString, IsUUID, Matches } from 'class-validator';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { defineEvent } from '../common/messages';
import { GRID_CODE_PATTERN, GRID_EVENT_KINDS, type GridEventKind } from './grid.dto';

/** 巡查上报: a grid worker reported an event, for the command centre. No personal data: the reporter is a user id. */
export class GridEventReportedEvent {
  @IsUUID()
  eventId: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  countyCode: string;

  @Matches(JURISDICTION_CODE_PATTERN)
  townCode: string;

  @Matches(GRID_CODE_PATTERN)
  gridCode: string;

  @IsIn(GRID_EVENT_KINDS)
  kind: GridEventKind;

  @IsString()
  category: string;

  @IsString()
  description: string;

  @IsNumber()
  lng: number;

  @IsNumber()
  lat: number;

  @IsArray()
  @IsString({ each: true })
  photos: string[];

  @IsUUID()
  reportedBy: string;

  @IsString()
  reportedAt: string;
}

const svc = 'grid';

export const GRID_EVENTS = {
  eventReported: defineEvent(svc, 'grid.event.reported', 1, GridEventReportedEvent),
} as const;
