import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createHeldItemTable } from '@yiti/authority-client';

/** The held-item table of the authority client, a town's grids with their boundaries, and the events grid workers report. */
export class GridInitial1796288658202 implements MigrationInterface {
  name = 'GridInitial1796288658202';

  async up(q: QueryRunner): Promise<void> {
    await createHeldItemTable(q, 'grid');
    // One row per town with grids: its boundary when known, and a revision bumped by every change
    // of its grids, so each replica knows when its point index of the town is stale.
    await q.query(`
      CREATE TABLE grid.town_grids (
        town_code text PRIMARY KEY CHECK (town_code ~ '^[0-9]{9}$'),
        county_code text NOT NULL,
        boundary jsonb,
        revision bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE grid.grid (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{15}$'),
        county_code text NOT NULL,
        town_code text NOT NULL REFERENCES grid.town_grids (town_code),
        village_code text NOT NULL,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('residential_community', 'rural', 'enterprise_park', 'special')),
        boundary jsonb NOT NULL,
        party_branch jsonb,
        full_time_worker_ids jsonb NOT NULL DEFAULT '[]',
        part_time_worker_ids jsonb NOT NULL DEFAULT '[]',
        sample boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grid_town ON grid.grid (town_code, code)`);
    await q.query(`
      CREATE TABLE grid.grid_event (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        grid_code text NOT NULL REFERENCES grid.grid (code),
        kind text NOT NULL CHECK (kind IN ('component', 'event')),
        category text NOT NULL,
        description text NOT NULL,
        lng double precision NOT NULL,
        lat double precision NOT NULL,
        address text,
        photos jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('reported')),
        reported_by uuid NOT NULL,
        reported_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX grid_event_grid ON grid.grid_event (grid_code text_pattern_ops, reported_at DESC, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grid.grid_event`);
    await q.query(`DROP TABLE grid.grid`);
    await q.query(`DROP TABLE grid.town_grids`);
    await q.query(`DROP TABLE grid.held_item`);
  }
}
