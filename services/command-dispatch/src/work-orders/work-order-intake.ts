import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  COMMAND_DISPATCH_EVENTS,
  GRID_SUBJECTS,
  type RequestType,
  type SlaLimit,
  type TaxonomyEntry,
  type WorkOrderChannel,
  type WorkOrderUrgency,
} from '@yiti/contracts';
import { AuthorityClient, CalendarSource, systemActor } from '@yiti/authority-client';
import { DomainException, LruMap, PLATFORM_OPTIONS, canonicalJson, PersonalDataProtector, ServiceClient, UnitOfWork, isConstraintViolation, maskPhone, todayInShanghai, type PlatformModuleOptions, type Staging, type WorkingDayCalendar } from '@yiti/platform';
import { CountySettings } from './county-settings';
import { decideRoute, townOf, type RoutingDecision } from './routing';
import { dueAt, limitFor } from './sla';
import { armTimerRows } from './sla-timer-rows';
import { eventBase, publication, publishAll, recordStep } from './work-order-events';
import { maskName, workOrderValues, WORK_ORDER_COLUMNS, type WorkOrderRow } from './work-order-row';

/**
 * An order to create from inside the platform (a grid event, a rule alert of 研判预警, an enforcement
 * or approval follow-up) or from a channel ticket. `sourceRef` makes it idempotent per county and
 * channel: the same source twice gives the one order.
 */
export interface InternalWorkOrderInput {
  countyCode: string;
  channel: WorkOrderChannel;
  /** The source's own id (external ticket id, grid event id, alert id…); null: no idempotency. */
  sourceRef: string | null;
  /** A taxonomy code of the county (DEFAULT_TAXONOMY or the county's own). */
  category: string;
  urgency?: WorkOrderUrgency;
  requestType?: RequestType | null;
  /** The town, when the source knows it; else the grid of the location decides. */
  townCode?: string | null;
  title: string;
  description: string;
  address?: string | null;
  location?: { lng: number; lat: number } | null;
  /** The grid, when the source knows it (a grid event). */
  gridCode?: string | null;
  /** The duty category to route by, overriding the category's (a grid event's own class). */
  dutyCategory?: string | null;
  /** Route straight to this unit (a rule alert for a household's grid worker), skipping the duty lists. */
  unit?: { id: string; name: string } | null;
  caller?: { name?: string; phone?: string } | null;
  fields?: Record<string, unknown>;
  /** Who registered it: a user id, or the service for platform sources. */
  createdBy?: string | null;
  /** The parent of a sub-task (协调联动). */
  parentId?: string | null;
  subTask?: string | null;
}

export interface IntakeOutcome {
  row: WorkOrderRow;
  /** false: the source was already taken; `row` is the order it made. */
  created: boolean;
}

/** The hash a repeated source is compared with: the same ticket must carry the same content. */
export function requestHash(input: InternalWorkOrderInput): string {
  const { createdBy: _createdBy, ...content } = input;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Work-order intake (受理): from an external channel's ticket or from an internal source. The
 * category's limit, the town and grid, the routing (the town's duty list) and the clock are decided
 * before anything is written; the order, its first steps, its timer, audit entries and
 * workorder.created / workorder.dispatched go in one statement. A source already taken (also by a
 * concurrent twin: the unique key work_order_source_key) answers the order it made.
 */
/** Order numbers drawn from the sequence a block at a time (unique, not gapless; one round trip per block). */
export class OrderNumbers {
  private readonly drawn: string[] = [];
  private drawing: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly block = 50,
  ) {}

  async next(): Promise<string> {
    while (this.drawn.length === 0) {
      this.drawing ??= this.draw().finally(() => (this.drawing = null));
      await this.drawing;
    }
    return this.drawn.shift() as string;
  }

  private async draw(): Promise<void> {
    const rows: { n: string }[] = await this.dataSource.query(`SELECT nextval('command_dispatch.work_order_no_seq')::text AS n FROM generate_series(1, $1)`, [this.block]);
    this.drawn.push(...rows.map((r) => r.n));
  }
}

