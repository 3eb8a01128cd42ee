import { randomUUID } from 'node:crypto';
import { AUTHORITY_SUBJECTS } from '@yiti/contracts';
import { AuthorityClient } from '@yiti/authority-client';
import { DomainException, ServiceClient, type BaseServiceConfig, type PlatformModuleOptions } from '@yiti/platform';
import { pollUntil } from '@yiti/testing';
import { identityStandIn, type IdentityStandIn } from './identity-stand-in';

/**
 * The held-item check against a stand-in for identity's power-mode responder on the real NATS
 * (its answers and their timing are the test's), and the real held-item table.
 */
describe('AuthorityClient.assertHeld: identity answers, a yes is remembered, a power event forgets it', () => {
  const town = { code: '320585102', name: '浏河镇' };
  const item = (id: string) => ({ id, name: '测试事项', code: 'XK-TEST-1' });
  /** The approval window's table: the client reads its own service's schema. */
  const platform = { serviceName: 'approval-window', schema: 'approval_window' } as PlatformModuleOptions;
  const today = '2026-11-26';
  let identity: IdentityStandIn;
  let registry: AuthorityClient;
  let held = true;

  beforeAll(async () => {
    identity = await identityStandIn<{ townCode: string; itemId: string; date: string }>({
      prefixStem: 'held',
      subject: AUTHORITY_SUBJECTS.powerMode.subject,
      platform,
      answer: (question) => ({ ...question, mode: held ? 'town' : 'county', townMayExercise: held, department: '县交通运输局' }),
    });
    registry = identity.registry;
  });

  afterAll(() => identity?.close());

  beforeEach(() => {
    held = true;
    identity.reset();
  });

  it("asks identity once and remembers its yes; a power event for the pair makes it ask again, and a no refuses", async () => {
    const itemId = randomUUID();
    await registry.assertHeld(town, item(itemId), today);
    await registry.assertHeld(town, item(itemId), today);
    expect(identity.asked).toBe(1);

    registry.forgetPower(town.code, itemId);
    held = false;
    const refused = await registry.assertHeld(town, item(itemId), today).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainException);
    expect((refused as DomainException).code).toBe('ITEM_NOT_HELD');
    expect((refused as DomainException).detail).toContain('县交通运输局');
    expect(identity.asked).toBe(2);
  });

  it('does not remember a yes asked for before a power event and answered after it', async () => {
    const itemId = randomUUID();
    const release = identity.holdAnswers();
    const inFlight = registry.assertHeld(town, item(itemId), today);
    await pollUntil(async () => identity.asked, (n) => n === 1); // the request has reached the responder
    registry.forgetPower(town.code, itemId); // the revocation is heard while the yes is on its way
    release();
    await inFlight; // this request was asked before the revocation and is let through
    held = false;
    await expect(registry.assertHeld(town, item(itemId), today)).rejects.toMatchObject({ code: 'ITEM_NOT_HELD' });
    expect(identity.asked).toBe(2);
  });

  it('forgets every remembered yes at once (after a reconnect), including one on its way', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    await registry.assertHeld(town, item(first), today);
    const release = identity.holdAnswers();
    const inFlight = registry.assertHeld(town, item(second), today);
    await pollUntil(async () => identity.asked, (n) => n === 2);
    registry.forgetAll();
    release();
    await inFlight;
    expect(identity.asked).toBe(2);
    await registry.assertHeld(town, item(first), today);
    await registry.assertHeld(town, item(second), today);
    expect(identity.asked).toBe(4); // both asked again: nothing from before the reconnect was kept
  });

  it('falls back to the held-item table when identity does not answer, without remembering it', async () => {
    const lonely = new AuthorityClient(identity.ds, new ServiceClient(identity.nc, { NATS_SUBJECT_PREFIX: `${identity.prefix}nobody.`, RPC_TIMEOUT_MS: 500 } as BaseServiceConfig), platform);
    const itemId = randomUUID();
    await expect(lonely.assertHeld(town, item(itemId), today)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await identity.ds.query(
      `INSERT INTO approval_window.held_item (delegation_id, county_code, town_code, item_id, item_code, kind, effective_from) VALUES ($1, '320585', $2, $3, $4, 'licensing', '2026-01-01')`,
      [randomUUID(), town.code, itemId, item(itemId).code],
    );
    await lonely.assertHeld(town, item(itemId), today);
    await identity.ds.query(`UPDATE approval_window.held_item SET withdrawn_on = '2026-06-01' WHERE item_id = $1`, [itemId]);
    await expect(lonely.assertHeld(town, item(itemId), today)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
