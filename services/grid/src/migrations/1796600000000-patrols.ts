import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grid workers' patrols (巡查): a patrol in one grid, open → ended, its track points (bounded per
 * patrol by the service) and, once ended, its distance and duration; a grid event may name the patrol
 * it was reported on.
 */
export class Patrols1796600000000 implements MigrationInterface {
  name = 'Patrols1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grid.patrol (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        grid_code text NOT NULL REFERENCES grid.grid (code),
        worker_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'ended')),
        started_at timestamptz NOT NULL,
        ended_at timestamptz NULL,
        point_count integer NOT NULL DEFAULT 0 CHECK (point_count BETWEEN 0 AND 20000),
        last_point_at timestamptz NULL,
        distance_m double precision NULL,
        duration_s integer NULL,
        CHECK ((status = 'open') = (ended_at IS NULL))
      )`);
    await q.query(`CREATE INDEX patrol_worker ON grid.patrol (worker_id, started_at DESC, id)`);
    await q.query(`CREATE INDEX patrol_grid ON grid.patrol (grid_code text_pattern_ops, started_at DESC, id)`);
    await q.query(`
      CREATE TABLE grid.patrol_point (
        patrol_id uuid NOT NULL REFERENCES grid.patrol (id),
        seq integer NOT NULL,
        lng double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
        lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
        at timestamptz NOT NULL,
        PRIMARY KEY (patrol_id, seq)
      )`);
    await q.query(`ALTER TABLE grid.grid_event ADD COLUMN patrol_id uuid NULL REFERENCES grid.patrol (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE grid.grid_event DROP COLUMN patrol_id`);
    await q.query(`DROP TABLE grid.patrol_point`);
    await q.query(`DROP TABLE grid.patrol`);
  }
}
