/**
 * `BENCH_ONLY=grid npm run bench`: the grid service's two hot paths, in process.
 *   - point → grid: lookups per second through the grid index (Flatbush candidates, Turf
 *     point-in-polygon) over 2,000 grids of 160 vertices each (goal ≥ 50,000/s).
 *   - household CSV import: a 100,000-row file streamed from disk through the service's own reader
 *     (csv-parse, row checks, batches of 1,000), each row placed by its point in the same index,
 *     each batch written to PostgreSQL as one multi-row INSERT into a table shaped like
 *     grid.household; rows per second (goal ≥ 5,000/s) and peak RSS growth (goal ≤ 150 MB). The
 *     service adds one audit row and one progress update per batch; the end-to-end figure through
 *     the gateway is printed by e2e/src/grid.e2e-spec.ts.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Pool } from 'pg';
import { GridIndex, householdRow, readCsvInBatches } from '@yiti/grid-service';

const GOALS = { lookupsPerSecond: 50_000, rowsPerSecond: 5_000, rssGrowthMb: 150 };
const COLUMNS = 40;
const ROWS = 50;
const SIZE = 0.005;
const WEST = 120;
const SOUTH = 30;

/** A square of SIZE degrees drawn with `perSide` points per side, counter-clockwise. */
function ring(west: number, south: number, perSide: number): number[][] {
  const points: number[][] = [];
  const side = (from: number[], to: number[]) => {
    for (let i = 0; i < perSide; i++) points.push([(from[0] as number) + (((to[0] as number) - (from[0] as number)) * i) / perSide, (from[1] as number) + (((to[1] as number) - (from[1] as number)) * i) / perSide]);
  };
  const corners = [[west, south], [west + SIZE, south], [west + SIZE, south + SIZE], [west, south + SIZE]];
  corners.forEach((c, i) => side(c, corners[(i + 1) % 4] as number[]));
  points.push([west, south]);
  return points;
}

function grids(): GridIndex {
  const all = [];
  for (let x = 0; x < COLUMNS; x++) {
    for (let y = 0; y < ROWS; y++) {
      const code = `320585${String(100 + x).padStart(3, '0')}${String(201 + y).padStart(3, '0')}001`;
      all.push({ code, name: code, boundary: { type: 'Polygon' as const, coordinates: [ring(WEST + x * SIZE, SOUTH + y * SIZE, 40)] } });
    }
  }
  return new GridIndex(all);
}

function lookups(index: GridIndex): { perSecond: number; found: number } {
  const n = 500_000;
  const points = Float64Array.from({ length: n * 2 }, (_, i) => (i % 2 === 0 ? WEST + Math.random() * COLUMNS * SIZE : SOUTH + Math.random() * ROWS * SIZE));
  for (let i = 0; i < 20_000; i++) index.locate(points[2 * i] as number, points[2 * i + 1] as number);
  let found = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (index.locate(points[2 * i] as number, points[2 * i + 1] as number)) found++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: n / seconds, found };
}

async function writeFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('address,grid_code,lng,lat,members,meter_number,vacant,left_behind_elderly,low_income\n');
  for (let n = 1; n <= rows; n++) {
    const line = n % 1000 === 0 ? `坏行${n},,0,0,x,,maybe,0,0\n` : `基准路${n}号,,${(WEST + Math.random() * COLUMNS * SIZE).toFixed(6)},${(SOUTH + Math.random() * ROWS * SIZE).toFixed(6)},${n % 6},DB${String(n).padStart(6, '0')},${n % 10 === 1 ? '是' : '否'},0,0\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function csvImport(index: GridIndex, databaseUrl: string): Promise<{ rowsPerSecond: number; rssGrowthMb: number; accepted: number; rejected: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'yiti-grid-bench-'));
  const path = join(dir, 'households.csv');
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  try {
    await writeFile(path, 100_000);
    await pool.query(`CREATE SCHEMA IF NOT EXISTS bench`);
    await pool.query(`DROP TABLE IF EXISTS bench.grid_household`);
    await pool.query(`CREATE TABLE bench.grid_household (id uuid PRIMARY KEY, county_code text NOT NULL, town_code text NOT NULL, grid_code text NOT NULL, address text NOT NULL, members integer NOT NULL, meter_number text, flags text[] NOT NULL, lng double precision, lat double precision, import_id uuid)`);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const importId = randomUUID();
    const started = process.hrtime.bigint();
    const result = await readCsvInBatches(createReadStream(path), householdRow, async (rows) => {
      const refused = [];
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (const row of rows) {
        const grid = row.point ? index.locate(row.point.lng, row.point.lat) : null;
        if (!grid) {
          refused.push({ line: row.line, messages: ['in no grid'] });
          continue;
        }
        const base = values.length;
        values.push(randomUUID(), '320585', grid.code.slice(0, 9), grid.code, row.address, row.members, row.meterNumber, row.flags, row.point?.lng ?? null, row.point?.lat ?? null, importId);
        tuples.push(`(${Array.from({ length: 11 }, (_, i) => `$${base + i + 1}`).join(', ')})`);
      }
      if (tuples.length) await pool.query(`INSERT INTO bench.grid_household (id, county_code, town_code, grid_code, address, members, meter_number, flags, lng, lat, import_id) VALUES ${tuples.join(', ')}`, values);
      return refused;
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    return { rowsPerSecond: result.rowsDone / seconds, rssGrowthMb: (peak - baseline) / 1024 / 1024, accepted: result.accepted, rejected: result.rejected };
  } finally {
    await pool.query(`DROP TABLE IF EXISTS bench.grid_household`).catch(() => undefined);
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs both measurements and prints them against their goals; answers them for bench-results/latest.json. */
export async function runGridBench(databaseUrl: string): Promise<Record<string, number>> {
  const index = grids();
  const lookup = lookups(index);
  console.log(`grid: point → grid over ${index.size} grids: ${lookup.perSecond.toFixed(0)} lookups/s (goal ≥ ${GOALS.lookupsPerSecond}), ${lookup.found} of 500000 found`);
  const csv = await csvImport(index, databaseUrl);
  console.log(
    `grid: 100,000-row household CSV: ${csv.rowsPerSecond.toFixed(0)} rows/s (goal ≥ ${GOALS.rowsPerSecond}), peak RSS growth ${csv.rssGrowthMb.toFixed(1)} MB (goal ≤ ${GOALS.rssGrowthMb}); ${csv.accepted} imported, ${csv.rejected} bad rows reported`,
  );
  return { lookupsPerSecond: lookup.perSecond, csvRowsPerSecond: csv.rowsPerSecond, csvRssGrowthMb: csv.rssGrowthMb };
}
