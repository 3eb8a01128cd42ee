import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { defineSubject } from '../common/messages';
import { GRID_CODE_PATTERN } from './grid.dto';
import { HOUSEHOLD_FLAG_CODES, type HouseholdFlagCode } from './base-data.dto';

/** The most households one lookup or selection page answers. */
export const MAX_HOUSEHOLD_LOOKUP = 10_000;

/** 户及其网格员 A household with its town, grid and the grid's full-time workers (for the command centre). */
export interface HouseholdRecipient {
  id: string;
  townCode: string;
  gridCode: string;
  gridName: string;
  address: string;
  lng: number | null;
  lat: number | null;
  flags: HouseholdFlagCode[];
  /** The grid's full-time workers (专职网格员), user ids; the first is the responsible one. */
  gridWorkerIds: string[];
}

/** Households by id (the power company's readings name them), within the caller's jurisdiction. */
export class LookupHouseholdsRequest {
  @ApiProperty({ description: `户ID(至多 ${MAX_HOUSEHOLD_LOOKUP} 个) Household ids` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOUSEHOLD_LOOKUP)
  @IsUUID('all', { each: true })
  ids: string[];
}

/**
 * 按条件选户 Households matching criteria over grid base data, in id order after `afterId`
 * (keyset pages of at most `limit`): the targeted notices' recipients.
 */
export class SelectHouseholdsRequest {
  @ApiProperty({ description: '辖区(县或镇) County or town code' })
  @Matches(/^(\d{6}|\d{9})$/)
  jurisdictionCode: string;

  @ApiPropertyOptional({ description: '网格编码 Grid codes', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(GRID_CODE_PATTERN, { each: true })
  gridCodes?: string[];

  @ApiPropertyOptional({ description: '须全部带有的标记 Flags every selected household carries', enum: HOUSEHOLD_FLAG_CODES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(HOUSEHOLD_FLAG_CODES.length)
  @IsIn(HOUSEHOLD_FLAG_CODES, { each: true })
  flags?: HouseholdFlagCode[];

  @ApiPropertyOptional({ description: '从此户ID之后 After this household id' })
  @IsOptional()
  @IsUUID()
  afterId?: string;

  @ApiProperty({ description: '条数 Page size' })
  @IsInt()
  @Min(1)
  @Max(MAX_HOUSEHOLD_LOOKUP)
  limit: number;
}

/**
 * Grid queries for the command centre (研判预警 and 精准推送), kept apart from GRID_SUBJECTS.
 * A resident-level selection (age band, unemployed …) is declared in command-dispatch/notices.dto.ts
 * as RESIDENT_SELECTION_SUBJECT, to be answered by the grid service once residents are its base data.
 */
export const GRID_LOOKUP_SUBJECTS = {
  lookupHouseholds: defineSubject('grid', 'households', 'lookup', LookupHouseholdsRequest).returns<{ items: HouseholdRecipient[] }>(),
  selectHouseholds: defineSubject('grid', 'households', 'select', SelectHouseholdsRequest).returns<{ items: HouseholdRecipient[] }>(),
} as const;
