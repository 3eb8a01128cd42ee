import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AUTHORITY_SUBJECTS,
  IDENTITY_SUBJECTS,
  type CatalogItemView,
  type DutyRoutingView,
  type EventEnvelope,
  type JurisdictionView,
  type PowerAdjustedEvent,
  type PowerDelegatedEvent,
  type PowerModeView,
  type PowerRevokedEvent,
} from '@yiti/contracts';
import { DomainException, ServiceClient, currentContext, type IsoDate } from '@yiti/platform';
import type { ItemSnapshot } from '../applications/application.entity';
import { SYSTEM_ACTOR } from '../calendar/calendar-source';

const HELD_CONFIRMATION_MS = 60_000;
/** An intake waits this long for identity before the held-item table answers. */
const HELD_CHECK_TIMEOUT_MS = 2000;
/** ServiceClient's codes for an identity that did not answer (as opposed to one that said no). */
const IDENTITY_UNREACHABLE = new Set(['SERVICE_UNAVAILABLE', 'UPSTREAM_TIMEOUT']);
const ROUTE_CACHE_MS = 5 * 60_000;

/** What the window needs of a town: its name, for the documents it prints. */
export interface TownFacts {
  code: string;
  name: string;
}

/** Whether a local held_item row makes the town hold the item on `date`. */
export function heldOn(row: { effective_from: string; withdrawn_on: string | null }, date: IsoDate): boolean {
  return row.effective_from <= date && (row.withdrawn_on === null || row.withdrawn_on > date);
}

/**
 * The approval window's view of the authority registry (kept by identity): which items a town holds
 * (asked of identity and remembered a minute; a table kept from power.* events answers when identity
 * cannot), catalog items and
 * town names (immutable, kept in memory), and which town organisation handles an item.
 */
@Injectable()
export class Registry {
  private readonly items = new Map<string, ItemSnapshot & { kind: string }>();
  private readonly towns = new Map<string, TownFacts>();
  /** Identity's yes for a town, item and day, kept a minute; power events for the pair clear it in every instance. */
  private readonly confirmedHeld = new Map<string, number>();
  /** Power events seen per town and item: an answer asked for before one is not remembered after it. */
  private readonly generations = new Map<string, number>();
  /** Moves when everything is forgotten at once (after a reconnect). */
  private epoch = 0;
  /** Duty routing changes with an admission, rarely: kept five minutes. */
  private readonly routes = new Map<string, { value: { id: string | null; name: string | null }; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: ServiceClient,
  ) {}

  /**
   * Refuses (ITEM_NOT_HELD, naming item and town) unless the town holds the item on `date`.
   * Identity, which keeps the delegations, answers; a yes is remembered for a minute in this
   * instance, and forgotten when a power event for the pair arrives. An answer asked for before such
   * an event but received after it is not remembered (a generation per pair tells), so a revocation
   * is never outlived by a yes older than it. When identity cannot be reached, the held-item table
   * (kept from the same events) answers instead, and that answer is not remembered.
   */
  async assertHeld(townCode: string, town: TownFacts, itemId: string, item: Pick<ItemSnapshot, 'name' | 'code'>, date: IsoDate): Promise<void> {
    const key = `${townCode}/${itemId}/${date}`;
    if ((this.confirmedHeld.get(key) ?? 0) > Date.now()) return;
    const pair = `${townCode}/${itemId}`;
    const generation = this.generations.get(pair) ?? 0;
    const epoch = this.epoch;
    let mode: PowerModeView;
    try {
      mode = await this.client.request<PowerModeView>(AUTHORITY_SUBJECTS.powerMode, { townCode, itemId, date }, { timeoutMs: HELD_CHECK_TIMEOUT_MS });
    } catch (error) {
      if (!(error instanceof DomainException) || !IDENTITY_UNREACHABLE.has(error.code)) throw error;
      if (await this.heldByTable(townCode, itemId, date)) return;
      throw error;
    }
    if (mode.townMayExercise) {
      if ((this.generations.get(pair) ?? 0) === generation && this.epoch === epoch) this.remember(key);
      return;
    }
    throw new DomainException('ITEM_NOT_HELD', `${town.name}(${townCode})未持有事项「${item.name}」(${item.code}),由${mode.department}办理 ${town.name} does not hold ${item.code} on ${date}; the county department handles it`, [
      { field: 'itemId', messages: [`${item.code} ${item.name} is not held by ${townCode}`] },
    ]);
  }

  private async heldByTable(townCode: string, itemId: string, date: IsoDate): Promise<boolean> {
    const rows: { effective_from: string; withdrawn_on: string | null }[] = await this.dataSource.query(
      `SELECT to_char(effective_from, 'YYYY-MM-DD') AS effective_from, to_char(withdrawn_on, 'YYYY-MM-DD') AS withdrawn_on FROM approval_window.held_item WHERE town_code = $1 AND item_id = $2`,
      [townCode, itemId],
    );
    return rows.some((r) => heldOn(r, date));
  }

