import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 渠道凭证: external channels' machine credentials, one county and one channel each, the secret kept only as its hash. */
export class ChannelCredentials1796300000000 implements MigrationInterface {
  name = 'ChannelCredentials1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.channel_credential (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        channel text NOT NULL,
        name text NOT NULL,
        secret_hash text NOT NULL,
        issued_by text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by text
      )`);
    await q.query(`CREATE INDEX channel_credential_county ON identity.channel_credential (county_code, issued_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.channel_credential`);
  }
}
