/**
 * Early warning (研判预警), the Liuhe case at scale: 100,000 daily electricity readings (10,000
 * households × 10 days, 2,000 of them vacant) posted as 10 CSV batches of 10,000 through the gateway
 * to command-dispatch, each batch stored once per meter and day and evaluated at once (households
 * above the threshold looked up in the grid service; each vacant one above it → an alert and a
 * check-visit order to its grid worker). Goal: ≤ 20 s on 2 cores. Measured in the same run: the
 * bare INSERT of the same 100,000 rows with pg (the floor of storing them).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { waitForHttpOk, type Children } from './children';
import type { BenchSettings } from './config';
import { login, mainScript, serviceEnv } from './platform';

const TOWN = '320585102';
const HOUSEHOLDS = 10_000;
const VACANT_EVERY = 5;
const DAYS = 10;
const BATCH = 10_000;
const GRIDS = 20;
export const READINGS_GOAL_MS = 20_000;

export interface ReadingsReport {
  readings: number;
  batches: number;
  totalMs: number;
  batchMs: number[];
  bareInsertMs: number;
  expectedAlerts: number;
  alerts: number;
  orders: number;
  goalMs: number;
}

/** Deterministic: a vacant household's reading is above the threshold on about 1 day in 100. */
function valueOf(household: number, day: number): number {
  if (household % VACANT_EVERY !== 0) return 4 + (household % 7);
  const h = createHash('sha1').update(`${household}:${day}`).digest().readUInt16BE(0);
  return h % 100 === 0 ? 3.2 : 0.2;
}

async function seedGrid(pool: Pool): Promise<{ householdIds: string[]; workerIds: string[] }> {
  await pool.query(`INSERT INTO grid.town_grids (town_code, county_code) VALUES ($1, '320585') ON CONFLICT DO NOTHING`, [TOWN]);
  const workerIds = Array.from({ length: GRIDS }, () => randomUUID());
  const gridCode = (g: number) => `${TOWN}9${String(g).padStart(2, '0')}001`;
  for (let g = 0; g < GRIDS; g++) {
    const square = { type: 'Polygon', coordinates: [[[121.2 + g * 0.01, 31.4], [121.21 + g * 0.01, 31.4], [121.21 + g * 0.01, 31.41], [121.2 + g * 0.01, 31.41], [121.2 + g * 0.01, 31.4]]] };
    await pool.query(
      `INSERT INTO grid.grid (code, county_code, town_code, village_code, name, type, boundary, full_time_worker_ids) VALUES ($1, '320585', $2, $3, $4, 'rural', $5, $6) ON CONFLICT (code) DO UPDATE SET full_time_worker_ids = EXCLUDED.full_time_worker_ids`,
      [gridCode(g), TOWN, gridCode(g).slice(0, 12), `基准网格${g + 1}`, JSON.stringify(square), JSON.stringify([workerIds[g]])],
    );
  }
  const householdIds = Array.from({ length: HOUSEHOLDS }, () => randomUUID());
  await pool.query(
    `INSERT INTO grid.household (id, county_code, town_code, grid_code, address, members, flags)
     SELECT id, '320585', $2, ($3::text[])[1 + (n % ${GRIDS})], '基准地址' || n, 1, CASE WHEN n % ${VACANT_EVERY} = 0 THEN ARRAY['vacant'] ELSE ARRAY[]::text[] END
     FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, k), LATERAL (SELECT (k - 1)::int AS n) AS x`,
    [householdIds, TOWN, Array.from({ length: GRIDS }, (_, g) => gridCode(g))],
  );
  return { householdIds, workerIds };
}

