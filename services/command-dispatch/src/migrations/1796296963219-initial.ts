import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createHeldItemTable } from '@yiti/authority-client';

/**
 * The held-item cache of the authority client and the work orders (工单) of the command and dispatch
 * centre: the orders, their steps, the SLA timers (claimed with FOR UPDATE SKIP LOCKED), the
 * supervision notices (督办, one per order and round), the change feed for the live stream, and the
 * county's taxonomy and SLA settings (defaults in code, a county's edits as rows).
 */
export class CommandDispatchInitial1796296963219 implements MigrationInterface {
  name = 'CommandDispatchInitial1796296963219';

  async up(q: QueryRunner): Promise<void> {
    await createHeldItemTable(q, 'command_dispatch');
    await q.query(`CREATE SEQUENCE command_dispatch.work_order_no_seq`);
    await q.query(`
      CREATE TABLE command_dispatch.work_order (
        id uuid PRIMARY KEY,
        order_no text NOT NULL UNIQUE,
        county_code text NOT NULL,
        town_code text,
        channel text NOT NULL,
        source_ref text,
        request_hash text,
        category text NOT NULL,
        category_name text NOT NULL,
        duty_category text,
        request_type text,
        urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent')),
        title text NOT NULL,
        description text NOT NULL,
        address text,
        lng double precision,
        lat double precision,
        grid_code text,
        caller_name_cipher text,
        caller_name_masked text,
        caller_phone_cipher text,
        caller_phone_masked text,
        caller_phone_hash text,
        fields jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('pending_dispatch', 'dispatched', 'returned', 'signed', 'handling', 'parked', 'feedback', 'rework', 'linked', 'closed', 'evaluated', 'cancelled')),
        unit_id uuid,
        unit_name text,
        parent_id uuid REFERENCES command_dispatch.work_order (id),
        sub_task text,
        sla_unit text NOT NULL CHECK (sla_unit IN ('working_days', 'working_hours', 'same_day')),
        sla_amount integer NOT NULL CHECK (sla_amount >= 0),
        extension integer NOT NULL DEFAULT 0,
        pending_extension integer,
        clock_started_at timestamptz,
        pauses jsonb NOT NULL DEFAULT '[]',
        due_at timestamptz,
        feedback_at timestamptz,
        closed_at timestamptz,
        closed_on_time boolean,
        rework_count integer NOT NULL DEFAULT 0,
        extended_count integer NOT NULL DEFAULT 0,
        supervision_count integer NOT NULL DEFAULT 0,
        satisfaction text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    // One order per channel ticket (and per internal source): the on-conflict path of idempotent intake.
    await q.query(`CREATE UNIQUE INDEX work_order_source_key ON command_dispatch.work_order (county_code, channel, source_ref) WHERE source_ref IS NOT NULL`);
    await q.query(`CREATE INDEX work_order_town_status ON command_dispatch.work_order (town_code, status, created_at DESC)`);
    await q.query(`CREATE INDEX work_order_county_created ON command_dispatch.work_order (county_code, created_at DESC)`);
    await q.query(`CREATE INDEX work_order_unit_status ON command_dispatch.work_order (unit_id, status)`);
    await q.query(`CREATE INDEX work_order_parent ON command_dispatch.work_order (parent_id) WHERE parent_id IS NOT NULL`);
    await q.query(`CREATE INDEX work_order_caller_hash ON command_dispatch.work_order (caller_phone_hash) WHERE caller_phone_hash IS NOT NULL`);

    // Every step with who took it (the audit log holds the same, chained).
    await q.query(`
      CREATE TABLE command_dispatch.work_order_step (
        id uuid PRIMARY KEY,
        work_order_id uuid NOT NULL REFERENCES command_dispatch.work_order (id),
        action text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_id text,
        unit_id uuid,
        reasons text,
        details jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX work_order_step_order ON command_dispatch.work_order_step (work_order_id, at)`);

    // The one timer of an open order whose clock runs: due-soon warning, then overdue → 督办, then again.
    await q.query(`
      CREATE TABLE command_dispatch.sla_timer (
        work_order_id uuid PRIMARY KEY REFERENCES command_dispatch.work_order (id),
        kind text NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
        fire_at timestamptz NOT NULL,
        round integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX sla_timer_fire_at ON command_dispatch.sla_timer (fire_at)`);

    // 督办 notices: exactly one per order and round (the key refuses a second).
    await q.query(`
      CREATE TABLE command_dispatch.supervision (
        id uuid PRIMARY KEY,
        work_order_id uuid NOT NULL REFERENCES command_dispatch.work_order (id),
        round integer NOT NULL,
        escalated_to text NOT NULL CHECK (escalated_to IN ('town', 'county')),
        due_at timestamptz NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (work_order_id, round)
      )`);

    // The live feed: every change of an order, in commit order per county, resumable by id (Last-Event-ID).
    await q.query(`
      CREATE TABLE command_dispatch.work_order_change (
        id bigserial PRIMARY KEY,
        county_code text NOT NULL,
        town_code text,
        work_order_id uuid NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX work_order_change_county ON command_dispatch.work_order_change (county_code, id)`);

    // A county's own taxonomy entries (分类) and limits; the defaults live in code.
    await q.query(`
      CREATE TABLE command_dispatch.category (
        county_code text NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        duty_category text,
        sla_unit text CHECK (sla_unit IN ('working_days', 'working_hours', 'same_day')),
        sla_amount integer CHECK (sla_amount >= 0),
        active boolean NOT NULL DEFAULT true,
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (county_code, code)
      )`);
    await q.query(`
      CREATE TABLE command_dispatch.county_setting (
        county_code text PRIMARY KEY,
        due_soon_hours integer NOT NULL,
        resupervise_hours integer NOT NULL,
        sla_policies jsonb NOT NULL DEFAULT '{}',
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['county_setting', 'category', 'work_order_change', 'supervision', 'sla_timer', 'work_order_step', 'work_order']) await q.query(`DROP TABLE command_dispatch.${table}`);
    await q.query(`DROP SEQUENCE command_dispatch.work_order_no_seq`);
    await q.query(`DROP TABLE command_dispatch.held_item`);
  }
}
