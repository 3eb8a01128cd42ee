import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AUTHORITY_SUBJECTS,
  IDENTITY_SUBJECTS,
  POWER_MODE_LABELS,
  type CatalogItemView,
  type MayExerciseView,
  type OrganisationView,
  type PowerModeView,
} from '@yiti/contracts';
import { DomainException, LruMap, PLATFORM_OPTIONS, ServiceClient, currentContext, type IsoDate, type PlatformModuleOptions } from '@yiti/platform';
import { heldItemMode, heldItemRows } from './held-items';
import { systemActor } from './system-actor';

/** How long a yes from identity for a town, item and day is kept; power events clear it at once. */
const HELD_CONFIRMATION_MS = 60_000;
/** A check waits this long for identity before the held-item table answers. */
const POWER_MODE_TIMEOUT_MS = 2000;
/** ServiceClient's codes for an identity that did not answer (as opposed to one that said no). */
const IDENTITY_UNREACHABLE = new Set(['SERVICE_UNAVAILABLE', 'UPSTREAM_TIMEOUT']);
/** Duty routing changes with an admission (duties.admitted clears it at once); kept five minutes otherwise. */
const ROUTE_CACHE_MS = 5 * 60_000;
const MAX_REMEMBERED = 10_000;
/** A user's display name is kept this long (names are printed on documents; a renamed user shows within minutes). */
const NAME_CACHE_MS = 10 * 60_000;
/**
 * How long an answer to "may this officer exercise this item on this date" is kept. Certification
 * and user-status events (and power events) forget it at once; this bounds only what no event
 * tells (a county adopting another catalog version).
 */
const EXERCISE_ANSWER_MS = 60_000;
/** Officer × item × date answers kept per process, least recently used forgotten first. */
const MAX_EXERCISE_ANSWERS = 5_000;

/** A town as services name it on documents. */
export interface TownFacts {
  code: string;
  name: string;
}

/** The unit the duty lists make responsible for a category in a town (承办机构), if any. */
export interface DutyRoute {
  id: string | null;
  name: string | null;
}

/** What a power check names in its refusal. */
export interface ItemFacts {
  id: string;
  name: string;
  code: string;
}

/**
 * Everything a service asks identity (the authority registry, 权责), in one place: which town holds
 * an item on a date, whether an officer may exercise a power, duty routing, town, organisation and
 * catalog facts. Answers that cannot change (catalog items of a version, town names) are kept in
 * memory; a yes for a held item a minute, forgotten when a power event for the pair arrives (a
 * generation per pair keeps an answer asked for before the event from being kept after it); duty
 * routes until duties are admitted for the town; an officer's certification answer a minute, forgotten
 * when a certification or status event for the officer arrives. When identity does not answer, the held-item
 * table kept from power events answers instead, and that answer is not kept.
 */
