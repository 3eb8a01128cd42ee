import { EVENT_SUBJECT_ROOT, SUBJECT_ROOT } from './subjects';

/** A contract class: request DTOs and event payloads are validated against one. */
export type ContractClass<T> = new () => T;

/** The request of a subject that takes none. */
export type NoRequest = Record<string, never>;

/**
 * One request–reply subject, declared once with its request class and its reply type, so that a
 * caller sending the wrong request or reading the wrong reply does not compile, and the handler
 * validates against the same class the caller was typed with.
 */
export class SubjectDefinition<Req, Res> {
  /** Type-level only: the reply's type. */
  declare readonly reply: Res;

  constructor(
    readonly subject: string,
    /** The class the handler validates the request against; null for a subject with no request. */
    readonly request: ContractClass<Req> | null,
  ) {}

  /** The same subject with its reply type named. */
  returns<R>(): SubjectDefinition<Req, R> {
    return this as unknown as SubjectDefinition<Req, R>;
  }
}

/** `yiti.v1.<service>.<resource>.<action>` with the class its request is validated against. */
export function defineSubject<Req extends object>(service: string, resource: string, action: string, request: ContractClass<Req>): SubjectDefinition<Req, unknown>;
export function defineSubject(service: string, resource: string, action: string, request: null): SubjectDefinition<NoRequest, unknown>;
export function defineSubject<Req extends object>(service: string, resource: string, action: string, request: ContractClass<Req> | null): SubjectDefinition<Req, unknown> {
  return new SubjectDefinition<Req, unknown>(`${SUBJECT_ROOT}.${service}.${resource}.${action}`, request);
}

/**
 * One event, declared once with its payload class and version. The version is part of the subject
 * (`yiti.v1.events.identity.power.delegated.v1`), so a payload can change shape under a new version
 * while consumers of the old one keep working; consumers validate the payload against the class
 * before their handler runs.
 */
export class EventDefinition<P> {
  /** The subject (and the envelope's `type`). */
  readonly subject: string;

  constructor(
    readonly service: string,
    /** The event's name within its service, e.g. `power.delegated`. */
    readonly name: string,
    readonly version: number,
    readonly payload: ContractClass<P>,
  ) {
    this.subject = `${EVENT_SUBJECT_ROOT}.${service}.${name}.v${version}`;
  }

  /** Whether an event of this type is this definition's (events published before versions were named count as v1). */
  matches(type: string): boolean {
    return type === this.subject || (this.version === 1 && type === `${EVENT_SUBJECT_ROOT}.${this.service}.${this.name}`);
  }
}

export function defineEvent<P extends object>(service: string, name: string, version: number, payload: ContractClass<P>): EventDefinition<P> {
  return new EventDefinition(service, name, version, payload);
}

/** The narrowest subject filter that catches every one of the events (one filter per consumer on nats-server 2.9). */
export function eventFilter(events: readonly EventDefinition<unknown>[]): string {
  const first = events[0];
  if (!first) throw new Error('an event filter needs at least one event');
  if (events.length === 1) return first.subject;
  const tokens = events.map((e) => e.subject.split('.'));
  const common: string[] = [];
  for (let i = 0; tokens.every((t) => i < t.length - 1 && t[i] === tokens[0]?.[i]); i++) common.push(tokens[0]?.[i] as string);
  return `${common.join('.')}.>`;
}
