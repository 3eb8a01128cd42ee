import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AUTHORITY_SUBJECTS, CalendarDaysQuery, SetCalendarYearCommand, WorkingDaysQuery, WorkingHoursQuery } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { CalendarService } from './calendar.service';

@Controller()
export class CalendarHandler {
  constructor(private readonly calendar: CalendarService) {}

  @Handles(AUTHORITY_SUBJECTS.listCalendarYears)
  years(@Payload(command(AUTHORITY_SUBJECTS.listCalendarYears)) _: Command<unknown>) {
    return this.calendar.years();
  }

  @Handles(AUTHORITY_SUBJECTS.setCalendarYear)
  set(@Payload(command(AUTHORITY_SUBJECTS.setCalendarYear)) cmd: Command<SetCalendarYearCommand>) {
    return this.calendar.set(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.addWorkingDays)
  addWorkingDays(@Payload(command(AUTHORITY_SUBJECTS.addWorkingDays)) cmd: Command<WorkingDaysQuery>) {
    return this.calendar.addWorkingDays(cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.addCalendarDays)
  addCalendarDays(@Payload(command(AUTHORITY_SUBJECTS.addCalendarDays)) cmd: Command<CalendarDaysQuery>) {
    return this.calendar.addCalendarDays(cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.addWorkingHours)
  addWorkingHours(@Payload(command(AUTHORITY_SUBJECTS.addWorkingHours)) cmd: Command<WorkingHoursQuery>) {
    return this.calendar.addWorkingHours(cmd.data);
  }
}
