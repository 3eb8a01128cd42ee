import type { MigrationInterface, QueryRunner } from 'typeorm';

export class GatewayInitial1764115400000 implements MigrationInterface {
  name = 'GatewayInitial1764115400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.idempotency_record (
        principal text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_progress','completed')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (principal, key)
      )`);
    await q.query(`CREATE INDEX idempotency_record_created_idx ON gateway.idempotency_record (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.idempotency_record`);
  }
}
