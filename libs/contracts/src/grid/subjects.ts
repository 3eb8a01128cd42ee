import { defineSubject } from '../common/messages';
import type { ServiceStatus } from '../common/service-status';

const svc = 'grid';

/**
 * The grid service: request–reply subjects yiti.v1.grid.<resource>.<action>, each with the
 * class its request is validated against and its reply type. Events go beside them in events.ts
 * (`defineEvent(svc, '<thing>.<happened>', 1, PayloadClass)`).
 */
export const GRID_SUBJECTS = {
  /** The service answers over NATS (no actor needed): ServiceStatus. */
  status: defineSubject(svc, 'service', 'status', null).returns<ServiceStatus>(),
} as const;
