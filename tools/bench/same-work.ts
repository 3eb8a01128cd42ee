/**
 * Scenario (d), responder side: the platform's work for one create, written by hand with pg and
 * nats. One transaction writes the organisation, an outbox row (the event envelope) and an audit
 * row (the created organisation as its `after` document); a minimal relay in the same process
 * publishes outbox rows to JetStream with `Nats-Msg-Id` and marks them. No hash chain.
 */
import { randomUUID } from 'node:crypto';
import { headers as natsHeaders, type JetStreamClient } from 'nats';
import type { Pool } from 'pg';
import { insertOrganisation, type OrgRequest, type OrgRow } from './org-table';

/** The bench's own stream: never the platform's YITI_EVENTS, whose subjects it does not overlap. */
export const BENCH_STREAM = 'BENCH_EVENTS';
export const BENCH_STREAM_SUBJECTS = 'bench.events.>';
const EVENT_SUBJECT = 'bench.events.organisation.created';

/** Tables of the platform's shape (outbox, audit_log) in the bench schema. */
export const BENCH_SCHEMA = 'bench';
const OUTBOX = `${BENCH_SCHEMA}.outbox`;
const AUDIT_LOG = `${BENCH_SCHEMA}.audit_log`;

/** Stands in for the platform's authenticated actor, so the audit row carries the same columns. */
const ACTOR = { id: randomUUID(), roles: ['county_admin'], organisationId: randomUUID() };

/** The relay's pass size, and the pause before a pass (commits in that window share it). */
const RELAY_BATCH = 100;
const RELAY_DELAY_MS = 10;
const RELAY_RETRY_MS = 1000;

/**
 * BEGIN; INSERT the organisation; INSERT the outbox and audit rows; COMMIT. Outbox and audit go in
 * one statement (two data-modifying CTE branches), as the platform's unit of work writes them, so
 * both sides make the same four round trips.
 */
export async function createOrganisationWithEvents(pool: Pool, request: OrgRequest): Promise<OrgRow> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const org = await insertOrganisation(client, request);
    const now = new Date();
    const correlationId = randomUUID();
    const event = {
      id: randomUUID(),
      type: EVENT_SUBJECT,
      occurredAt: now.toISOString(),
      countyCode: org.countyCode,
      correlationId,
      actorId: ACTOR.id,
      data: { id: org.id, code: org.code, name: org.name, kind: org.kind, jurisdictionCode: org.jurisdictionCode },
    };
    await client.query(
      `WITH outbox AS (INSERT INTO ${OUTBOX} (id, subject, payload) VALUES ($1, $2, $3))
       INSERT INTO ${AUDIT_LOG} (county_code, occurred_at, actor_id, actor_roles, actor_organisation_id, action,
                                 resource_type, resource_id, jurisdiction_code, before, after, correlation_id)
       VALUES ($4, $5, $6, $7, $8, 'organisation.create', 'organisation', $9, $10, NULL, $11, $12)`,
      [
        event.id, event.type, JSON.stringify(event),
        org.countyCode, now, ACTOR.id, ACTOR.roles, ACTOR.organisationId, org.id, org.jurisdictionCode, JSON.stringify(org), correlationId,
      ],
    );
    await client.query('COMMIT');
    return org;
  } catch (error) {
    broken = !(await client.query('ROLLBACK').then(() => true, () => false));
    throw error;
  } finally {
    client.release(broken); // a connection that could not roll back is discarded
  }
}

interface PendingRow {
  id: string;
  subject: string;
  payload: { correlationId?: string | null };
}

/**
 * The minimal relay: a pass starts ~10 ms after a commit wakes it (commits in between share it) and
 * repeats every ~10 ms while it finds rows; an empty outbox costs nothing. A pass claims up to 100
 * unpublished rows FOR UPDATE SKIP LOCKED, publishes them concurrently with `Nats-Msg-Id` = event
 * id, marks the published ones and commits.
 */
export class MinimalRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private woken = false;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly js: JetStreamClient,
  ) {}

  /** Called after every commit that wrote an outbox row. */
  wake(): void {
    if (this.running) this.woken = true;
    else this.schedule(RELAY_DELAY_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  private async pass(): Promise<void> {
    this.woken = false;
    try {
      let published: number;
      let total = 0;
      do {
        published = await this.publishBatch();
        total += published;
      } while (published === RELAY_BATCH && !this.stopped);
      if (total > 0 || this.woken) this.schedule(RELAY_DELAY_MS);
    } catch (error) {
      console.error('relay pass failed:', error);
      this.schedule(RELAY_RETRY_MS);
    }
  }

  private async publishBatch(): Promise<number> {
    const client = await this.pool.connect();
    let broken = false;
    let failure: unknown = null;
    let published: number;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<PendingRow>(
        `SELECT id, subject, payload FROM ${OUTBOX} WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [RELAY_BATCH],
      );
      const outcomes = await Promise.allSettled(
        rows.map((row) => {
          const h = natsHeaders();
          if (row.payload.correlationId) h.set('x-request-id', row.payload.correlationId);
          return this.js.publish(row.subject, JSON.stringify(row.payload), { msgID: row.id, headers: h, timeout: 5000 });
        }),
      );
      // Mark up to the first failure; the rest stay pending for a later pass, in order.
      const failed = outcomes.findIndex((o) => o.status === 'rejected');
      if (failed !== -1) failure = (outcomes[failed] as PromiseRejectedResult).reason;
      const done = rows.slice(0, failed === -1 ? rows.length : failed).map((row) => row.id);
      if (done.length > 0) await client.query(`UPDATE ${OUTBOX} SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [done]);
      await client.query('COMMIT');
      published = done.length;
    } catch (error) {
      broken = !(await client.query('ROLLBACK').then(() => true, () => false));
      throw error;
    } finally {
      client.release(broken); // a connection that could not roll back is discarded
    }
    if (failure !== null) throw failure;
    return published;
  }
}
