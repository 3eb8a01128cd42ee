import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import { DataSource } from 'typeorm';
import { AUTHORITY_EVENTS, EVENT_SUBJECT_ROOT, type EventEnvelope } from '@yiti/contracts';
import { EventConsumer, NATS_CONNECTION, SERVICE_CONFIG } from '@yiti/platform';
import { ApplicationClockJobs } from '../applications/application-clock-jobs';
import { CalendarSource } from '../calendar/calendar-source';
import type { ApprovalWindowConfig } from '../config';
import { Registry } from '../registry/registry';
import { APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME } from '../names';

/** Durable consumer names are per deployment: a subject prefix (shared NATS, tests) becomes part of the name. */
export function consumerName(prefix: string, purpose: string): string {
  return `${prefix.replace(/\.$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}${prefix ? '_' : ''}${APPROVAL_WINDOW_SERVICE_NAME}_${purpose}`;
}

const POWER_EVENTS = `${EVENT_SUBJECT_ROOT}.identity.power.>`;

/** The purposes of the service's durable consumers, in their names. */
const POWERS = 'powers';
const CALENDAR = 'calendar';

/** The durable consumers' names under a subject prefix. */
export const eventConsumerNames = (prefix: string) => [POWERS, CALENDAR].map((purpose) => consumerName(prefix, purpose));

/**
 * What the service does on its own: keep the held-item table from power.* events and recompute due
 * dates on calendar.updated (durable consumers: once per deployment, whichever instance gets the
 * event); keep every instance's memory current (the calendar, the held items it remembers) through a
 * plain subscription to the same events, which each instance receives; and turn applications nobody
 * asked to correct within 5 working days into deemed acceptances.
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BackgroundWork.name);
  private readonly consumers: EventConsumer[] = [];
  private readonly subscriptions: Subscription[] = [];
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> = Promise.resolve();
  private recomputing: Promise<unknown> = Promise.resolve();
  private recomputeOwed = false;
  private recomputesQueued = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ApprovalWindowConfig,
    private readonly registry: Registry,
    private readonly calendars: CalendarSource,
    private readonly clockJobs: ApplicationClockJobs,
  ) {}

  /** Nest runs bootstrap hooks for the HTTP application and again for its connected microservice. */
  private started = false;

  async onApplicationBootstrap(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const shared = {
      schema: APPROVAL_WINDOW_SCHEMA,
      deliverPolicy: this.config.EVENT_CONSUMER_START,
      inactiveThresholdMs: this.config.NATS_SUBJECT_PREFIX ? 3600_000 : undefined,
      onError: (err: unknown, event: { subject: string; deliveries: number }) => this.logger.error({ err, ...event }, 'event handling failed'),
    };
    this.consumers.push(
      new EventConsumer(this.dataSource, this.nc, {
        ...shared,
        name: consumerName(this.config.NATS_SUBJECT_PREFIX, POWERS),
        subject: POWER_EVENTS,
        handler: (event, em) => this.registry.applyPowerEvent(event, em),
      }),
      new EventConsumer(this.dataSource, this.nc, {
        ...shared,
        name: consumerName(this.config.NATS_SUBJECT_PREFIX, CALENDAR),
        subject: AUTHORITY_EVENTS.calendarUpdated,
        // Only the reload runs in the consumer's inbox transaction: the recompute writes in
        // transactions of its own, and holding this one open meanwhile would hold back audit sealing
        // (and could outlast the ack wait). It is owed until it succeeds: a failed one is tried again
        // by the sweep, one lost to a crash at the next start. A calendar identity would not give
        // is a failure, so the event comes again.
        handler: async () => {
          if (!(await this.calendars.reload())) throw new Error('the holiday calendar could not be read from identity');
          this.recompute();
        },
      }),
    );
    this.subscriptions.push(
      this.nc.subscribe(POWER_EVENTS, { callback: (err, msg) => !err && this.registry.forgetEvent(msg.json<EventEnvelope>()) }),
      this.nc.subscribe(AUTHORITY_EVENTS.calendarUpdated, { callback: (err) => !err && void this.calendars.reload() }),
    );
    void this.afterReconnects();
    // Owed at every start (a calendar change may have been acknowledged without one); made once the calendar is read.
    this.recomputeOwed = true;
    if (await this.calendars.reload()) this.recompute();
    for (const consumer of this.consumers) await consumer.start();
    this.sweepTimer = setInterval(() => this.sweep(), this.config.DEEMED_ACCEPTANCE_SWEEP_MS);
    this.sweep();
  }

  /** Before the platform drains the NATS connection and closes the database. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.sweeping;
    await this.recomputing;
    for (const consumer of this.consumers) await consumer.stop();
  }

  /**
   * The plain subscriptions deliver at most once: events published while the connection was down
   * are not heard. After a reconnect, what was remembered is dropped and the calendar read again.
   */
  private async afterReconnects(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type !== 'reconnect') continue;
      this.registry.forgetAll();
      void this.calendars.reload();
    }
  }

  /** Due dates after a calendar change, in the background (idempotent: only moved dates are written). */
  private recompute(): void {
    this.recomputeOwed = true;
    this.recomputesQueued++;
    this.recomputing = this.recomputing
      .then(() => this.clockJobs.recomputeDueDates())
      .finally(() => this.recomputesQueued--)
      .then((moved) => {
        this.recomputeOwed = false;
        if (moved > 0) this.logger.log({ moved }, 'due dates recomputed after a calendar change');
      })
      .catch((err: unknown) => this.logger.error({ err }, 'due date recompute failed; the next sweep tries again'));
  }

  private sweep(): void {
    // A calendar not loaded at start (identity was down) is loaded on the next sweep; a recompute
    // still owed (it failed, or the calendar was not readable at start) is made then.
    this.sweeping = (this.calendars.loaded ? Promise.resolve(true) : this.calendars.reload())
      .then((loaded) => loaded && this.recomputeOwed && this.recomputesQueued === 0 && this.recompute())
      .then(() => this.clockJobs.sweepDeemedAcceptances())
      .then((turned) => turned > 0 && this.logger.log({ turned }, 'deemed acceptances recorded'))
      .catch((err: unknown) => this.logger.error({ err }, 'deemed acceptance sweep failed'));
  }
}
