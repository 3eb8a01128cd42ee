import { headers as natsHeaders, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { EVENT_STREAM, HEADER_CORRELATION_ID } from '@yiti/contracts';
import type { AuditAnchor } from '../audit/audit-anchors';
import { verifyAuditChain, type AuditMacKeys, type ChainVerification } from '../audit/audit-chain';
import { qualified } from '../database/sql';

/**
 * Every county's audit chain in the schema (or the counties named), recomputed from the start and,
 * with anchors, checked against them (a county anchored but without rows any more is checked too).
 */
export async function verifyAuditChains(
  dataSource: DataSource,
  schema: string,
  keys: AuditMacKeys,
  counties: string[] = [],
  anchors?: AuditAnchor[],
  onRows?: (rows: number) => void,
): Promise<ChainVerification[]> {
  const inRows = ((await dataSource.query(`SELECT DISTINCT county_code FROM ${qualified(schema, 'audit_log')} ORDER BY 1`)) as { county_code: string }[]).map((r) => r.county_code);
  const everyCounty = [...new Set([...inRows, ...(anchors ?? []).map((a) => a.countyCode)])].sort();
  const codes = counties.length > 0 ? counties : everyCounty;
  const results: ChainVerification[] = [];
  for (const code of codes) results.push(await verifyAuditChain(dataSource, schema, code, keys, anchors, onRows));
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

/** Dead letters not yet replayed, oldest first (at most `limit`: an answer is bounded). */
export async function listDeadLetters(dataSource: DataSource, schema: string, limit = 1000): Promise<DeadLetterView[]> {
  return dataSource.query(
    `SELECT id::text, consumer, event_id AS "eventId", subject, split_part(error, E'\\n', 1) AS error, deliveries, created_at AS "createdAt"
     FROM ${qualified(schema, 'dead_letter')} WHERE replayed_at IS NULL ORDER BY id LIMIT $1`,
    [limit],
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

/** After a restore: marks the retained outbox events unpublished, so that the relay publishes them again. Returns how many. */
export async function markOutboxForRepublish(dataSource: DataSource, schema: string): Promise<number> {
  const [, count]: [unknown, number] = await dataSource.query(`UPDATE ${qualified(schema, 'outbox')} SET published_at = NULL, attempts = 0 WHERE published_at IS NOT NULL`);
  return count;
}

/**
 * After a restore, once for the deployment: deletes the event stream with every consumer of it (the
 * services make them again at start). Deleting, not purging: a purge keeps JetStream's memory of
 * message ids and would drop the republished events as duplicates. False when there was none.
 */
export async function deleteEventStream(nc: NatsConnection): Promise<boolean> {
  return (await nc.jetstreamManager()).streams.delete(EVENT_STREAM).catch(() => false);
}
