import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@yiti/contracts';
import { insertAll, type TableRows } from '../database/multi-insert';
import { qualified } from '../database/sql';

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

export function outboxRows(schema: string, envelopes: EventEnvelope[]): TableRows {
  return { table: qualified(schema, 'outbox'), columns: ['id', 'subject', 'payload'], rows: envelopes.map((e) => [e.id, e.type, JSON.stringify(e)]) };
}

/** Writes events in the caller's transaction; the relay publishes them after commit. */
export async function appendToOutbox(em: EntityManager, schema: string, envelopes: EventEnvelope[]): Promise<void> {
  await insertAll(em, [outboxRows(schema, envelopes)]);
}
