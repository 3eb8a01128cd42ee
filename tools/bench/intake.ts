/**
 * Scenario (e), application intake (收件登记, accepted on the spot): POST /api/v1/applications
 * through the gateway to the approval-window service, as Liuhe's window clerk, for a licensing
 * item the seed delegated to Liuhe, with every required material and a new applicant each request.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import { isResidentIdNumber, residentIdCheckCharacter } from '@yiti/contracts';
import { login, type PlatformTarget, type RunningPlatform } from './platform';

export const INTAKE_USERNAME = 'liuhe.clerk';
/** Liuhe 浏河镇: the demo seed delegates its licensing items from 2026-01-01. */
export const INTAKE_TOWN = '320585102';
const APPLICANT_PHONE = '13912345678';

export interface IntakeItem {
  id: string;
  code: string;
  name: string;
  mode: string;
  requiredMaterials: string[];
}

export interface IntakeTarget extends PlatformTarget {
  item: IntakeItem;
  nextBody: () => string;
  /** Rows of the approval-window's held-item table for the town and item (its answer when identity does not give one). */
  heldItemCacheRows: number;
}

const DAY_MS = 86_400_000;
/** Birthdays over 40 years from 1960-01-01: with 1000 sequence numbers a day, 14.6 million distinct numbers. */
const BIRTHDAYS = 14_610;

/** The n-th resident ID number of a person registered in Taicang (320585): birthday and sequence number vary with n. */
export function residentIdNumber(n: number): string {
  const birthday = new Date(Date.UTC(1960, 0, 1) + (Math.floor(n / 1000) % BIRTHDAYS) * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `320585${birthday}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${body.slice(0, 1000)}`);
  return JSON.parse(body) as T;
}

/** The first (by code) licensing item the town holds with at least one required material. */
async function findHeldLicensingItem(url: string, headers: Record<string, string>): Promise<IntakeItem> {
  const powers = await getJson<{ itemId: string; itemCode: string; itemName: string; kind: string; mode: string }[]>(`${url}/api/v1/town-powers?townCode=${INTAKE_TOWN}&kind=licensing`, headers);
  const held = powers.filter((p) => p.kind === 'licensing' && p.mode !== 'county').sort((a, b) => a.itemCode.localeCompare(b.itemCode));
  for (const power of held) {
    const item = await getJson<{ materials?: { name: string; required: boolean }[] }>(`${url}/api/v1/catalog-items/${power.itemId}`, headers);
    const requiredMaterials = (item.materials ?? []).filter((m) => m.required).map((m) => m.name);
    if (requiredMaterials.length > 0) return { id: power.itemId, code: power.itemCode, name: power.itemName, mode: power.mode, requiredMaterials };
  }
  throw new Error(`town ${INTAKE_TOWN} holds no licensing item with required materials (${powers.length} powers listed): is the demo seed in place?`);
}

function intakeBodyFactory(item: IntakeItem): () => string {
  let n = 0;
  return () => {
    n++;
    return JSON.stringify({
      townCode: INTAKE_TOWN,
      itemId: item.id,
      applicant: { kind: 'person', name: `基准申请人${n}`, idNumber: residentIdNumber(n), phone: APPLICANT_PHONE },
      materials: item.requiredMaterials.map((name) => ({ name, copies: 1, original: true })),
      acceptNow: true,
    });
  };
}

/**
 * Logs in as the clerk, picks the item, and registers one application to check the whole path
 * answers 201 with an accepted application before any load (the set-up fails with the body if not).
 */
export async function prepareIntake(platform: RunningPlatform, pool: Pool): Promise<IntakeTarget> {
  const headers = await login(platform.url, INTAKE_USERNAME);
  const item = await findHeldLicensingItem(platform.url, headers);
  const nextBody = intakeBodyFactory(item);
  const probe = nextBody();
  const idNumber = (JSON.parse(probe) as { applicant: { idNumber: string } }).applicant.idNumber;
  if (!isResidentIdNumber(idNumber)) throw new Error(`generated resident ID number ${idNumber} does not pass the contracts' check`);
  const response = await fetch(`${platform.url}/api/v1/applications`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: probe });
  const body = await response.text();
  const status = response.status === 201 ? (JSON.parse(body) as { application?: { status?: string } }).application?.status : undefined;
  if (status !== 'accepted') throw new Error(`the set-up intake of ${item.code} answered ${response.status} (application status ${status ?? 'none'}): ${body.slice(0, 1000)}`);
  // The seed's power.delegated events reach the held-item table through JetStream, a moment after the seed.
  let heldItemCacheRows = 0;
  for (const started = Date.now(); heldItemCacheRows === 0 && Date.now() - started < 15_000; await sleep(200)) {
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM approval_window.held_item WHERE town_code = $1 AND item_id = $2', [INTAKE_TOWN, item.id]);
    heldItemCacheRows = Number(rows[0]?.n ?? 0);
  }
  return {
    url: platform.url,
    path: '/api/v1/applications',
    headers,
    processes: [platform.gateway, platform.approvalWindow, platform.identity],
    item,
    nextBody,
    heldItemCacheRows,
  };
}
