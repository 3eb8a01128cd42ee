import type { Actor } from '@yiti/contracts';

/**
 * A service acting on its own account (background work, no request): what it asks other services
 * is asked as itself, for the jurisdiction the work concerns ('' when none).
 */
export function systemActor(serviceName: string, jurisdictionCode = ''): Actor {
  return { userId: `system:${serviceName}`, username: serviceName, roles: [], organisationId: '', jurisdictionCode };
}
