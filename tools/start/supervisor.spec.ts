import { spawn } from 'node:child_process';
import { pollUntil } from '@yiti/testing';
import { Supervisor, restartDelayMs } from './supervisor';

describe('restartDelayMs', () => {
  it('doubles from the initial wait up to the maximum', () => {
    const backoff = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelayMs(n, backoff))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });
});

describe('Supervisor', () => {
  it('restarts a service that exits once the platform is up, logging each restart with its backoff, and stops only when told', async () => {
    const logged: string[] = [];
    const exits: number[] = [];
    const supervisor = new Supervisor({ initialMs: 20, maxMs: 80, stableMs: 60_000 }, (m) => logged.push(m), (code) => exits.push(code));
    let spawned = 0;
    // A service that dies at once, three times, then keeps running.
    supervisor.addService('flaky', () => {
      spawned++;
      return spawn(process.execPath, ['-e', spawned <= 3 ? 'process.exit(3)' : 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    });
    supervisor.superviseFromNowOn();

    await pollUntil(async () => logged, (l) => l.filter((m) => m.startsWith('flaky restarted')).length === 3, { what: 'three restarts' });
    expect(logged.filter((m) => m.startsWith('flaky exited'))).toEqual(['flaky exited (exit code 3): restart 1 in 0.02 s', 'flaky exited (exit code 3): restart 2 in 0.04 s', 'flaky exited (exit code 3): restart 3 in 0.08 s']);
    const running = supervisor.current('flaky');
    expect(running?.exitCode).toBeNull();
    expect(exits).toEqual([]);

    await supervisor.shutdown(0);
    expect(running?.signalCode).toBe('SIGTERM');
    expect(exits).toEqual([0]);
  });

  it('stops everything when a service exits before the platform is up', async () => {
    const logged: string[] = [];
    const exits: number[] = [];
    const supervisor = new Supervisor({ initialMs: 20, maxMs: 80, stableMs: 60_000 }, (m) => logged.push(m), (code) => exits.push(code));
    supervisor.addService('broken', () => spawn(process.execPath, ['-e', 'process.exit(2)'], { stdio: 'ignore' }));
    await pollUntil(async () => exits, (e) => e.length > 0, { what: 'the supervisor to stop' });
    expect(exits).toEqual([1]);
    expect(logged).toContain('broken exited unexpectedly (exit code 2): stopping everything');
  });
});
