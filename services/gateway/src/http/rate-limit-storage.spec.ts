import { SlottedThrottlerStorage } from './rate-limit-storage';

const MINUTE = 60_000;

describe('SlottedThrottlerStorage', () => {
  let storage: SlottedThrottlerStorage;
  beforeEach(() => (storage = new SlottedThrottlerStorage()));
  afterEach(() => storage.onApplicationShutdown());

  it('blocks the request over the limit for the block duration, then starts afresh', () => {
    const t0 = 1_000_000;
    for (let i = 1; i <= 3; i++) expect(storage.hit('k', MINUTE, 3, MINUTE, 'default', t0 + i)).toMatchObject({ totalHits: i, isBlocked: false });
    expect(storage.hit('k', MINUTE, 3, MINUTE, 'default', t0 + 10)).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    expect(storage.hit('k', MINUTE, 3, MINUTE, 'default', t0 + 30_000)).toMatchObject({ isBlocked: true, timeToBlockExpire: 31 });
    expect(storage.hit('k', MINUTE, 3, MINUTE, 'default', t0 + 10 + MINUTE)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps every hit for at least the ttl, and forgets it within one more second', () => {
    const t0 = 5_000_500;
    storage.hit('k', MINUTE, 2, MINUTE, 'default', t0);
    storage.hit('k', MINUTE, 2, MINUTE, 'default', t0 + 1);
    // 59.9 s later both hits still count: a third request is over the limit.
    expect(storage.hit('other', MINUTE, 2, MINUTE, 'default', t0)).toMatchObject({ totalHits: 1 });
    expect(storage.hit('k', MINUTE, 2, 0, 'default', t0 + MINUTE - 100)).toMatchObject({ isBlocked: true });
    // Just after ttl + one slot they are gone.
    expect(storage.hit('k', MINUTE, 2, 0, 'default', t0 + MINUTE + 1_001)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('counts throttlers and keys separately', () => {
    const t0 = 9_000_000;
    storage.hit('k', MINUTE, 1, MINUTE, 'default', t0);
    expect(storage.hit('k', MINUTE, 1, MINUTE, 'login', t0)).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(storage.hit('j', MINUTE, 1, MINUTE, 'default', t0)).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(storage.hit('k', MINUTE, 1, MINUTE, 'default', t0 + 1)).toMatchObject({ totalHits: 2, isBlocked: true });
  });
});
