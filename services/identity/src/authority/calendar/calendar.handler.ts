import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AUTHORITY_SUBJECTS, CalendarDaysQuery, SetCalendarYearCommand, WorkingDaysQuery, WorkingHoursQuery } from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { CalendarService } from './calendar.service';

@Controller()
export class CalendarHandler {
  constructor(private readonly calendar: CalendarService) {}

  @MessagePattern(AUTHORITY_SUBJECTS.listCalendarYears)
  years(@Payload(command(null)) _: Command<unknown>) {
    return this.calendar.years();
  }

  @MessagePattern(AUTHORITY_SUBJECTS.setCalendarYear)
  set(@Payload(command(SetCalendarYearCommand)) cmd: Command<SetCalendarYearCommand>) {
    return this.calendar.set(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.addWorkingDays)
  addWorkingDays(@Payload(command(WorkingDaysQuery)) cmd: Command<WorkingDaysQuery>) {
    return this.calendar.addWorkingDays(cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.addCalendarDays)
  addCalendarDays(@Payload(command(CalendarDaysQuery)) cmd: Command<CalendarDaysQuery>) {
    return this.calendar.addCalendarDays(cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.addWorkingHours)
  addWorkingHours(@Payload(command(WorkingHoursQuery)) cmd: Command<WorkingHoursQuery>) {
    return this.calendar.addWorkingHours(cmd.data);
  }
}
