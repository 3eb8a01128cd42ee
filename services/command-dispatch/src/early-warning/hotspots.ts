import { cellToLatLng, getHexagonEdgeLengthAvg, greatCircleDistance, gridDisk, latLngToCell, UNITS } from 'h3-js';
import type { HotspotParams } from '@yiti/contracts';

export interface LocatedOrder {
  id: string;
  category: string;
  lng: number;
  lat: number;
  createdAt: Date;
  townCode: string | null;
}

export interface Hotspot {
  /** The H3 cell (at the rule's resolution) of the cluster's centre order: the alert's key with the window. */
  cell: string;
  centre: { lng: number; lat: number };
  orderIds: string[];
  townCode: string | null;
}

const DAY_MS = 86_400_000;

/** The finest H3 resolution whose hexagons' edge is at least the radius (so a ring of k cells covers it). */
export function resolutionFor(radiusMetres: number): number {
  for (let res = 15; res >= 0; res--) if (getHexagonEdgeLengthAvg(res, UNITS.m) >= radiusMetres) return res;
  return 0;
}

/**
 * 热点研判: orders of the rule's category in the last `days` days before `now`, indexed in H3 cells;
 * an order with at least `minOrders` orders (itself included) within `radiusMetres` (great-circle
 * distance, h3-js) is a cluster's centre. Clusters are taken greedily, the largest first (ties: the
 * earliest centre id), and their orders are not counted again.
 */
export function findHotspots(params: HotspotParams, orders: readonly LocatedOrder[], now: Date): Hotspot[] {
  const since = now.getTime() - params.days * DAY_MS;
  const recent = orders.filter((o) => o.category === params.category && o.createdAt.getTime() > since && o.createdAt.getTime() <= now.getTime());
  if (recent.length < params.minOrders) return [];
  const res = resolutionFor(params.radiusMetres);
  const byCell = new Map<string, LocatedOrder[]>();
  const cellOf = new Map<string, string>();
  for (const order of recent) {
    const cell = latLngToCell(order.lat, order.lng, res);
    cellOf.set(order.id, cell);
    const list = byCell.get(cell);
    if (list) list.push(order);
    else byCell.set(cell, [order]);
  }
  // With edge ≥ radius, every point within the radius lies in the cell's ring of 2 (hexagon width ≥ √3·edge).
  const neighbours = (order: LocatedOrder): LocatedOrder[] => {
    const near: LocatedOrder[] = [];
    for (const cell of gridDisk(cellOf.get(order.id) as string, 2)) {
      for (const other of byCell.get(cell) ?? []) {
        if (greatCircleDistance([order.lat, order.lng], [other.lat, other.lng], UNITS.m) <= params.radiusMetres) near.push(other);
      }
    }
    return near;
  };
  const taken = new Set<string>();
  const hotspots: Hotspot[] = [];
  for (;;) {
    let best: { centre: LocatedOrder; members: LocatedOrder[] } | null = null;
    for (const order of recent) {
      if (taken.has(order.id)) continue;
      const members = neighbours(order).filter((o) => !taken.has(o.id));
      if (members.length < params.minOrders) continue;
      if (!best || members.length > best.members.length || (members.length === best.members.length && order.id < best.centre.id)) best = { centre: order, members };
    }
    if (!best) return hotspots;
    for (const member of best.members) taken.add(member.id);
    const cell = cellOf.get(best.centre.id) as string;
    const [lat, lng] = cellToLatLng(cell);
    hotspots.push({ cell, centre: { lng, lat }, orderIds: best.members.map((m) => m.id).sort(), townCode: best.centre.townCode });
  }
}
