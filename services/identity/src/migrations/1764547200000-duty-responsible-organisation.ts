import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A duty names the institution that handles it in its town, not only a kind of organisation.
 * Existing duties get the one routing picked until now: the town's first institution of the kind
 * by code (none when the town has none).
 */
export class DutyResponsibleOrganisation1764547200000 implements MigrationInterface {
  name = 'DutyResponsibleOrganisation1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.duty ADD COLUMN responsible_organisation_id uuid REFERENCES identity.organisation(id)`);
    await q.query(`
      UPDATE identity.duty d SET responsible_organisation_id = (
        SELECT o.id FROM identity.organisation o
        WHERE o.jurisdiction_code = d.town_code AND o.kind = d.responsible_organisation_kind
        ORDER BY o.code LIMIT 1
      )`);
    await q.query(`CREATE INDEX duty_town_name_idx ON identity.duty (town_code, name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX identity.duty_town_name_idx`);
    await q.query(`ALTER TABLE identity.duty DROP COLUMN responsible_organisation_id`);
  }
}
