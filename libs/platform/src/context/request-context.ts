import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@yiti/contracts';

export interface RequestContext {
  correlationId: string;
  actor?: Actor;
  /** The caller's Idempotency-Key, carried to every service the request reaches. */
  idempotencyKey?: string;
  /** Service side: hash of the subject and data the key was used with. */
  idempotencyHash?: string;
  /** Service side: set once a transaction of this request has recorded the key. */
  idempotencyRecorded?: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string {
  return storage.getStore()?.correlationId ?? randomUUID();
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller-supplied request id only when it is short and harmless; otherwise makes one. */
export function acceptOrCreateCorrelationId(candidate: unknown): string {
  return typeof candidate === 'string' && SAFE_ID.test(candidate) ? candidate : randomUUID();
}
