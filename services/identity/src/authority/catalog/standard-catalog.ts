import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * SAMPLE standard catalog — for demos, seed data and tests only: `standard-catalog.csv` beside this
 * file, in the CSV format operators import (`POST /catalog-versions/{id}/items/import`); the build
 * copies it into dist (tools/build/copy-data-files.mjs).
 *
 * This is NOT the official Jiangsu 《赋予乡镇(街道)经济社会管理权限指导目录》 (369 items:
 * 46 许可服务类, 323 行政处罚类). It is a hand-written, representative subset of the kinds of
 * county powers delegated to towns, with item codes from a made-up scheme
 * (XK-<部门>-NNN = 许可服务, CF-<部门>-NNN = 行政处罚). Operators must import the real
 * provincial catalog and their county's adopted 行政处罚裁量基准; nothing here is legal advice.
 *
 * Conventions used in the data:
 *  - Legal bases name real laws/regulations. Where the article number was not certain, only the
 *    law is named (no article is guessed).
 *  - Discretion bands follow the statutory fine range of the cited penalty article. Where the
 *    national text sets no amount (e.g. 《城市市容和环境卫生管理条例》第三十四条 "可以并处警告、罚款"),
 *    the yuan figures are illustrative and marked as such in `otherMeasures`.
 *  - Where a fine is computed from 工程造价 / 货值 / 面积 / 林木价值 etc., the band has null yuan
 *    bounds and states the formula in `otherMeasures`.
 */
export function readStandardCatalogCsv(): string {
  return readFileSync(join(__dirname, 'standard-catalog.csv'), 'utf8');
}