export async function runReadingsBench(children: Children, settings: BenchSettings, pool: Pool, gatewayUrl: string): Promise<ReadingsReport> {
  const gridPort = Number(process.env['BENCH_GRID_PORT'] ?? 3194);
  await pool.query('DROP SCHEMA IF EXISTS grid CASCADE');
  await children.run('grid-migrate', mainScript(settings, 'grid'), ['migrate'], { env: serviceEnv(settings, 'grid') });
  const grid = children.start('grid', mainScript(settings, 'grid'), ['serve'], { env: serviceEnv(settings, 'grid', { HTTP_PORT: String(gridPort), HTTP_HOST: '127.0.0.1' }) });
  await waitForHttpOk(grid, `http://127.0.0.1:${gridPort}/health/ready`);
  const { householdIds } = await seedGrid(pool);

  const admin = await login(gatewayUrl, 'taicang.admin');
  const headers = { 'content-type': 'application/json', ...admin };
  const rule = await fetch(`${gatewayUrl}/api/v1/warning-rules`, { method: 'POST', headers, body: JSON.stringify({ countyCode: '320585', name: `基准空关户用电${randomUUID().slice(0, 6)}`, kind: 'reading_threshold', params: { readingKind: 'electricity_kwh', householdFlag: 'vacant', threshold: 1.5 } }) });
  const ruleBody = (await rule.json()) as { id?: string };
  if (rule.status !== 201 || !ruleBody.id) throw new Error(`creating the rule answered ${rule.status}: ${JSON.stringify(ruleBody)}`);

  const days = Array.from({ length: DAYS }, (_, d) => `2026-11-${String(d + 1).padStart(2, '0')}`);
  const rows: [string, string, string, number][] = [];
  householdIds.forEach((id, h) => days.forEach((day, d) => rows.push([`LH${String(h).padStart(6, '0')}`, id, day, valueOf(h, d)])));
  const expectedAlerts = rows.filter(([, , , v], i) => Math.floor(i / DAYS) % VACANT_EVERY === 0 && v > 1.5).length;

  // Same run, the floor: the same 100,000 rows inserted by bare pg in batches of 10,000.
  const client = await pool.connect();
  let bareInsertMs = 0;
  try {
    await client.query('CREATE TEMP TABLE bench_reading (county_code text, meter_no text, day date, household_id uuid, value numeric(12,3), PRIMARY KEY (county_code, meter_no, day))');
    const started = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) {
      const b = rows.slice(i, i + BATCH);
      await client.query(`INSERT INTO bench_reading SELECT '320585', m, d, h, v FROM unnest($1::text[], $2::date[], $3::uuid[], $4::numeric[]) AS t(m, d, h, v) ON CONFLICT DO NOTHING`, [b.map((r) => r[0]), b.map((r) => r[2]), b.map((r) => r[1]), b.map((r) => r[3])]);
    }
    bareInsertMs = Math.round(performance.now() - started);
    await client.query('DROP TABLE bench_reading');
  } finally {
    client.release();
  }

  const batchMs: number[] = [];
  const started = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    const csv = ['meter_no,household_id,day,value', ...rows.slice(i, i + BATCH).map((r) => r.join(','))].join('\n');
    const t0 = performance.now();
    const response = await fetch(`${gatewayUrl}/api/v1/meter-readings`, { method: 'POST', headers, body: JSON.stringify({ countyCode: '320585', csv }) });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`batch ${i / BATCH + 1} answered ${response.status}: ${body.slice(0, 500)}`);
    batchMs.push(Math.round(performance.now() - t0));
  }
  const totalMs = Math.round(performance.now() - started);
  const [{ n: alerts }] = (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM command_dispatch.warning_alert WHERE rule_id = $1`, [ruleBody.id])).rows as [{ n: string }];
  const [{ n: orders }] = (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM command_dispatch.work_order WHERE channel = 'rule_alert' AND source_ref LIKE $1`, [`alert:${ruleBody.id}:%`])).rows as [{ n: string }];
  return { readings: rows.length, batches: batchMs.length, totalMs, batchMs, bareInsertMs, expectedAlerts, alerts: Number(alerts), orders: Number(orders), goalMs: READINGS_GOAL_MS };
}

export function printReadings(r: ReadingsReport): void {
  console.log(`\n(h) early warning: ${r.readings} electricity readings in ${r.batches} CSV batches through the gateway → command-dispatch (stored, evaluated, alerts → orders)`);
  console.log(`  total ${r.totalMs} ms (goal ≤ ${r.goalMs} ms: ${r.totalMs <= r.goalMs ? 'met' : 'NOT met'}); per batch ${r.batchMs.join(', ')} ms`);
  console.log(`  bare pg INSERT of the same rows in the same run: ${r.bareInsertMs} ms (platform / bare = ${(r.totalMs / Math.max(1, r.bareInsertMs)).toFixed(1)}×)`);
  console.log(`  alerts ${r.alerts}, check-visit orders ${r.orders}, expected ${r.expectedAlerts}: ${r.alerts === r.expectedAlerts && r.orders === r.expectedAlerts ? 'counts match' : 'COUNTS DIFFER'}`);
}
