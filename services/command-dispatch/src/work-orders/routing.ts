/** Where routing looked and what it found; a plain decision, tested without a database. */
export interface RoutingFacts {
  /** The town the order concerns: given by the channel, or from the grid the location lies in. */
  townCode: string | null;
  /** The town of the grid the location lies in, if any. */
  gridTownCode: string | null;
  gridCode: string | null;
  /** The unit the town's duty list makes responsible for the category (null: none covers it). */
  dutyUnit: { id: string; name: string } | null;
}

export type RoutingDecision =
  | { routed: true; townCode: string; gridCode: string | null; unit: { id: string; name: string }; routedBy: 'duty_list' }
  | { routed: false; townCode: string | null; gridCode: string | null; reason: 'no_town' | 'no_duty' };

/**
 * The town an order concerns: the one the channel named, else the one whose grid holds the location.
 * A named town wins over the grid (the channel knows its own area); the grid code is kept only when it
 * lies in that town.
 */
export function townOf(named: string | null, grid: { code: string; townCode: string } | null): { townCode: string | null; gridCode: string | null } {
  if (named) return { townCode: named, gridCode: grid && grid.townCode === named ? grid.code : null };
  return { townCode: grid?.townCode ?? null, gridCode: grid?.code ?? null };
}

/**
 * Routing (分拨): the unit the town's duty list (职责清单) makes responsible for the category; without
 * a town, or without a duty covering the category, the order goes to the dispatchers' queue.
 */
export function decideRoute(facts: RoutingFacts): RoutingDecision {
  const town = facts.townCode ?? facts.gridTownCode;
  const gridCode = facts.gridCode;
  if (!town) return { routed: false, townCode: null, gridCode, reason: 'no_town' };
  if (!facts.dutyUnit) return { routed: false, townCode: town, gridCode, reason: 'no_duty' };
  return { routed: true, townCode: town, gridCode, unit: facts.dutyUnit, routedBy: 'duty_list' };
}
