import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 双随机一公开: the county's spot-check item list (一单), the pools of inspected entities and of
 * inspectors (两库), the draws with their published seed and frozen snapshot, and one assignment per
 * picked entity with its inspectors and result. Entities are organisations (unified social credit
 * code): no personal data is kept here.
 */
export class RandomChecks1796325000000 implements MigrationInterface {
  name = 'RandomChecks1796325000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enforcement.check_item (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('general', 'key')),
        item_id uuid NOT NULL,
        item_code text NOT NULL,
        basis text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (county_code, code)
      )`);
    await q.query(`
      CREATE TABLE enforcement.check_entity (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text NOT NULL,
        credit_code text NOT NULL,
        name text NOT NULL,
        address text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (county_code, credit_code)
      )`);
    await q.query(`CREATE INDEX check_entity_town ON enforcement.check_entity (town_code, credit_code)`);
    await q.query(`
      CREATE TABLE enforcement.check_inspector (
        user_id uuid PRIMARY KEY,
        county_code text NOT NULL,
        jurisdiction_code text NOT NULL,
        name text NOT NULL,
        conflicts text[] NOT NULL DEFAULT '{}',
        withdrawn boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX check_inspector_jurisdiction ON enforcement.check_inspector (jurisdiction_code, user_id)`);
    await q.query(`CREATE SEQUENCE enforcement.check_draw_no_seq`);
    await q.query(`
      CREATE TABLE enforcement.check_draw (
        id uuid PRIMARY KEY,
        draw_no text NOT NULL UNIQUE,
        county_code text NOT NULL,
        jurisdiction_code text NOT NULL,
        title text NOT NULL,
        items jsonb NOT NULL,
        draw_date date NOT NULL,
        seed text NOT NULL,
        snapshot jsonb NOT NULL,
        snapshot_hash text NOT NULL,
        algorithm text NOT NULL,
        entity_pool_size int NOT NULL,
        inspector_pool_size int NOT NULL,
        picked int NOT NULL,
        inspectors_per_entity int NOT NULL,
        results_recorded int NOT NULL DEFAULT 0,
        created_by uuid NOT NULL,
        drawn_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX check_draw_county ON enforcement.check_draw (county_code, drawn_at DESC, id)`);
    await q.query(`
      CREATE TABLE enforcement.check_assignment (
        id uuid PRIMARY KEY,
        draw_id uuid NOT NULL REFERENCES enforcement.check_draw (id),
        position int NOT NULL,
        county_code text NOT NULL,
        town_code text NOT NULL,
        entity_id uuid NOT NULL,
        credit_code text NOT NULL,
        entity_name text NOT NULL,
        inspector_ids uuid[] NOT NULL,
        inspector_names text[] NOT NULL,
        result text CHECK (result IN ('no_problem', 'problem_found')),
        result_note text,
        clue_id uuid,
        recorded_on date,
        recorded_by uuid,
        drawn_at timestamptz NOT NULL,
        UNIQUE (draw_id, position),
        UNIQUE (draw_id, entity_id)
      )`);
    // The public page of a county: newest draws first, entities in pick order (a page reads its rows only).
    await q.query(`CREATE INDEX check_assignment_public ON enforcement.check_assignment (county_code, drawn_at DESC, draw_id, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enforcement.check_assignment`);
    await q.query(`DROP TABLE enforcement.check_draw`);
    await q.query(`DROP SEQUENCE enforcement.check_draw_no_seq`);
    await q.query(`DROP TABLE enforcement.check_inspector`);
    await q.query(`DROP TABLE enforcement.check_entity`);
    await q.query(`DROP TABLE enforcement.check_item`);
  }
}
