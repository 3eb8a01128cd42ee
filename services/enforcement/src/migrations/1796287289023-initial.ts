import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createHeldItemTable } from '@yiti/authority-client';

/** The tables the platform's authority client keeps in every service: which towns hold which powers. */
export class EnforcementInitial1796287289023 implements MigrationInterface {
  name = 'EnforcementInitial1796287289023';

  async up(q: QueryRunner): Promise<void> {
    await createHeldItemTable(q, 'enforcement');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enforcement.held_item`);
  }
}
