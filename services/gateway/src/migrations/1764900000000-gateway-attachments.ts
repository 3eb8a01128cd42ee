import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who uploaded which attachment in which county; referenced_at once a record claimed it (never swept after). */
export class GatewayAttachments1764900000000 implements MigrationInterface {
  name = 'GatewayAttachments1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.attachment_upload (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        uploader_id text NOT NULL,
        county_code text NOT NULL,
        jurisdiction_code text NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        content_type text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        referenced_at timestamptz
      )`);
    await q.query(`CREATE INDEX attachment_upload_hash_idx ON gateway.attachment_upload (hash, county_code)`);
    await q.query(`CREATE INDEX attachment_upload_unreferenced_idx ON gateway.attachment_upload (uploaded_at) WHERE referenced_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.attachment_upload`);
  }
}
