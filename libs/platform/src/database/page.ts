import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { MAX_PAGE_DEPTH, TOTAL_COUNT_PAGES_AHEAD, pageWindow, type Page, type PageQuery } from '@yiti/contracts';
import { DomainException } from '../errors/domain-exception';

type Window = ReturnType<typeof pageWindow>;

function boundedWindow(query: PageQuery): Window {
  const window = pageWindow(query);
  if (window.offset + window.pageSize > MAX_PAGE_DEPTH) {
    const message = `pages reach the first ${MAX_PAGE_DEPTH} rows: narrow the filter`;
    throw new DomainException('VALIDATION_FAILED', `第 ${window.page} 页超出可翻页范围 Page ${window.page} is beyond the first ${MAX_PAGE_DEPTH} rows; narrow the filter`, [{ field: 'page', messages: [message] }]);
  }
  return window;
}

/** The page with its total: a short page is its own count, else `countUpTo(limit)` counts at most `limit` rows. */
async function counted<T>(items: T[], { page, pageSize, offset }: Window, countUpTo: (limit: number) => Promise<number>): Promise<Page<T>> {
  if (items.length < pageSize && (items.length > 0 || offset === 0)) return { items, total: offset + items.length, totalExact: true, page, pageSize };
  const limit = offset + TOTAL_COUNT_PAGES_AHEAD * pageSize + 1;
  const n = await countUpTo(limit);
  return { items, total: Math.min(n, limit - 1), totalExact: n < limit, page, pageSize };
}

/**
 * One page of an ordered query, at a cost bounded by the page's depth, never by the rows that match:
 * the rows of the page, and a count of at most TOTAL_COUNT_PAGES_AHEAD pages past its start
 * (`totalExact` false beyond that). A short page is its own count. Pages past MAX_PAGE_DEPTH rows are refused.
 */
export async function readPage<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: PageQuery): Promise<Page<T>> {
  const window = boundedWindow(query);
  const items = await qb.clone().offset(window.offset).limit(window.pageSize).getMany();
  return counted(items, window, async (limit) => {
    // Counted in list order: the list's index then yields the rows, never a scan of every match.
    const [sql, parameters] = qb.clone().select('1').offset(undefined).limit(limit).getQueryAndParameters();
    const [{ n }] = (await qb.connection.query(`SELECT count(*)::int AS n FROM (${sql}) AS counted`, parameters)) as [{ n: number }];
    return n;
  });
}

/** An ordered SQL list, in parts: `SELECT <columns> FROM <from> WHERE <where> ORDER BY <order>`. */
export interface SqlList {
  columns: string;
  from: string;
  where: string;
  order: string;
}

/** `readPage` for a list written in SQL: the same bounds, the same capped count. */
export async function readSqlPage<R>(dataSource: Pick<DataSource, 'query'>, list: SqlList, parameters: unknown[], query: PageQuery): Promise<Page<R>> {
  const window = boundedWindow(query);
  const body = `FROM ${list.from} WHERE ${list.where} ORDER BY ${list.order}`;
  const items: R[] = await dataSource.query(`SELECT ${list.columns} ${body} LIMIT ${window.pageSize} OFFSET ${window.offset}`, parameters);
  return counted(items, window, async (limit) => {
    const [{ n }] = (await dataSource.query(`SELECT count(*)::int AS n FROM (SELECT 1 ${body} LIMIT ${limit}) AS counted`, parameters)) as [{ n: number }];
    return n;
  });
}
