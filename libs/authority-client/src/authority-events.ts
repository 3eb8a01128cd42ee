import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import { DataSource } from 'typeorm';
import { AUTHORITY_EVENTS, IDENTITY_EVENTS, POWER_EVENTS, eventFilter, type EventEnvelope } from '@yiti/contracts';
import { EventConsumer, NATS_CONNECTION, PLATFORM_OPTIONS, SERVICE_CONFIG, durableConsumerName, on, type BaseServiceConfig, type PlatformModuleOptions } from '@yiti/platform';
import { AuthorityClient } from './authority-client';
import { CalendarSource } from './calendar-source';
import { applyPowerAdjusted, applyPowerDelegated, applyPowerRevoked } from './held-items';

/** The purposes in the names of the durable consumers this wiring makes. */
export const AUTHORITY_CONSUMER_PURPOSES = ['powers', 'calendar'] as const;

/** Runs after the calendar changed, once per deployment (whichever instance got the event). */
export type CalendarChangeListener = () => void;

/**
 * Keeps a service's view of the registry current: the held-item table from power.* events and the
 * calendar-change listeners from calendar.updated (durable consumers: once per deployment), and
 * every instance's memory (held-item answers, duty routes, certification answers from
 * certification.* and user.status-changed, the calendar) through plain subscriptions
 * to the same events, which each instance receives. Those deliver at most once, so after a
 * reconnect everything remembered is dropped and the calendar read again.
 */
@Injectable()
export class AuthorityEvents implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuthorityEvents.name);
  private readonly consumers: EventConsumer[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly calendarListeners: CalendarChangeListener[] = [];
  /** Nest runs bootstrap hooks for the HTTP application and again for its connected microservice. */
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformModuleOptions,
    private readonly authority: AuthorityClient,
    private readonly calendars: CalendarSource,
  ) {}

  /** Called after a calendar change has been read (register before the application starts). */
  onCalendarChanged(listener: CalendarChangeListener): void {
    this.calendarListeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { schema, serviceName } = this.platform;
    const shared = {
      schema,
      deliverPolicy: this.config.EVENT_CONSUMER_START,
      inactiveThresholdMs: this.config.NATS_SUBJECT_PREFIX ? 3600_000 : undefined,
      onError: (err: unknown, event: { subject: string; deliveries: number }) => this.logger.error({ err, ...event }, 'event handling failed'),
    };
    const [powers, calendar] = AUTHORITY_CONSUMER_PURPOSES.map((purpose) => durableConsumerName(this.config.NATS_SUBJECT_PREFIX, serviceName, purpose));
    this.consumers.push(
      new EventConsumer(this.dataSource, this.nc, {
        ...shared,
        name: powers as string,
        routes: [
          on(AUTHORITY_EVENTS.powerDelegated, (event, em) => applyPowerDelegated(em, schema, event)),
          on(AUTHORITY_EVENTS.powerAdjusted, (event, em) => applyPowerAdjusted(em, schema, event)),
          on(AUTHORITY_EVENTS.powerRevoked, (event, em) => applyPowerRevoked(em, schema, event)),
        ],
      }),
      new EventConsumer(this.dataSource, this.nc, {
        ...shared,
        name: calendar as string,
        // Only the reload runs in the consumer's inbox transaction: the listeners write in
        // transactions of their own, and holding this one open meanwhile would hold back audit
        // sealing (and could outlast the ack wait). A calendar identity would not give is a
        // failure, so the event comes again.
        routes: [
          on(AUTHORITY_EVENTS.calendarUpdated, async () => {
            if (!(await this.calendars.reload())) throw new Error('the holiday calendar could not be read from identity');
            for (const listener of this.calendarListeners) listener();
          }),
        ],
      }),
    );
    const payload = <T>(data: Uint8Array): EventEnvelope<T> | null => {
      try {
        return JSON.parse(new TextDecoder().decode(data)) as EventEnvelope<T>;
      } catch {
        return null;
      }
    };
    this.subscriptions.push(
      this.nc.subscribe(eventFilter(POWER_EVENTS), {
        callback: (err, msg) => {
          const event = err ? null : payload<{ townCode?: string; itemId?: string }>(msg.data);
          if (event?.data?.townCode && event.data.itemId) this.authority.forgetPower(event.data.townCode, event.data.itemId);
        },
      }),
      this.nc.subscribe(AUTHORITY_EVENTS.dutiesAdmitted.subject, {
        callback: (err, msg) => {
          const event = err ? null : payload<{ townCodes?: string[] }>(msg.data);
          if (Array.isArray(event?.data?.townCodes)) this.authority.forgetRoutes(event.data.townCodes);
        },
      }),
      // An officer's certifications or status changed: the certification answers about them are asked again.
      ...[AUTHORITY_EVENTS.certificationIssued, AUTHORITY_EVENTS.certificationRevoked].map((definition) =>
        this.nc.subscribe(definition.subject, {
          callback: (err, msg) => {
            const event = err ? null : payload<{ userId?: string }>(msg.data);
            if (event?.data?.userId) this.authority.forgetOfficer(event.data.userId);
          },
        }),
      ),
      this.nc.subscribe(IDENTITY_EVENTS.userStatusChanged.subject, {
        callback: (err, msg) => {
          const event = err ? null : payload<{ id?: string }>(msg.data);
          if (event?.data?.id) this.authority.forgetOfficer(event.data.id);
        },
      }),
      this.nc.subscribe(AUTHORITY_EVENTS.calendarUpdated.subject, { callback: (err) => !err && void this.calendars.reload() }),
    );
    void this.afterReconnects();
    await this.calendars.reload();
    for (const consumer of this.consumers) await consumer.start();
  }

  /** Before the platform drains the NATS connection and closes the database. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const consumer of this.consumers) await consumer.stop();
  }

  private async afterReconnects(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type !== 'reconnect') continue;
      this.authority.forgetAll();
      void this.calendars.reload();
    }
  }
}