@Injectable()
export class WorkOrderIntake {
  private readonly numbers: OrderNumbers;
  private dueDays: { calendar: WorkingDayCalendar | null; byDay: LruMap<string, Date> } = { calendar: null, byDay: new LruMap(256) };

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly authority: AuthorityClient,
    private readonly calendars: CalendarSource,
    private readonly client: ServiceClient,
    private readonly personalData: PersonalDataProtector,
    private readonly settings: CountySettings,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformModuleOptions,
  ) {
    this.numbers = new OrderNumbers(dataSource);
  }

  /**
   * Creates a work order from an internal source (rule alerts, grid events, enforcement or approval
   * follow-ups): the entry point other parts of the service use. Idempotent by (county, channel, sourceRef).
   */
  async createFromInternalSource(input: InternalWorkOrderInput): Promise<IntakeOutcome> {
    const hash = requestHash(input);
    // No look-up first: a source already taken is told by the unique key (the on-conflict path below).
    const { row, route } = await this.prepare(input, hash).catch(async (error: unknown) => {
      // Refused now (its category since withdrawn, say) but taken before: the answer it got then.
      const taken = input.sourceRef ? await this.bySource(input.countyCode, input.channel, input.sourceRef) : null;
      if (taken) return { row: this.repeated(taken, hash).row, route: null };
      throw error;
    });
    if (!route) return { row, created: false };
    try {
      await this.uow.writeOnce(async (tx) => {
        this.stageNew(tx, row, route);
        return row;
      });
    } catch (error) {
      if (input.sourceRef && isConstraintViolation(error, '23505', 'work_order_source_key')) {
        const twin = await this.bySource(input.countyCode, input.channel, input.sourceRef);
        if (twin) return this.repeated(twin, hash);
      }
      throw error;
    }
    return { row, created: true };
  }

  /** The order an input makes, decided (category, town, grid, unit, clock) but not written. */
  async prepare(input: InternalWorkOrderInput, hash = requestHash(input)): Promise<{ row: WorkOrderRow; route: RoutingDecision }> {
    const taxonomy = await this.settings.taxonomy(input.countyCode);
    const category = taxonomy.find((entry) => entry.code === input.category);
    if (!category) {
      throw new DomainException('WORK_ORDER_CATEGORY_UNKNOWN', `分类 ${input.category} 不在本县分类目录中 Category ${input.category} is not in the county's taxonomy`, [
        { field: 'category', messages: ['not in the county taxonomy'] },
      ]);
    }
    const route = await this.route(input, category);
    return { row: await this.newRow(input, category, route, hash), route };
  }

  private repeated(existing: WorkOrderRow, hash: string): IntakeOutcome {
    if (existing.request_hash && existing.request_hash !== hash) {
      throw new DomainException('CHANNEL_TICKET_CONFLICT', `来件 ${existing.source_ref ?? ''} 已以不同内容提交 The ticket was posted before with other content (order ${existing.order_no})`);
    }
    return { row: existing, created: false };
  }

  async bySource(countyCode: string, channel: WorkOrderChannel, sourceRef: string): Promise<WorkOrderRow | null> {
    const rows: WorkOrderRow[] = await this.dataSource.query(`SELECT * FROM command_dispatch.work_order WHERE county_code = $1 AND channel = $2 AND source_ref = $3`, [countyCode, channel, sourceRef]);
    return rows[0] ?? null;
  }

  /** The town (named, or the grid's), the grid, and the unit: given, or by the town's duty list. */
  private async route(input: InternalWorkOrderInput, category: TaxonomyEntry): Promise<RoutingDecision> {
    const grid = input.gridCode && input.townCode ? { code: input.gridCode, townCode: input.townCode } : input.location ? await this.locate(input.countyCode, input.location, input.townCode ?? undefined) : null;
    const place = townOf(input.townCode ?? null, grid);
    if (place.townCode && !place.townCode.startsWith(input.countyCode)) {
      throw new DomainException('VALIDATION_FAILED', `乡镇 ${place.townCode} 不属于本县 ${input.countyCode} Town is not of the county`, [{ field: 'townCode', messages: [`not a town of ${input.countyCode}`] }]);
    }
    if (input.unit && place.townCode) return { routed: true, townCode: place.townCode, gridCode: place.gridCode, unit: input.unit, routedBy: 'duty_list' };
    const dutyCategory = input.dutyCategory ?? category.dutyCategory;
    const duty = place.townCode && dutyCategory ? await this.authority.dutyRoute(place.townCode, dutyCategory) : null;
    return decideRoute({ townCode: place.townCode, gridTownCode: grid?.townCode ?? null, gridCode: place.gridCode, dutyUnit: duty?.id ? { id: duty.id, name: duty.name ?? '' } : null });
  }

  /** The grid a point lies in, asked of the grid service as this service (null outside every grid). */
  private async locate(countyCode: string, location: { lng: number; lat: number }, townCode?: string): Promise<{ code: string; townCode: string } | null> {
    const found = await this.client.request(GRID_SUBJECTS.locate, { lng: location.lng, lat: location.lat, ...(townCode ? { townCode } : {}) }, { actor: systemActor(this.platform.serviceName, countyCode) });
    return found ? { code: found.code, townCode: found.townCode } : null;
  }

  private async newRow(input: InternalWorkOrderInput, category: TaxonomyEntry, route: RoutingDecision, hash: string): Promise<WorkOrderRow> {
    const now = new Date();
    const urgency = input.urgency ?? 'normal';
    const requestType = input.requestType ?? null;
    const limit = limitFor(category, urgency, requestType, (await this.settings.of(input.countyCode)).slaPolicies);
    const n = await this.numbers.next();
    const orderNo = `GD${input.countyCode}-${todayInShanghai(now).replace(/-/g, '')}-${n.padStart(6, '0')}`;
    const name = input.caller?.name?.trim() || null;
    const phone = input.caller?.phone?.trim() || null;
    const row: WorkOrderRow = {
      id: randomUUID(),
      order_no: orderNo,
      county_code: input.countyCode,
      town_code: route.townCode,
      channel: input.channel,
      source_ref: input.sourceRef,
      request_hash: input.sourceRef ? hash : null,
      category: category.code,
      category_name: category.name,
      duty_category: input.dutyCategory ?? category.dutyCategory,
      request_type: requestType,
      urgency,
      title: input.title.trim(),
      description: input.description.trim(),
      address: input.address?.trim() || null,
      lng: input.location?.lng ?? null,
      lat: input.location?.lat ?? null,
      grid_code: route.gridCode,
      caller_name_cipher: name ? this.personalData.encrypt(name) : null,
      caller_name_masked: name ? maskName(name) : null,
      caller_phone_cipher: phone ? this.personalData.encrypt(phone) : null,
      caller_phone_masked: phone ? maskPhone(phone) : null,
      caller_phone_hash: phone ? this.personalData.searchHash(phone) : null,
      fields: input.fields ?? {},
      status: route.routed ? 'dispatched' : 'pending_dispatch',
      unit_id: route.routed ? route.unit.id : null,
      unit_name: route.routed ? route.unit.name : null,
      parent_id: input.parentId ?? null,
      sub_task: input.subTask ?? null,
      sla_unit: limit.unit,
      sla_amount: limit.amount,
      extension: 0,
      pending_extension: null,
      clock_started_at: route.routed ? now : null,
      pauses: [],
      due_at: null,
      feedback_at: null,
      closed_at: null,
      closed_on_time: null,
      rework_count: 0,
      extended_count: 0,
      supervision_count: 0,
      satisfaction: null,
      created_by: input.createdBy ?? `system:${this.platform.serviceName}`,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    if (row.clock_started_at) row.due_at = this.dueOfNew(limit, row.clock_started_at);
    return row;
  }

  /**
   * The due time of a new order (no extension, no pause). A limit in working days ends at the close
   * of office of a day that depends only on the day of dispatch: remembered per calendar (a reload
   * makes a new one) and day, so a day's orders do not each walk the calendar.
   */
  private dueOfNew(limit: SlaLimit, startedAt: Date): Date | null {
    const calendar = this.calendars.current();
    const clock = { limit, extension: 0, startedAt, pauses: [] };
    if (limit.unit !== 'working_days') return dueAt(calendar, clock, undefined, startedAt);
    if (this.dueDays.calendar !== calendar) this.dueDays = { calendar, byDay: new LruMap(256) };
    const key = `${todayInShanghai(startedAt)}/${limit.amount}`;
    const known = this.dueDays.byDay.get(key);
    if (known) return known;
    const due = dueAt(calendar, clock, undefined, startedAt);
    if (due) this.dueDays.byDay.set(key, due);
    return due;
  }

  /** The new order with its history, timer, audit entries, events and feed rows, staged for one statement. */
  stageNew(tx: Staging, row: WorkOrderRow, route: RoutingDecision, routedBy: 'duty_list' | 'grid' | 'linkage' = 'duty_list'): void {
    tx.stage({ table: 'command_dispatch.work_order', columns: [...WORK_ORDER_COLUMNS], rows: [workOrderValues(row)] });
    // One step at intake: registered, and routed when the duty lists (or the source) named the unit.
    recordStep(tx, row, 'register', null, row.created_by, { channel: row.channel, category: row.category, sourceRef: row.source_ref, ...(route.routed ? { routedBy, unitName: row.unit_name } : {}) }, row.created_at);
    publishAll(tx, [
      publication(COMMAND_DISPATCH_EVENTS.workOrderCreated, eventBase(row, row.created_at)),
      ...(route.routed ? [publication(COMMAND_DISPATCH_EVENTS.workOrderDispatched, { ...eventBase(row, row.created_at), routedBy })] : []),
    ]);
    const timers = armTimerRows(row, this.settings.cached(row.county_code).dueSoonHours);
    if (timers) tx.stage(timers);
  }
}
