/** Pure helpers of the command-centre screen. */

/** The local calendar date (YYYY-MM-DD) of an instant, as the screen's clock reads it. */
export function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** This month so far, for the assessment ranking: the first of the month to today. */
export function monthSoFar(today: Date): { from: string; to: string } {
  const to = localDate(today);
  return { from: `${to.slice(0, 7)}-01`, to };
}

export interface OrderPoint {
  name: string;
  value: [number, number];
  urgent: boolean;
  overdue: boolean;
}

/** Today's orders that carry a location, as points for the map (the newest page of orders is given). */
export function todaysOrderPoints(orders: readonly { orderNo: string; createdAt: string; urgency: string; overdue: boolean; location?: { lng: number; lat: number } | null }[], today: Date): OrderPoint[] {
  const day = localDate(today);
  return orders
    .filter((o) => o.location && Number.isFinite(o.location.lng) && Number.isFinite(o.location.lat) && localDate(new Date(o.createdAt)) === day)
    .map((o) => ({ name: o.orderNo, value: [o.location?.lng ?? 0, o.location?.lat ?? 0], urgent: o.urgency === 'urgent', overdue: o.overdue }));
}

/** Category names for the codes the dashboard counts by; an unknown code is shown as it is. */
export function withCategoryNames(entries: readonly { key: string; count: number }[], categories: readonly { code: string; name: string }[]): { key: string; name: string; count: number }[] {
  const names = new Map(categories.map((c) => [c.code, c.name]));
  return entries.map((e) => ({ ...e, name: names.get(e.key) ?? e.key }));
}

/** A rate as the screen shows it: one decimal percent, or a dash with nothing to count. */
export function rateText(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}
