import { Inject, Injectable, Logger } from '@nestjs/common';
import { AUTHORITY_SUBJECTS } from '@yiti/contracts';
import { CHINA_HOLIDAYS, DEFAULT_WORKING_HOURS, PLATFORM_OPTIONS, ServiceClient, WorkingDayCalendar, addWorkingHours, workingHoursBetween, type PlatformModuleOptions } from '@yiti/platform';
import { systemActor } from './system-actor';

/**
 * The working-day calendar identity keeps (operators edit it there) and the office hours: loaded at
 * start, reloaded in every instance when calendar.updated arrives and after a reconnect. Until the
 * first load succeeds the shipped years apply.
 */
@Injectable()
export class CalendarSource {
  private readonly logger = new Logger(CalendarSource.name);
  private calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);
  /** Whether the calendar came from identity (not only the shipped years). */
  loaded = false;

  constructor(
    private readonly client: ServiceClient,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformModuleOptions,
  ) {}

  current(): WorkingDayCalendar {
    return this.calendar;
  }

  /** The instant `hours` office hours after `start` (hour-based limits: 08:30–12:00, 13:30–17:30 on working days). */
  addWorkingHours(start: Date, hours: number): Date {
    return addWorkingHours(this.calendar, start, hours, DEFAULT_WORKING_HOURS);
  }

  workingHoursBetween(from: Date, to: Date): number {
    return workingHoursBetween(this.calendar, from, to, DEFAULT_WORKING_HOURS);
  }

  async reload(): Promise<boolean> {
    try {
      const years = await this.client.request(AUTHORITY_SUBJECTS.listCalendarYears, {}, { actor: systemActor(this.platform.serviceName) });
      this.calendar = new WorkingDayCalendar(years);
      this.loaded = true;
      return true;
    } catch (err) {
      this.logger.warn({ err }, 'holiday calendar not loaded from identity; using the shipped years');
      return false;
    }
  }
}
