import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 督办 notices name whom they are addressed to (the level, its jurisdiction, the unit) and record
 * their acknowledgement, with indexes for the 督办 list; the early-warning rules' timers (one per
 * active hotspot or repeat rule, claimed with FOR UPDATE SKIP LOCKED); and the live feed's position:
 * each change carries the id of the transaction that wrote it, so the feed reads a change as soon as
 * every transaction that could still add an earlier one has ended (no settling delay).
 */
export class SupervisionAddresseesRuleTimersFeedPosition1796331500000 implements MigrationInterface {
  name = 'SupervisionAddresseesRuleTimersFeedPosition1796331500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE command_dispatch.supervision
        ADD COLUMN county_code text,
        ADD COLUMN town_code text,
        ADD COLUMN unit_id uuid,
        ADD COLUMN unit_name text,
        ADD COLUMN addressee_code text,
        ADD COLUMN acknowledged_at timestamptz,
        ADD COLUMN acknowledged_by text`);
    await q.query(`
      UPDATE command_dispatch.supervision s
         SET county_code = o.county_code, town_code = o.town_code, unit_id = o.unit_id, unit_name = o.unit_name,
             addressee_code = CASE WHEN s.escalated_to = 'town' AND o.town_code IS NOT NULL THEN o.town_code ELSE o.county_code END
        FROM command_dispatch.work_order o WHERE o.id = s.work_order_id`);
    await q.query(`ALTER TABLE command_dispatch.supervision ALTER COLUMN county_code SET NOT NULL, ALTER COLUMN addressee_code SET NOT NULL`);
    await q.query(`CREATE INDEX supervision_town_issued ON command_dispatch.supervision (town_code, issued_at DESC, id DESC)`);
    await q.query(`CREATE INDEX supervision_county_issued ON command_dispatch.supervision (county_code, issued_at DESC, id DESC)`);
    await q.query(`CREATE INDEX supervision_unit_issued ON command_dispatch.supervision (unit_id, issued_at DESC, id DESC) WHERE unit_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE command_dispatch.rule_timer (
        rule_id uuid PRIMARY KEY REFERENCES command_dispatch.warning_rule (id),
        fire_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rule_timer_fire_at ON command_dispatch.rule_timer (fire_at)`);
    await q.query(`INSERT INTO command_dispatch.rule_timer (rule_id, fire_at) SELECT id, now() FROM command_dispatch.warning_rule WHERE active AND kind IN ('hotspot', 'repeat')`);

    await q.query(`ALTER TABLE command_dispatch.work_order_change ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE INDEX work_order_change_county_position ON command_dispatch.work_order_change (county_code, tx, id)`);
    await q.query(`CREATE INDEX work_order_change_position ON command_dispatch.work_order_change (tx, id)`);
    await q.query(`DROP INDEX command_dispatch.work_order_change_county`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX work_order_change_county ON command_dispatch.work_order_change (county_code, id)`);
    await q.query(`DROP INDEX command_dispatch.work_order_change_position`);
    await q.query(`DROP INDEX command_dispatch.work_order_change_county_position`);
    await q.query(`ALTER TABLE command_dispatch.work_order_change DROP COLUMN tx`);
    await q.query(`DROP TABLE command_dispatch.rule_timer`);
    for (const index of ['supervision_unit_issued', 'supervision_county_issued', 'supervision_town_issued']) await q.query(`DROP INDEX command_dispatch.${index}`);
    await q.query(`
      ALTER TABLE command_dispatch.supervision
        DROP COLUMN county_code, DROP COLUMN town_code, DROP COLUMN unit_id, DROP COLUMN unit_name,
        DROP COLUMN addressee_code, DROP COLUMN acknowledged_at, DROP COLUMN acknowledged_by`);
  }
}
