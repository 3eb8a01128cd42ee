import { createHash } from 'node:crypto';
import type { RepeatParams } from '@yiti/contracts';

export interface CallerOrder {
  id: string;
  category: string;
  /** The keyed hash of the caller's phone (never the phone itself). */
  callerHash: string | null;
  address: string | null;
  createdAt: Date;
  townCode: string | null;
}

export interface RepeatGroup {
  /** A hash of the grouping key (never the phone or address in clear): the alert's key with the window. */
  keyHash: string;
  orderIds: string[];
  townCode: string | null;
}

const DAY_MS = 86_400_000;

/** Addresses compared without spaces and full-width differences (NFKC), case-insensitive. */
export function normaliseAddress(address: string): string {
  return address.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * 重复诉求研判: orders in the last `days` days before `now` (of the rule's category, if it names one)
 * grouped by caller (keyed phone hash) or by normalised address; a group of at least `minOrders`
 * is a repeat. Groups come largest first, then by key.
 */
export function findRepeats(params: RepeatParams, orders: readonly CallerOrder[], now: Date): RepeatGroup[] {
  const since = now.getTime() - params.days * DAY_MS;
  const groups = new Map<string, CallerOrder[]>();
  for (const order of orders) {
    const at = order.createdAt.getTime();
    if (at <= since || at > now.getTime()) continue;
    if (params.category && order.category !== params.category) continue;
    const key = params.key === 'caller' ? order.callerHash : order.address ? normaliseAddress(order.address) : null;
    if (!key) continue;
    const list = groups.get(key);
    if (list) list.push(order);
    else groups.set(key, [order]);
  }
  const found: RepeatGroup[] = [];
  for (const [key, list] of groups) {
    if (list.length < params.minOrders) continue;
    const sorted = [...list].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    found.push({ keyHash: createHash('sha256').update(`${params.key}:${key}`).digest('hex').slice(0, 32), orderIds: sorted.map((o) => o.id), townCode: sorted[sorted.length - 1].townCode });
  }
  return found.sort((a, b) => b.orderIds.length - a.orderIds.length || (a.keyHash < b.keyHash ? -1 : 1));
}
