import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUTHORITY_EVENTS, type Actor, type CalendarUpdatedEvent, type CalendarDaysQuery, type CalendarDaysView, type CalendarYearView, type SetCalendarYearCommand, type WorkingDaysQuery, type WorkingDaysView, type WorkingHoursQuery, type WorkingHoursView } from '@yiti/contracts';
import { CHINA_HOLIDAYS, addDays, DEFAULT_WORKING_HOURS, DomainException, UnitOfWork, WorkingDayCalendar, addWorkingHours, holidayYearProblems, todayInShanghai, type HolidayYear } from '@yiti/platform';
import { assertRole } from '../authority-access';
import { HolidayCalendarEntity } from './holiday-calendar.entity';

/**
 * The official holiday calendar every service counts working days with: the platform's shipped
 * years, overridden year by year by what operators configure here.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async years(): Promise<CalendarYearView[]> {
    const stored = await this.dataSource.getRepository(HolidayCalendarEntity).find();
    const byYear = new Map<number, CalendarYearView>(CHINA_HOLIDAYS.map((y) => [y.year, { ...y, origin: 'default' as const }]));
    for (const row of stored) {
      byYear.set(row.year, { year: row.year, daysOff: row.daysOff, makeupWorkdays: row.makeupWorkdays, provisional: row.provisional, source: row.source, origin: 'configured' });
    }
    return [...byYear.values()].sort((a, b) => a.year - b.year);
  }

  async set(actor: Actor, command: SetCalendarYearCommand): Promise<CalendarYearView> {
    assertRole(actor, ['province_admin', 'ops_vendor'], '维护节假日数据 maintain the holiday calendar');
    const data: HolidayYear = { year: command.year, daysOff: [...command.daysOff].sort(), makeupWorkdays: [...command.makeupWorkdays].sort(), provisional: command.provisional, source: command.source };
    const problems = holidayYearProblems(data);
    if (problems.length > 0) throw new DomainException('CALENDAR_DATA_INVALID', problems.join('; '), problems.map((p) => ({ field: 'daysOff/makeupWorkdays', messages: [p] })));
    await this.uow.run(async (tx) => {
      const before = await tx.em.findOneBy(HolidayCalendarEntity, { year: data.year });
      await tx.em.upsert(HolidayCalendarEntity, { ...data, updatedAt: new Date(), updatedBy: actor.userId }, ['year']);
      tx.audit({ countyCode: '', action: 'calendar.set', resourceType: 'holiday_calendar', resourceId: String(data.year), before: before ? { daysOff: before.daysOff, makeupWorkdays: before.makeupWorkdays } : null, after: data });
      tx.emit<CalendarUpdatedEvent>(AUTHORITY_EVENTS.calendarUpdated, { year: data.year, provisional: data.provisional }, null);
    });
    return { ...data, origin: 'configured' };
  }

  async addWorkingDays(query: WorkingDaysQuery): Promise<WorkingDaysView> {
    const calendar = new WorkingDayCalendar(await this.years());
    const due = calendar.addWorkingDays(query.from, query.days);
    return { from: query.from, days: query.days, due, provisional: calendar.isProvisional(query.from) || calendar.isProvisional(due) };
  }

  /** A period counted in calendar days (Civil Code art. 201, 203): the last day moves past rest days and holidays. */
  async addCalendarDays(query: CalendarDaysQuery): Promise<CalendarDaysView> {
    const calendar = new WorkingDayCalendar(await this.years());
    const due = calendar.calendarPeriodEnd(query.from, query.days);
    return { from: query.from, days: query.days, lastDay: addDays(query.from, query.days), due, provisional: calendar.isProvisional(query.from) || calendar.isProvisional(due) };
  }

  /** N working hours after an instant, in the default office hours (Asia/Shanghai). */
  async addWorkingHours(query: WorkingHoursQuery): Promise<WorkingHoursView> {
    const calendar = new WorkingDayCalendar(await this.years());
    const from = new Date(query.from);
    const due = addWorkingHours(calendar, from, query.hours);
    return {
      from: query.from,
      hours: query.hours,
      due: shanghaiInstant(due),
      officeHours: DEFAULT_WORKING_HOURS.map((p) => `${p.start}-${p.end}`).join(', '),
      provisional: calendar.isProvisional(todayInShanghai(from)) || calendar.isProvisional(todayInShanghai(due)),
    };
  }
}

/** 2026-10-08T10:00:00+08:00: an instant as a Shanghai clock reads it. */
function shanghaiInstant(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}