@Injectable()
export class AuthorityClient {
  private readonly items = new Map<string, CatalogItemView>();
  private readonly towns = new Map<string, TownFacts>();
  private readonly organisations = new Map<string, OrganisationView>();
  private readonly confirmedHeld = new Map<string, number>();
  private readonly generations = new Map<string, number>();
  /** Moves when everything is forgotten at once (after a reconnect). */
  private epoch = 0;
  private readonly routes = new Map<string, { value: DutyRoute; until: number; epoch: number }>();
  private readonly names = new Map<string, { name: string; until: number }>();
  private readonly exerciseAnswers = new LruMap<string, { view: MayExerciseView; until: number }>(MAX_EXERCISE_ANSWERS);
  /** Moves with every event that forgets exercise answers: an answer asked for before it is not kept. */
  private exerciseGeneration = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: ServiceClient,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformModuleOptions,
  ) {}

  /**
   * How the power is exercised in the town on the date (赋权: county, transition or delegated), from
   * identity; from the held-item table when identity does not answer within 2 s (the department is
   * then unknown: '').
   */
  async powerMode(townCode: string, itemId: string, date: IsoDate): Promise<PowerModeView & { fromTable: boolean }> {
    try {
      const view = await this.client.request(AUTHORITY_SUBJECTS.powerMode, { townCode, itemId, date }, { timeoutMs: POWER_MODE_TIMEOUT_MS, actor: this.actorFor(townCode) });
      return { ...view, fromTable: false };
    } catch (error) {
      if (!(error instanceof DomainException) || !IDENTITY_UNREACHABLE.has(error.code)) throw error;
      const rows = await heldItemRows(this.dataSource, this.platform.schema, townCode, itemId);
      const inForce = rows.map((row) => ({ row, mode: heldItemMode(row, date) })).find((r) => r.mode !== 'county');
      const mode = inForce?.mode ?? 'county';
      return { townCode, itemId, date, mode, modeLabel: POWER_MODE_LABELS[mode], townMayExercise: mode !== 'county', delegationId: inForce?.row.delegation_id ?? null, department: '', fromTable: true };
    }
  }

  /** Refuses (ITEM_NOT_HELD, naming item, town and the department that handles it) unless the town may exercise the item on `date`. */
  async assertHeld(town: TownFacts, item: ItemFacts, date: IsoDate): Promise<void> {
    const key = `${town.code}/${item.id}/${date}`;
    if ((this.confirmedHeld.get(key) ?? 0) > Date.now()) return;
    const pair = `${town.code}/${item.id}`;
    const generation = this.generations.get(pair) ?? 0;
    const epoch = this.epoch;
    const mode = await this.powerMode(town.code, item.id, date);
    if (mode.townMayExercise) {
      if (!mode.fromTable && (this.generations.get(pair) ?? 0) === generation && this.epoch === epoch) this.remember(key);
      return;
    }
    if (mode.fromTable) throw new DomainException('SERVICE_UNAVAILABLE', `身份服务无应答,无法确认${town.name}是否持有「${item.name}」 Identity did not answer and the held-item table has no delegation of ${item.code} to ${town.code}`);
    throw new DomainException('ITEM_NOT_HELD', `${town.name}(${town.code})未持有事项「${item.name}」(${item.code}),由${mode.department}办理 ${town.name} does not hold ${item.code} on ${date}; the county department handles it`, [
      { field: 'itemId', messages: [`${item.code} ${item.name} is not held by ${town.code}`] },
    ]);
  }

  /**
   * Whether the officer is certified to exercise the power on the date (执法资格), with identity's
   * reason when not. Identity's answer is kept a minute per caller's jurisdiction (what the caller
   * may see decides whether the officer is found), officer, item and date; a certification issued
   * or revoked, the officer enabled or disabled, a power event for the item, or a reconnect forget
   * it at once (see AuthorityEvents), and an answer on its way while one of those arrives is not kept.
   */
  async mayExercise(userId: string, itemId: string, date: IsoDate): Promise<MayExerciseView> {
    const key = `${currentContext()?.actor?.jurisdictionCode ?? ''}/${userId}/${itemId}/${date}`;
    const kept = this.exerciseAnswers.get(key);
    if (kept && kept.until > Date.now()) return kept.view;
    const generation = this.exerciseGeneration;
    const view = await this.client.request(AUTHORITY_SUBJECTS.mayExercise, { userId, itemId, date });
    if (this.exerciseGeneration === generation) this.exerciseAnswers.set(key, { view, until: Date.now() + EXERCISE_ANSWER_MS });
    return view;
  }

  /** A certification issued or revoked, or the officer enabled or disabled: every answer about the officer is asked again. */
  forgetOfficer(userId: string): void {
    this.exerciseGeneration++;
    this.exerciseAnswers.deleteWhere((key) => key.includes(`/${userId}/`));
  }

  /** A catalog item (immutable within its catalog version). */
  async item(itemId: string): Promise<CatalogItemView> {
    const cached = this.items.get(itemId);
    if (cached) return cached;
    const view = await this.client.request(AUTHORITY_SUBJECTS.getCatalogItem, { id: itemId });
    this.items.set(itemId, view);
    return view;
  }

  /** The town, if the caller may see it (outside the caller's jurisdiction: JURISDICTION_NOT_FOUND). */
  async town(code: string): Promise<TownFacts> {
    const cached = this.towns.get(code);
    if (cached) return cached;
    const view = await this.client.request(IDENTITY_SUBJECTS.getJurisdiction, { code });
    if (view.level !== 'town') throw new DomainException('JURISDICTION_NOT_FOUND', `${code} 不是乡镇(街道) is not a town`);
    const facts = { code: view.code, name: view.name };
    this.towns.set(code, facts);
    return facts;
  }

  /** An organisation (its name and kind do not change). */
  async organisation(id: string): Promise<OrganisationView> {
    const cached = this.organisations.get(id);
    if (cached) return cached;
    const view = await this.client.request(IDENTITY_SUBJECTS.getOrganisation, { id });
    this.organisations.set(id, view);
    return view;
  }

  /**
   * The display names (姓名) of users, as documents print them, asked of identity as the service
   * itself for `jurisdictionCode` (a town's officers and a county's presiding officer alike: pass
   * the county). A user identity does not know keeps its id; identity not answering is an error.
   */
  async userNames(userIds: readonly string[], jurisdictionCode: string): Promise<Map<string, string>> {
    const now = Date.now();
    const names = new Map<string, string>();
    const actor = systemActor(this.platform.serviceName, jurisdictionCode);
    await Promise.all(
      [...new Set(userIds)].map(async (id) => {
        const cached = this.names.get(id);
        if (cached && cached.until > now) return names.set(id, cached.name);
        try {
          const user = await this.client.request(IDENTITY_SUBJECTS.getUser, { id }, { actor });
          if (this.names.size > MAX_REMEMBERED) this.names.clear();
          this.names.set(id, { name: user.displayName, until: now + NAME_CACHE_MS });
          return names.set(id, user.displayName);
        } catch (error) {
          if (error instanceof DomainException && error.code === 'USER_NOT_FOUND') return names.set(id, id);
          throw error;
        }
      }),
    );
    return names;
  }

  /**
   * The organisation the town's duty list makes responsible for the category, if any. Asked as the
   * request's user, or, from background work (no request), as the service itself for that town.
   */
  async dutyRoute(townCode: string, category: string): Promise<DutyRoute> {
    const key = `${townCode}/${category}`;
    const cached = this.routes.get(key);
    if (cached && cached.until > Date.now()) return cached.value;
    const epoch = this.epoch;
    const route = await this.client.request(AUTHORITY_SUBJECTS.routeDuty, { townCode, category }, { actor: this.actorFor(townCode) });
    const value = { id: route.responsibleOrganisationId, name: route.responsibleOrganisationName };
    if (this.epoch === epoch) this.routes.set(key, { value, until: Date.now() + ROUTE_CACHE_MS, epoch });
    return value;
  }

  /** After a NATS reconnect events may have been missed: everything remembered that events keep current is dropped. */
  forgetAll(): void {
    this.epoch++;
    this.confirmedHeld.clear();
    this.routes.clear();
    this.exerciseGeneration++;
    this.exerciseAnswers.clear();
  }

  /** Every instance hears every power event: what it remembers of that town and item is dropped. */
  forgetPower(townCode: string, itemId: string): void {
    const pair = `${townCode}/${itemId}`;
    this.generations.set(pair, (this.generations.get(pair) ?? 0) + 1);
    for (const key of this.confirmedHeld.keys()) if (key.startsWith(`${pair}/`)) this.confirmedHeld.delete(key);
    // A town officer's answer depends on the town holding the item: those for the item are asked again.
    this.exerciseGeneration++;
    this.exerciseAnswers.deleteWhere((key) => key.includes(`/${itemId}/`));
  }

  /** Duties admitted for towns: their routes are asked again (an answer on its way is not kept either). */
  forgetRoutes(townCodes: string[]): void {
    this.epoch++;
    for (const key of this.routes.keys()) if (townCodes.some((town) => key.startsWith(`${town}/`))) this.routes.delete(key);
  }

  private actorFor(townCode: string) {
    return currentContext()?.actor ?? systemActor(this.platform.serviceName, townCode);
  }

  private remember(key: string): void {
    if (this.confirmedHeld.size > MAX_REMEMBERED) for (const [k, until] of this.confirmedHeld) if (until <= Date.now()) this.confirmedHeld.delete(k);
    this.confirmedHeld.set(key, Date.now() + HELD_CONFIRMATION_MS);
  }
}
