import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A year's holidays as configured by operators; years not stored fall back to the shipped defaults. */
@Entity({ name: 'holiday_calendar' })
export class HolidayCalendarEntity {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'days_off', type: 'text', array: true })
  daysOff: string[];

  @Column({ name: 'makeup_workdays', type: 'text', array: true })
  makeupWorkdays: string[];

  @Column({ type: 'boolean' })
  provisional: boolean;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;
}
