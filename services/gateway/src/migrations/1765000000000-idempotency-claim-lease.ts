import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key claim is a lease: it names its claim (claim_token) and lasts until
 * lease_until, after which a retry may take the key over. Claims made before carry an expired lease.
 */
export class IdempotencyClaimLease1765000000000 implements MigrationInterface {
  name = 'IdempotencyClaimLease1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.idempotency_record ADD COLUMN claim_token uuid, ADD COLUMN lease_until timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway.idempotency_record DROP COLUMN claim_token, DROP COLUMN lease_until`);
  }
}
