import type { ServiceStatus } from '@yiti/contracts';

/** What the status subject answers: the service is up, since when. */
export function serviceStatus(service: string, startedAt: Date, now: Date): ServiceStatus {
  return { service, status: 'ok', startedAt: startedAt.toISOString(), uptimeSeconds: Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000)) };
}
