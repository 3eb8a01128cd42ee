import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createHeldItemTable } from '@yiti/authority-client';

/** The tables the platform's authority client keeps in every service: which towns hold which powers. */
export class GridInitial1796288658202 implements MigrationInterface {
  name = 'GridInitial1796288658202';

  async up(q: QueryRunner): Promise<void> {
    await createHeldItemTable(q, 'grid');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grid.held_item`);
  }
}
