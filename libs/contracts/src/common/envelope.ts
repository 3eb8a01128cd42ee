import type { Role } from '../identity/roles';

/** Who is acting: filled by the gateway from a verified token, never by the caller. */
export interface Actor {
  userId: string;
  username: string;
  roles: Role[];
  organisationId: string;
  /** Root of the subtree the actor may act in (national division code). 管辖区划代码 */
  jurisdictionCode: string;
}

/** Every request–reply message body on NATS. */
export interface RequestEnvelope<T = unknown> {
  actor?: Actor;
  correlationId: string;
  idempotencyKey?: string;
  data: T;
}

/** Every event published to JetStream. `id` is also the `Nats-Msg-Id`. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  occurredAt: string;
  countyCode: string | null;
  correlationId: string | null;
  actorId: string | null;
  data: T;
}

export const HEADER_CORRELATION_ID = 'x-request-id';
export const HEADER_IDEMPOTENCY_KEY = 'idempotency-key';
