export const SUBJECT_ROOT = 'yiti.v1';
export const EVENT_SUBJECT_ROOT = 'yiti.v1.events';
/** The JetStream stream that holds every domain event. */
export const EVENT_STREAM = 'YITI_EVENTS';

export function commandSubject(service: string, resource: string, action: string): string {
  return `${SUBJECT_ROOT}.${service}.${resource}.${action}`;
}

export function eventSubject(service: string, event: string): string {
  return `${EVENT_SUBJECT_ROOT}.${service}.${event}`;
}