  async item(itemId: string): Promise<ItemSnapshot & { kind: string }> {
    const cached = this.items.get(itemId);
    if (cached) return cached;
    const view = await this.client.request<CatalogItemView>(AUTHORITY_SUBJECTS.getCatalogItem, { id: itemId });
    const snapshot = {
      code: view.basicCode,
      name: view.name,
      kind: view.kind,
      department: view.department,
      category: view.category,
      legalBasis: view.legalBasis,
      statutoryDays: view.statutoryDays ?? null,
      promisedDays: view.promisedDays ?? null,
      materials: (view.materials ?? []).map((m) => ({ name: m.name, required: m.required })),
    };
    this.items.set(itemId, snapshot);
    return snapshot;
  }

  /** The town, if the caller may see it (a clerk of another town gets JURISDICTION_NOT_FOUND). */
  async town(code: string): Promise<TownFacts> {
    const cached = this.towns.get(code);
    if (cached) return cached;
    const view = await this.client.request<JurisdictionView>(IDENTITY_SUBJECTS.getJurisdiction, { code });
    if (view.level !== 'town') throw new DomainException('JURISDICTION_NOT_FOUND', `${code} 不是乡镇(街道) is not a town`);
    const facts = { code: view.code, name: view.name };
    this.towns.set(code, facts);
    return facts;
  }

  /**
   * The town organisation the duty lists make responsible for the item's category, if any. Asked as
   * the request's user, or, from background work (no request), as the service itself for that town.
   */
  async handlingOrganisation(townCode: string, category: string): Promise<{ id: string | null; name: string | null }> {
    const key = `${townCode}/${category}`;
    const cached = this.routes.get(key);
    if (cached && cached.until > Date.now()) return cached.value;
    const actor = currentContext()?.actor ?? { ...SYSTEM_ACTOR, jurisdictionCode: townCode };
    const route = await this.client.request<DutyRoutingView>(AUTHORITY_SUBJECTS.routeDuty, { townCode, category }, { actor });
    const value = { id: route.responsibleOrganisationId, name: route.responsibleOrganisationName };
    this.routes.set(key, { value, until: Date.now() + ROUTE_CACHE_MS });
    return value;
  }

  private remember(key: string): void {
    if (this.confirmedHeld.size > 10_000) for (const [k, until] of this.confirmedHeld) if (until <= Date.now()) this.confirmedHeld.delete(k);
    this.confirmedHeld.set(key, Date.now() + HELD_CONFIRMATION_MS);
  }

  /** After a NATS reconnect events may have been missed: everything remembered is dropped. */
  forgetAll(): void {
    this.epoch++;
    this.confirmedHeld.clear();
  }

  /** Every instance hears every power event: what it remembers of that town and item is dropped. */
  forgetEvent(event: EventEnvelope): void {
    const { townCode, itemId } = event.data as { townCode?: string; itemId?: string };
    if (!townCode || !itemId) return;
    this.generations.set(`${townCode}/${itemId}`, (this.generations.get(`${townCode}/${itemId}`) ?? 0) + 1);
    for (const key of this.confirmedHeld.keys()) if (key.startsWith(`${townCode}/${itemId}/`)) this.confirmedHeld.delete(key);
  }

  /** Applies one power.* event to the held-item cache (inside the consumer's inbox transaction). */
  async applyPowerEvent(event: EventEnvelope, em: EntityManager): Promise<void> {
    if (event.type.endsWith('.power.delegated')) {
      const d = event.data as PowerDelegatedEvent;
      await em.query(
        `INSERT INTO approval_window.held_item (delegation_id, county_code, town_code, item_id, item_code, kind, effective_from, transition_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (delegation_id) DO NOTHING`,
        [d.delegationId, d.countyCode, d.townCode, d.itemId, d.itemCode, d.kind, d.effectiveFrom, d.transitionUntil],
      );
    } else if (event.type.endsWith('.power.adjusted')) {
      const d = event.data as PowerAdjustedEvent;
      await em.query(`UPDATE approval_window.held_item SET transition_until = $2, updated_at = now() WHERE delegation_id = $1`, [d.delegationId, d.transitionUntil]);
    } else if (event.type.endsWith('.power.revoked')) {
      const d = event.data as PowerRevokedEvent;
      await em.query(`UPDATE approval_window.held_item SET withdrawn_on = $2, updated_at = now() WHERE delegation_id = $1`, [d.delegationId, d.withdrawnOn]);
    }
  }
}
