import { headers as natsHeaders, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { HEADER_CORRELATION_ID } from '@yiti/contracts';
import type { AuditAnchor } from '../audit/audit-anchors';
import { verifyAuditChain, type AuditMacKeys, type ChainVerification } from '../audit/audit-chain';
import { qualified } from '../database/sql';

/**
 * Every county's audit chain in the schema (or the counties named), recomputed from the start and,
 * with anchors, checked against them (a county anchored but without rows any more is checked too).
 */
export async function verifyAuditChains(dataSource: DataSource, schema: string, keys: AuditMacKeys, counties: string[] = [], anchors?: AuditAnchor[]): Promise<ChainVerification[]> {
  const inRows = ((await dataSource.query(`SELECT DISTINCT county_code FROM ${qualified(schema, 'audit_log')} ORDER BY 1`)) as { county_code: string }[]).map((r) => r.county_code);
  const everyCounty = [...new Set([...inRows, ...(anchors ?? []).map((a) => a.countyCode)])].sort();
  const codes = counties.length > 0 ? counties : everyCounty;
  const results: ChainVerification[] = [];
  for (const code of codes) results.push(await verifyAuditChain(dataSource, schema, code, keys, anchors));
  return results;
}

export interface DeadLetterView {
  id: string;
  consumer: string;
  eventId: string | null;
  subject: string;
  error: string;
  deliveries: number;
  createdAt: Date;
}

/** Dead letters not yet replayed, oldest first. */
export async function listDeadLetters(dataSource: DataSource, schema: string): Promise<DeadLetterView[]> {
  return dataSource.query(
    `SELECT id::text, consumer, event_id AS "eventId", subject, split_part(error, E'\\n', 1) AS error, deliveries, created_at AS "createdAt"
     FROM ${qualified(schema, 'dead_letter')} WHERE replayed_at IS NULL ORDER BY id`,
  );
}

export interface ReplayOutcome {
  id: string;
  eventId: string | null;
  outcome: 'republished' | 'not_an_event' | 'failed';
  error?: string;
}

/**
 * Puts dead-lettered events back on the event stream (after the fault that stopped their consumer
 * is mended), then marks them replayed. Every consumer of the subject receives the event again; those
 * that applied it already drop it in their inbox (same event id), so only the consumer that gave up
 * applies it now. The stream message id is new (`<event id>:replay:<dead letter id>`), so JetStream's
 * duplicate window does not drop it; replaying the same dead letter twice is refused (replayed_at).
 * A payload that was not an event at all (no id) is reported and left alone.
 */
export async function replayDeadLetters(dataSource: DataSource, nc: NatsConnection, schema: string, ids: string[] | 'all'): Promise<ReplayOutcome[]> {
  const table = qualified(schema, 'dead_letter');
  const rows: { id: string; event_id: string | null; subject: string; payload: string }[] =
    ids === 'all'
      ? await dataSource.query(`SELECT id::text, event_id, subject, payload FROM ${table} WHERE replayed_at IS NULL ORDER BY id`)
      : await dataSource.query(`SELECT id::text, event_id, subject, payload FROM ${table} WHERE replayed_at IS NULL AND id = ANY($1::bigint[]) ORDER BY id`, [ids]);
  const js = nc.jetstream();
  const outcomes: ReplayOutcome[] = [];
  for (const row of rows) {
    if (row.event_id === null) {
      outcomes.push({ id: row.id, eventId: null, outcome: 'not_an_event' });
      continue;
    }
    try {
      const h = natsHeaders();
      const correlationId = (JSON.parse(row.payload) as { correlationId?: string | null }).correlationId;
      if (correlationId) h.set(HEADER_CORRELATION_ID, correlationId);
      await js.publish(row.subject, row.payload, { msgID: `${row.event_id}:replay:${row.id}`, headers: h, timeout: 5000 });
      await dataSource.query(`UPDATE ${table} SET replayed_at = now() WHERE id = $1`, [row.id]);
      outcomes.push({ id: row.id, eventId: row.event_id, outcome: 'republished' });
    } catch (error) {
      outcomes.push({ id: row.id, eventId: row.event_id, outcome: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
