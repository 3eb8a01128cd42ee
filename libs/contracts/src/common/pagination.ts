import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;
/**
 * How far into a filtered list pages reach (page × pageSize): a page costs what is skipped before it,
 * so deeper rows are found by narrowing the filter (status, dates, town), not by paging.
 */
export const MAX_PAGE_DEPTH = 10_000;
/**
 * Pages a list counts past the start of the page (TOTAL_COUNT_PAGES_AHEAD × pageSize rows): `total`
 * is exact up to that many, beyond it is a lower bound with `totalExact: false` ("200+" for pages of
 * 20), so a page never counts every matching row, and counts no more than ten pages of it: enough
 * for a pager to show the next ten pages.
 */
export const TOTAL_COUNT_PAGES_AHEAD = 10;

export class PageQuery {
  @ApiPropertyOptional({ description: `页码(从1开始) Page number, from 1; pages reach the first ${MAX_PAGE_DEPTH} rows (page × pageSize)`, default: 1, minimum: 1, maximum: MAX_PAGE_DEPTH })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_DEPTH)
  page?: number;

  @ApiPropertyOptional({ description: '每页条数 Page size', default: 20, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
}

export class PageMeta {
  @ApiProperty({ description: `总条数 Total items: exact when totalExact, else a lower bound (at most ${TOTAL_COUNT_PAGES_AHEAD} pages past the page's start are counted, ${TOTAL_COUNT_PAGES_AHEAD} × pageSize rows)` })
  total: number;

  @ApiProperty({ description: '总条数是否精确 Whether total is exact (false: there are at least total items)' })
  totalExact: boolean;

  @ApiProperty({ description: '页码 Page number' })
  page: number;

  @ApiProperty({ description: '每页条数 Page size' })
  pageSize: number;
}

export interface PageWindow {
  page: number;
  pageSize: number;
  offset: number;
}

/** The rows a page covers (a query that reads it refuses one past MAX_PAGE_DEPTH: see readPage in @yiti/platform). */
export function pageWindow(query: PageQuery): PageWindow {
  const page = query.page ?? 1;
  const pageSize = Math.min(query.pageSize ?? 20, MAX_PAGE_SIZE);
  return { page, pageSize, offset: (page - 1) * pageSize };
}
