import { serviceStatus } from './status';

describe('command-dispatch status', () => {
  const startedAt = new Date('2026-01-05T08:00:00.000Z');

  it('names the service and counts whole seconds since it started', () => {
    expect(serviceStatus('command-dispatch', startedAt, new Date('2026-01-05T08:01:30.900Z'))).toEqual({ service: 'command-dispatch', status: 'ok', startedAt: '2026-01-05T08:00:00.000Z', uptimeSeconds: 90 });
  });

  it('never reports a negative uptime when the clock steps back', () => {
    expect(serviceStatus('command-dispatch', startedAt, new Date('2026-01-05T07:59:00.000Z')).uptimeSeconds).toBe(0);
  });
});
