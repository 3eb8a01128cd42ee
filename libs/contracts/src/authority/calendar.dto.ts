import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsISO8601, IsNumber, IsString, Length, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../common/validators';

export class CalendarYearParam {
  @ApiProperty({ description: '年份 Year', example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class SetCalendarYearRequest {
  @ApiProperty({ description: '放假日期(含节日期间的周末) Days off, weekends inside holiday blocks included', type: [String], example: ['2026-10-01'] })
  @IsArray()
  @ArrayMaxSize(60)
  @ArrayUnique()
  @IsCalendarDate({ each: true })
  daysOff: string[];

  @ApiProperty({ description: '调休上班日(周末) Make-up working days (weekend days)', type: [String], example: ['2026-10-10'] })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsCalendarDate({ each: true })
  makeupWorkdays: string[];

  @ApiProperty({ description: '是否暂定(国务院通知未发布) Provisional until the State Council notice is out' })
  @IsBoolean()
  provisional: boolean;

  @ApiProperty({ description: '依据 Source, e.g. 国务院办公厅关于2027年部分节假日安排的通知' })
  @IsString()
  @Length(2, 200)
  source: string;
}

export class SetCalendarYearCommand extends SetCalendarYearRequest {
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class CalendarYearView {
  @ApiProperty({ description: '年份 Year' })
  year: number;

  @ApiProperty({ description: '放假日期 Days off', type: [String] })
  daysOff: string[];

  @ApiProperty({ description: '调休上班日 Make-up working days', type: [String] })
  makeupWorkdays: string[];

  @ApiProperty({ description: '是否暂定 Provisional' })
  provisional: boolean;

  @ApiProperty({ description: '依据 Source' })
  source: string;

  @ApiProperty({ description: '来源: 平台默认或运维配置 default (shipped) or configured (edited by operators)', enum: ['default', 'configured'] })
  origin: 'default' | 'configured';
}

export class WorkingDaysQuery {
  @ApiProperty({ description: '起算日(不计入) Start date, not counted', example: '2026-09-30' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ description: '工作日数(求期限届满日) Working days to add', example: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  days: number;
}

export class WorkingDaysView {
  @ApiProperty({ description: '起算日 From' })
  from: string;

  @ApiProperty({ description: '工作日数 Working days' })
  days: number;

  @ApiProperty({ description: '届满日 Due date' })
  due: string;

  @ApiProperty({ description: '是否使用了暂定数据 Provisional data was used' })
  provisional: boolean;
}

export class CalendarDaysQuery {
  @ApiProperty({ description: '起算日(不计入) Start date, not counted (Civil Code art. 201)', example: '2026-09-21' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ description: '日数(按日计算的期间) Calendar days in the period', example: 10 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3660)
  days: number;
}

export class CalendarDaysView {
  @ApiProperty({ description: '起算日 From' })
  from: string;

  @ApiProperty({ description: '日数 Calendar days' })
  days: number;

  @ApiProperty({ description: '期间末日(起算日后第N日) The period\'s last day, N days after the start' })
  lastDay: string;

  @ApiProperty({ description: '届满日(末日为法定休假日的,顺延至休假日结束的次日;民法典第二百零三条) Due date: moved to the first working day when the last day is a rest day or holiday (Civil Code art. 203)' })
  due: string;

  @ApiProperty({ description: '是否使用了暂定数据 Provisional data was used' })
  provisional: boolean;
}

export class WorkingHoursQuery {
  @ApiProperty({ description: '起算时刻(ISO 8601,含时区) Start instant, ISO 8601 with offset', example: '2026-09-30T16:00:00+08:00' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ description: '工作小时数(可为小数) Working hours to add, fractions allowed', example: 2 })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2000)
  hours: number;
}

export class WorkingHoursView {
  @ApiProperty({ description: '起算时刻 From' })
  from: string;

  @ApiProperty({ description: '工作小时数 Working hours' })
  hours: number;

  @ApiProperty({ description: '届满时刻(北京时间) Due instant, Asia/Shanghai', example: '2026-10-08T10:00:00+08:00' })
  due: string;

  @ApiProperty({ description: '作息时间 Office hours counted', example: '08:30-12:00, 13:30-17:30' })
  officeHours: string;

  @ApiProperty({ description: '是否使用了暂定数据 Provisional data was used' })
  provisional: boolean;
}

