import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "May officer O exercise P?" reads every delegation of P to O's town over the years; only the open
 * one had an index (delegation_open_unique is partial). One index for all of them.
 */
export class DelegationTownItem1796300100000 implements MigrationInterface {
  name = 'DelegationTownItem1796300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX delegation_town_item_idx ON identity.delegation (town_code, item_id, effective_from DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX identity.delegation_town_item_idx`);
  }
}
