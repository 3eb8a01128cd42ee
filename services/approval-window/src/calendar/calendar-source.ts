import { Injectable, Logger } from '@nestjs/common';
import { AUTHORITY_SUBJECTS, type Actor, type CalendarYearView } from '@yiti/contracts';
import { CHINA_HOLIDAYS, ServiceClient, WorkingDayCalendar } from '@yiti/platform';

/** The service itself, for what it asks other services on its own account. */
export const SYSTEM_ACTOR: Actor = { userId: 'system:approval-window', username: 'approval-window', roles: [], organisationId: '', jurisdictionCode: '' };

/**
 * The holiday calendar identity keeps (operators edit it there): loaded at start, reloaded when a
 * calendar.updated event arrives. Until the first load succeeds the shipped years apply.
 */
@Injectable()
export class CalendarSource {
  private readonly logger = new Logger(CalendarSource.name);
  private calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);
  /** Whether the calendar came from identity (not only the shipped years). */
  loaded = false;

  constructor(private readonly client: ServiceClient) {}

  current(): WorkingDayCalendar {
    return this.calendar;
  }

  async reload(): Promise<boolean> {
    try {
      const years = await this.client.request<CalendarYearView[]>(AUTHORITY_SUBJECTS.listCalendarYears, {}, { actor: SYSTEM_ACTOR });
      this.calendar = new WorkingDayCalendar(years);
      this.loaded = true;
      return true;
    } catch (err) {
      this.logger.warn({ err }, 'holiday calendar not loaded from identity; using the shipped years');
      return false;
    }
  }
}
