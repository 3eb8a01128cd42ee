/**
 * Scenario (g), filing a penalty case (立案) through the gateway: POST
 * /api/v1/enforcement/cases/{id}/file as Liuhe's team leader, each request on a clue of its own
 * already verified and proposed for filing (preloaded in SQL), for a penalty item the town holds,
 * with two officers certified for it. The enforcement service asks identity the power mode on the
 * violation date and both certifications, draws the case number, and writes the case, its numbered
 * 立案审批表 and its audit row in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { login, type PlatformTarget, type RunningPlatform } from './platform';

export const CASE_TOWN = '320585102';
const LEADER = 'liuhe.leader';
const OFFICERS = ['liuhe.officer', 'liuhe.officer2'];

export interface CaseFilingTarget extends PlatformTarget {
  itemCode: string;
  nextBody: () => string;
  nextPath: () => string;
  preloaded: number;
}

async function json<T>(url: string, init: RequestInit, expected: number): Promise<T> {
  const response = await fetch(url, init);
  const body = await response.text();
  if (response.status !== expected) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${body.slice(0, 1000)}`);
  return JSON.parse(body) as T;
}

/**
 * Certifies the team's two officers for the first penalty item Liuhe holds, preloads `count` clues
 * proposed for filing, and files one through the gateway to check the path answers 200 before any load.
 */
export async function prepareCaseFiling(platform: RunningPlatform, pool: Pool, count: number): Promise<CaseFilingTarget> {
  const [admin, leader, ...officers] = await Promise.all([login(platform.url, 'taicang.admin'), login(platform.url, LEADER), ...OFFICERS.map((u) => login(platform.url, u))]);
  const powers = await json<{ itemId: string; itemCode: string; kind: string; mode: string }[]>(`${platform.url}/api/v1/town-powers?townCode=${CASE_TOWN}`, { headers: leader }, 200);
  const power = powers.find((p) => p.kind === 'penalty' && p.mode !== 'county');
  if (!power) throw new Error(`town ${CASE_TOWN} holds no penalty item: is the demo seed in place?`);
  const item = await json<{ category: string }>(`${platform.url}/api/v1/catalog-items/${power.itemId}`, { headers: admin }, 200);
  const officerIds: string[] = [];
  for (const headers of officers) {
    const me = await json<{ id: string }>(`${platform.url}/api/v1/auth/me`, { headers }, 200);
    officerIds.push(me.id);
    await json(
      `${platform.url}/api/v1/certifications`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify({ userId: me.id, certificateNo: `ZF-BENCH-${randomUUID().slice(0, 8)}`, categories: [item.category], issuedOn: '2026-01-01', expiresOn: '2030-12-31' }) },
      201,
    );
  }
  const creator = officerIds[0] as string;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO enforcement.penalty_case (id, county_code, town_code, status, source, summary, item_id, item_code, item_name, violation_on, officer_ids, registered_on, created_by)
     SELECT gen_random_uuid(), '320585', $1, 'filing_proposed', 'inspection', '基准线索 ' || n, $2, $3, '基准处罚事项', (now() AT TIME ZONE 'Asia/Shanghai')::date - 10, $4::uuid[], (now() AT TIME ZONE 'Asia/Shanghai')::date, $5
     FROM generate_series(1, $6) AS n RETURNING id`,
    [CASE_TOWN, power.itemId, power.itemCode, officerIds, creator, count],
  );
  const ids = rows.map((r) => r.id);
  let next = 0;
  const nextPath = () => `/api/v1/enforcement/cases/${ids[next++ % ids.length]}/file`;
  const probe = await fetch(`${platform.url}${nextPath()}`, { method: 'POST', headers: { 'content-type': 'application/json', ...leader }, body: '{}' });
  const body = await probe.text();
  if (probe.status !== 200 || (JSON.parse(body) as { status?: string }).status !== 'investigating') throw new Error(`the set-up filing answered ${probe.status}: ${body.slice(0, 1000)}`);
  return {
    url: platform.url,
    path: '/api/v1/enforcement/cases/-/file',
    headers: leader,
    processes: [platform.gateway, platform.enforcement, platform.identity],
    itemCode: power.itemCode,
    nextBody: () => '{}',
    nextPath,
    preloaded: count,
  };
}
