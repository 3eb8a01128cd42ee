import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AUTHORITY_CONSUMER_PURPOSES, AuthorityEvents, CalendarSource } from '@yiti/authority-client';
import { SERVICE_CONFIG, durableConsumerName } from '@yiti/platform';
import { ApplicationClockJobs } from '../applications/application-clock-jobs';
import { ENFORCEMENT_NOTICES_PURPOSE } from '../enforcement-notices/enforcement-notices';
import type { ApprovalWindowConfig } from '../config';
import { APPROVAL_WINDOW_SERVICE_NAME } from '../names';

/** The service's durable consumers' names under a subject prefix (the authority client makes them). */
export const eventConsumerNames = (prefix: string) => [...AUTHORITY_CONSUMER_PURPOSES, ENFORCEMENT_NOTICES_PURPOSE].map((purpose) => durableConsumerName(prefix, APPROVAL_WINDOW_SERVICE_NAME, purpose));

/**
 * What the approval window does on its own: recompute due dates when the holiday calendar changed
 * (once per deployment, told by the authority client), and turn applications nobody asked to
 * correct within 5 working days into deemed acceptances.
 */
@Injectable()
export class BackgroundWork implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BackgroundWork.name);
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> = Promise.resolve();
  private recomputing: Promise<unknown> = Promise.resolve();
  private recomputeOwed = false;
  private recomputesQueued = 0;
  /** Nest runs bootstrap hooks for the HTTP application and again for its connected microservice. */
  private started = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ApprovalWindowConfig,
    private readonly calendars: CalendarSource,
    private readonly clockJobs: ApplicationClockJobs,
    authorityEvents: AuthorityEvents,
  ) {
    // The recompute writes in transactions of its own. It is owed until it succeeds: a failed one is
    // tried again by the sweep, one lost to a crash at the next start.
    authorityEvents.onCalendarChanged(() => this.recompute());
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // Owed at every start (a calendar change may have been acknowledged without one); made once the calendar is read.
    this.recomputeOwed = true;
    if (await this.calendars.reload()) this.recompute();
    this.sweepTimer = setInterval(() => this.sweep(), this.config.DEEMED_ACCEPTANCE_SWEEP_MS);
    this.sweep();
  }

  /** Before the platform drains the NATS connection and closes the database. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.sweeping;
    await this.recomputing;
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
