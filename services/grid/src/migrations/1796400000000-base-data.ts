import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Base data (基础信息) beside households: residents (ID number encrypted, found by keyed hash, phone
 * encrypted), enterprises and places, buildings; households gain an electricity meter number; the
 * household import job becomes the import job of any kind, streamed from a stored file.
 */
export class BaseData1796400000000 implements MigrationInterface {
  name = 'BaseData1796400000000';

  async up(q: QueryRunner): Promise<void> {
    // The grid workers with their names as identity gave them when the grid was imported.
    await q.query(`ALTER TABLE grid.grid ADD COLUMN workers jsonb NOT NULL DEFAULT '[]'`);
    // Village (community) boundaries: the parent a grid must lie in, where one is known.
    await q.query(`
      CREATE TABLE grid.village (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
        town_code text NOT NULL REFERENCES grid.town_grids (town_code),
        name text,
        boundary jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE grid.household ADD COLUMN meter_number text`);
    await q.query(`CREATE INDEX household_vacant ON grid.household (town_code, grid_code, id) WHERE 'vacant' = ANY (flags)`);
    await q.query(`ALTER TABLE grid.household_import RENAME TO base_data_import`);
    await q.query(`ALTER TABLE grid.base_data_import ADD COLUMN kind text NOT NULL DEFAULT 'households' CHECK (kind IN ('households', 'residents', 'enterprises'))`);
    await q.query(`ALTER TABLE grid.base_data_import ADD COLUMN rows_total integer`);
    await q.query(`ALTER TABLE grid.base_data_import ADD COLUMN attachment_hash text`);
    await q.query(`
      CREATE TABLE grid.resident (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        grid_code text NOT NULL REFERENCES grid.grid (code),
        household_id uuid REFERENCES grid.household (id),
        name text NOT NULL,
        id_cipher text NOT NULL,
        id_hash text NOT NULL,
        id_masked text NOT NULL,
        phone_cipher text,
        phone_masked text,
        address text,
        lng double precision,
        lat double precision,
        import_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX resident_id_hash ON grid.resident (county_code, id_hash)`);
    await q.query(`CREATE INDEX resident_grid ON grid.resident (grid_code text_pattern_ops, id)`);
    await q.query(`
      CREATE TABLE grid.enterprise (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        grid_code text NOT NULL REFERENCES grid.grid (code),
        name text NOT NULL,
        credit_code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('enterprise', 'place')),
        type text NOT NULL,
        risk_level text NOT NULL CHECK (risk_level IN ('low', 'general', 'major', 'serious')),
        address text,
        lng double precision,
        lat double precision,
        import_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX enterprise_credit_code ON grid.enterprise (county_code, credit_code)`);
    await q.query(`CREATE INDEX enterprise_grid ON grid.enterprise (grid_code text_pattern_ops, id)`);
    await q.query(`
      CREATE TABLE grid.building (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        grid_code text NOT NULL REFERENCES grid.grid (code),
        name text NOT NULL,
        address text,
        floors integer,
        use text NOT NULL,
        lng double precision,
        lat double precision,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX building_grid ON grid.building (grid_code text_pattern_ops, id)`);
    await q.query(`CREATE INDEX grid_event_reporter ON grid.grid_event (reported_by, reported_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX grid.grid_event_reporter`);
    await q.query(`DROP TABLE grid.building`);
    await q.query(`DROP TABLE grid.enterprise`);
    await q.query(`DROP TABLE grid.resident`);
    await q.query(`ALTER TABLE grid.base_data_import DROP COLUMN attachment_hash, DROP COLUMN rows_total, DROP COLUMN kind`);
    await q.query(`ALTER TABLE grid.base_data_import RENAME TO household_import`);
    await q.query(`DROP INDEX grid.household_vacant`);
    await q.query(`ALTER TABLE grid.household DROP COLUMN meter_number`);
    await q.query(`DROP TABLE grid.village`);
    await q.query(`ALTER TABLE grid.grid DROP COLUMN workers`);
  }
}
