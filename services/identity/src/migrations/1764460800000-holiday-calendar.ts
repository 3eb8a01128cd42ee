import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HolidayCalendar1764460800000 implements MigrationInterface {
  name = 'HolidayCalendar1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.holiday_calendar (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        days_off text[] NOT NULL,
        makeup_workdays text[] NOT NULL,
        provisional boolean NOT NULL,
        source text NOT NULL,
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.holiday_calendar`);
  }
}
