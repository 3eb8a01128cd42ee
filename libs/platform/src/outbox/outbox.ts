import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@yiti/contracts';
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

/** Writes events in the caller's transaction; the relay publishes them after commit. */
export async function appendToOutbox(em: EntityManager, schema: string, envelopes: EventEnvelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  const values: string[] = [];
  const params: unknown[] = [];
  envelopes.forEach((envelope, i) => {
    values.push(`($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`);
    params.push(envelope.id, envelope.type, JSON.stringify(envelope));
  });
  await em.query(`INSERT INTO ${qualified(schema, 'outbox')} (id, subject, payload) VALUES ${values.join(', ')}`, params);
}
