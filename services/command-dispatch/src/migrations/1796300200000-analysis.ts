import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The command centre's analysis: early-warning rules (研判预警, rules as data), the daily meter
 * readings of the power company (one per meter and day), the alerts they raise (one per rule and
 * key) and targeted notices (精准推送): the county's outbound SMS channel, notices, one delivery per
 * notice and recipient, referrals (推荐就业).
 */
export class CommandDispatchAnalysis1796300200000 implements MigrationInterface {
  name = 'CommandDispatchAnalysis1796300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE command_dispatch.warning_rule (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('reading_threshold', 'hotspot', 'repeat')),
        params jsonb NOT NULL,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT warning_rule_name_unique UNIQUE (county_code, name)
      )`);
    await q.query(`
      CREATE TABLE command_dispatch.meter_reading (
        county_code text NOT NULL,
        meter_no text NOT NULL,
        day date NOT NULL,
        household_id uuid NOT NULL,
        reading_kind text NOT NULL,
        value numeric(12, 3) NOT NULL CHECK (value >= 0),
        received_at timestamptz NOT NULL DEFAULT now(),
        evaluated_at timestamptz,
        PRIMARY KEY (county_code, meter_no, day)
      )`);
    await q.query(`CREATE INDEX meter_reading_unevaluated ON command_dispatch.meter_reading (county_code, received_at) WHERE evaluated_at IS NULL`);
    await q.query(`
      CREATE TABLE command_dispatch.warning_alert (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        town_code text,
        grid_code text,
        rule_id uuid NOT NULL REFERENCES command_dispatch.warning_rule (id),
        kind text NOT NULL,
        alert_key text NOT NULL,
        summary text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        work_order_id uuid REFERENCES command_dispatch.work_order (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT warning_alert_key UNIQUE (rule_id, alert_key)
      )`);
    await q.query(`CREATE INDEX warning_alert_county ON command_dispatch.warning_alert (county_code, created_at DESC, id)`);
    await q.query(`
      CREATE TABLE command_dispatch.notice_channel (
        county_code text PRIMARY KEY,
        webhook_url text NOT NULL,
        enabled boolean NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE command_dispatch.notice (
        id uuid PRIMARY KEY,
        county_code text NOT NULL,
        jurisdiction_code text NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        text text NOT NULL,
        postings integer NOT NULL DEFAULT 0,
        criteria jsonb NOT NULL,
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('household', 'resident')),
        status text NOT NULL CHECK (status IN ('draft', 'delivering', 'delivered')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      )`);
    await q.query(`CREATE INDEX notice_jurisdiction ON command_dispatch.notice (jurisdiction_code text_pattern_ops, created_at DESC)`);
    await q.query(`
      CREATE TABLE command_dispatch.notice_delivery (
        notice_id uuid NOT NULL REFERENCES command_dispatch.notice (id),
        recipient_id uuid NOT NULL,
        recipient_kind text NOT NULL,
        town_code text NOT NULL,
        grid_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'not_sent')),
        reason text,
        attempts integer NOT NULL DEFAULT 0,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (notice_id, recipient_id)
      )`);
    await q.query(`CREATE INDEX notice_delivery_sent ON command_dispatch.notice_delivery (sent_at) WHERE status = 'sent'`);
    await q.query(`
      CREATE TABLE command_dispatch.referral (
        id uuid PRIMARY KEY,
        notice_id uuid NOT NULL REFERENCES command_dispatch.notice (id),
        recipient_id uuid NOT NULL,
        posting_ref text NOT NULL,
        jurisdiction_code text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT referral_unique UNIQUE (notice_id, recipient_id, posting_ref)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['referral', 'notice_delivery', 'notice', 'notice_channel', 'warning_alert', 'meter_reading', 'warning_rule']) await q.query(`DROP TABLE command_dispatch.${table}`);
  }
}
