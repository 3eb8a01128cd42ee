/**
 * Scenario (g), channel intake (渠道来件): POST /api/v1/channels/hotline_12345/tickets through the
 * gateway (the channel's machine credential checked) to the command-dispatch service, a new 12345
 * ticket each request with the caller's name and phone (encrypted), routed by Liuhe's duty list to
 * its unit: post → routed order. And the SLA timer scan over BENCH_SLA_ORDERS open orders.
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { login, type PlatformTarget, type RunningPlatform } from './platform';

/** Liuhe 浏河镇 of the demo county, and the duty category the default taxonomy routes 12345.street_order by. */
export const DISPATCH_TOWN = '320585102';
const DUTY_CATEGORY = '市容环境/占道经营';

export interface DispatchTarget extends PlatformTarget {
  nextBody: () => string;
  unit: { id: string; name: string };
}

/**
 * An approved duty admission listing 占道经营 for Liuhe, made in the bench database directly (the
 * admission's approvals are identity's own scenario, not this one's): the first town functional
 * institution of Liuhe is responsible.
 */
async function admitStreetOrderDuty(pool: Pool): Promise<{ id: string; name: string }> {
  const { rows: units } = await pool.query<{ id: string; name: string }>(`SELECT id, name FROM identity.organisation WHERE jurisdiction_code = $1 AND kind = 'town_functional_institution' ORDER BY code LIMIT 1`, [DISPATCH_TOWN]);
  const { rows: applicants } = await pool.query<{ id: string; organisation_id: string }>(`SELECT id, organisation_id FROM identity.app_user WHERE username = 'taicang.admin'`);
  const unit = units[0];
  const applicant = applicants[0];
  if (!unit || !applicant) throw new Error(`the demo seed has no town functional institution in ${DISPATCH_TOWN} or no taicang.admin`);
  const admissionId = randomUUID();
  await pool.query(
    `INSERT INTO identity.duty_admission (id, county_code, applicant_organisation_id, applicant_user_id, title, document_no, justification, town_codes, duties, status, submitted_at)
     VALUES ($1, '320585', $2, $3, '基准:占道经营管理', '基准〔2026〕1号', '基准测试准备', $4, '[]', 'approved', now())`,
    [admissionId, applicant.organisation_id, applicant.id, [DISPATCH_TOWN]],
  );
  await pool.query(
    `INSERT INTO identity.duty (id, county_code, town_code, name, kind, shared, primary_level, event_categories, responsible_organisation_kind, responsible_organisation_id, admission_id, listed_at)
     VALUES ($1, '320585', $2, '占道经营管理', 'basic', false, 'town', $3, 'town_functional_institution', $4, $5, now())`,
    [randomUUID(), DISPATCH_TOWN, [DUTY_CATEGORY], unit.id, admissionId],
  );
  return unit;
}

function ticketFactory(runId: string): () => string {
  let n = 0;
  return () => {
    n++;
    return JSON.stringify({
      externalTicketId: `B${runId}-${n}`,
      townCode: DISPATCH_TOWN,
      category: '12345.street_order',
      requestType: 'complaint',
      title: '小区门口占道经营',
      description: `基准来件${n}:傍晚流动摊贩占道经营,影响通行。`,
      address: '浏河镇幸福路88号',
      caller: { name: `来电人${n}`, phone: '13912345678' },
      fields: { hotlineCaseNo: `RX${runId}${n}`, seat: 7 },
    });
  };
}

/**
 * Issues the 12345 channel credential as the county admin, admits the duty, and posts one ticket to
 * check the whole path answers 200 with an order routed to the unit before any load.
 */
export async function prepareDispatch(platform: RunningPlatform, pool: Pool, runId: string): Promise<DispatchTarget> {
  const admin = await login(platform.url, 'taicang.admin');
  const unit = await admitStreetOrderDuty(pool);
  const issued = await fetch(`${platform.url}/api/v1/channel-credentials`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin }, body: JSON.stringify({ countyCode: '320585', channel: 'hotline_12345', name: '基准12345热线' }) });
  const credential = (await issued.json()) as { authorization?: string };
  if (issued.status !== 201 || !credential.authorization) throw new Error(`issuing the channel credential answered ${issued.status}: ${JSON.stringify(credential)}`);
  const headers = { authorization: credential.authorization };
  const nextBody = ticketFactory(runId);
  const path = '/api/v1/channels/hotline_12345/tickets';
  const response = await fetch(`${platform.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: nextBody() });
  const body = (await response.json()) as { workOrderId?: string };
  const { rows } = await pool.query<{ status: string; unit_id: string | null }>(`SELECT status, unit_id FROM command_dispatch.work_order WHERE id = $1`, [body.workOrderId ?? '00000000-0000-0000-0000-000000000000']);
  if (response.status !== 200 || rows[0]?.status !== 'dispatched' || rows[0]?.unit_id !== unit.id) {
    throw new Error(`the set-up ticket answered ${response.status} ${JSON.stringify(body)}; order ${JSON.stringify(rows[0] ?? null)}, expected dispatched to ${unit.id}`);
  }
  return { url: platform.url, path, headers, processes: [platform.gateway, platform.commandDispatch, platform.identity], nextBody, unit };
}

/**
 * `count` open orders of Liuhe with running clocks and armed timers, as SQL writes them (the intake
 * path is measured by (g)): due over the next weeks, except `due` of them already past their limit
 * (the scan supervises those).
 */
export async function preloadOpenOrders(pool: Pool, count: number, due: number, unitId: string): Promise<void> {
  await pool.query(
    `INSERT INTO command_dispatch.work_order (id, order_no, county_code, town_code, channel, source_ref, category, category_name, urgency, title, description, status, unit_id, unit_name, sla_unit, sla_amount, clock_started_at, due_at, created_at, updated_at)
     SELECT gen_random_uuid(), 'GDBENCH-' || g, '320585', $1, 'hotline_12345', 'sla-bench-' || g, '12345.street_order', '城乡建设/占道经营', 'normal', '基准在办工单', '基准', 'handling', $2, '基准单位', 'working_days', 13,
            now() - interval '1 day', CASE WHEN g <= $4 THEN now() - interval '1 hour' ELSE now() + (g % 20 + 1) * interval '1 day' END, now() - interval '1 day', now() - interval '1 day'
     FROM generate_series(1, $3) AS g`,
    [DISPATCH_TOWN, unitId, count, due],
  );
  await pool.query(
    `INSERT INTO command_dispatch.sla_timer (work_order_id, kind, fire_at, round)
     SELECT id, 'overdue', due_at, 0 FROM command_dispatch.work_order WHERE source_ref LIKE 'sla-bench-%'`,
  );
  await pool.query('ANALYZE command_dispatch.work_order');
  await pool.query('ANALYZE command_dispatch.sla_timer');
}
