import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate limit hits each gateway replica counted, shared so that the limits hold across replicas. Unlogged: counts need not survive a crash. */
export class SharedRateLimits1765000100000 implements MigrationInterface {
  name = 'SharedRateLimits1765000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE gateway.rate_limit_hit (
        deployment text NOT NULL,
        replica uuid NOT NULL,
        id text NOT NULL,
        hits integer NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rate_limit_hit_deployment_idx ON gateway.rate_limit_hit (deployment, expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.rate_limit_hit`);
  }
}
