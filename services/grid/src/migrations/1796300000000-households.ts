import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Households (户) of each grid with their flags, and the CSV import jobs a client polls. */
export class Households1796300000000 implements MigrationInterface {
  name = 'Households1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grid.household (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        grid_code text NOT NULL REFERENCES grid.grid (code),
        address text NOT NULL,
        members integer NOT NULL CHECK (members BETWEEN 0 AND 100),
        flags text[] NOT NULL DEFAULT '{}',
        lng double precision,
        lat double precision,
        import_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX household_grid ON grid.household (grid_code text_pattern_ops, id)`);
    await q.query(`CREATE INDEX household_flags ON grid.household USING gin (flags)`);
    await q.query(`
      CREATE TABLE grid.household_import (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        rows_done integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        failure text,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grid.household_import`);
    await q.query(`DROP TABLE grid.household`);
  }
}
