import { Injectable, type PipeTransform } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { Actor, RequestEnvelope, SubjectDefinition } from '@yiti/contracts';
import { DomainException } from '../errors/domain-exception';
import { validatedInstance } from '../errors/validation';

/** A validated request: the data typed and checked, the actor present when the handler needs one. */
export interface Command<T> {
  actor: Actor;
  data: T;
  correlationId: string;
  idempotencyKey?: string;
}

export type AnonymousCommand<T> = Omit<Command<T>, 'actor'> & { actor?: Actor };

function isEnvelope(value: unknown): value is RequestEnvelope {
  return typeof value === 'object' && value !== null && 'data' in value;
}

/**
 * Validates a NATS request envelope's data against a contract class. Services validate again what
 * the gateway validated: NATS is a boundary too, and other services call in without the gateway.
 */
@Injectable()
export class EnvelopePipe<T extends object> implements PipeTransform<unknown, Promise<AnonymousCommand<T>>> {
  constructor(
    private readonly dataClass: (new () => T) | null,
    private readonly requireActor = true,
  ) {}

  async transform(value: unknown): Promise<AnonymousCommand<T>> {
    if (!isEnvelope(value)) throw new DomainException('BAD_REQUEST', 'message is not a request envelope');
    if (this.requireActor && !value.actor) throw new DomainException('AUTH_REQUIRED');
    const data = this.dataClass ? await validatedInstance(this.dataClass, value.data ?? {}) : (value.data as T);
    return { actor: value.actor, data, correlationId: value.correlationId, idempotencyKey: value.idempotencyKey };
  }
}

/** Envelope pipe for a handler that needs an authenticated actor: the request validated against the subject's class. */
export function command<T extends object>(definition: SubjectDefinition<T, unknown>): EnvelopePipe<T> {
  return new EnvelopePipe(definition.request, true);
}

/** Envelope pipe for a handler that serves anonymous callers (login, refresh). */
export function anonymousCommand<T extends object>(definition: SubjectDefinition<T, unknown>): EnvelopePipe<T> {
  return new EnvelopePipe(definition.request, false);
}

/** The handler of a subject: its reply must be the subject's reply type. */
export function Handles<Res>(definition: SubjectDefinition<unknown, Res>) {
  const pattern = MessagePattern(definition.subject);
  return <F extends (...args: never[]) => Res | Promise<Res>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
    pattern(target, key, descriptor);
  };
}
