import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUTHORITY_SUBJECTS, CalendarDaysQuery, CalendarDaysView, CalendarYearParam, CalendarYearView, SetCalendarYearRequest, WorkingDaysQuery, WorkingDaysView, WorkingHoursQuery, WorkingHoursView } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';

@ApiTags('工作日历 Working-day calendar')
@ApiBearerAuth()
@Controller()
export class CalendarController {
  constructor(private readonly client: ServiceClient) {}

  @Get('calendar-years')
  @ApiOperation({ summary: '节假日与调休数据 Holidays and make-up working days per year', description: '平台内置数据,可由运维按国务院通知逐年修订。 Shipped data, revised year by year by operators.' })
  @ApiOkResponse({ type: [CalendarYearView] })
  years(): Promise<RawJson<CalendarYearView[]>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.listCalendarYears, {});
  }

  @Put('calendar-years/:year')
  @Roles('province_admin', 'ops_vendor')
  @ApiOperation({ summary: '维护某年节假日数据 Set a year\'s holidays', description: '调休上班日须为周末;日期须属该年。 Make-up days must be weekend days; all dates in the year.' })
  @ApiOkResponse({ type: CalendarYearView })
  set(@Param() params: CalendarYearParam, @Body() body: SetCalendarYearRequest): Promise<RawJson<CalendarYearView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.setCalendarYear, { ...body, year: params.year });
  }

  @Get('working-days')
  @ApiOperation({ summary: '计算工作日期限 Add working days (the start day is not counted)' })
  @ApiOkResponse({ type: WorkingDaysView })
  addWorkingDays(@Query() query: WorkingDaysQuery): Promise<RawJson<WorkingDaysView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.addWorkingDays, query);
  }

  @Get('calendar-days')
  @ApiOperation({
    summary: '计算按日计算的期间 Add calendar days (the start day is not counted)',
    description: '民法典第二百零一条、第二百零三条:期间自次日起算;末日为法定休假日的,以休假日结束的次日为末日。 Civil Code art. 201, 203: the period starts the next day; a last day falling on a rest day or holiday moves to the next working day.',
  })
  @ApiOkResponse({ type: CalendarDaysView })
  addCalendarDays(@Query() query: CalendarDaysQuery): Promise<RawJson<CalendarDaysView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.addCalendarDays, query);
  }

  @Get('working-hours')
  @ApiOperation({ summary: '计算工作小时期限 Add working hours', description: '仅计工作日的办公时间(默认 08:30-12:00、13:30-17:30,北京时间),用于按小时计的处置时限。 Counts office hours on working days only (Asia/Shanghai), for limits set in hours.' })
  @ApiOkResponse({ type: WorkingHoursView })
  addWorkingHours(@Query() query: WorkingHoursQuery): Promise<RawJson<WorkingHoursView>> {
    return this.client.requestRaw(AUTHORITY_SUBJECTS.addWorkingHours, query);
  }
}
