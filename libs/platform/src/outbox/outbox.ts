import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@yiti/contracts';
import { insertAll, type TableRows } from '../database/multi-insert';
import { qualified } from '../database/sql';
import { currentTraceHeaders, tracingEnabled } from '../tracing/tracing';

export interface NewEvent<T> {
  subject: string;
  data: T;
  countyCode: string | null;
  correlationId?: string | null;
  actorId?: string | null;
}

export function buildEventEnvelope<T>(event: NewEvent<T>, now = new Date()): EventEnvelope<T> {
  return {
    id: randomUUID(),
    type: event.subject,
    occurredAt: now.toISOString(),
    countyCode: event.countyCode,
    correlationId: event.correlationId ?? null,
    actorId: event.actorId ?? null,
    data: event.data,
  };
}

/**
 * The outbox rows of events. With tracing on, each row keeps in `headers` the trace context its event
 * was emitted in (`traceHeaders[i]`, from currentTraceHeaders): the relay publishes it as the
 * message's `traceparent`, and the consumers continue that trace. With tracing off the column is left
 * to its default.
 */
export function outboxRows(schema: string, envelopes: EventEnvelope[], traceHeaders: readonly (Record<string, string> | null)[] = []): TableRows {
  const table = qualified(schema, 'outbox');
  if (!tracingEnabled()) return { table, columns: ['id', 'subject', 'payload'], rows: envelopes.map((e) => [e.id, e.type, JSON.stringify(e)]) };
  return { table, columns: ['id', 'subject', 'payload', 'headers'], rows: envelopes.map((e, i) => [e.id, e.type, JSON.stringify(e), JSON.stringify(traceHeaders[i] ?? {})]) };
}

/** Writes events in the caller's transaction (in its trace, when traced); the relay publishes them after commit. */
export async function appendToOutbox(em: EntityManager, schema: string, envelopes: EventEnvelope[]): Promise<void> {
  const trace = currentTraceHeaders();
  await insertAll(em, [outboxRows(schema, envelopes, envelopes.map(() => trace))]);
}
