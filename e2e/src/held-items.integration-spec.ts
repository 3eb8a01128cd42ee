import { randomUUID } from 'node:crypto';
import { connect, type Msg, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { AUTHORITY_SUBJECTS, type EventEnvelope } from '@yiti/contracts';
import { DomainException, ServiceClient, type BaseServiceConfig } from '@yiti/platform';
import { TEST_DATABASE_URL, TEST_NATS_URL, pollUntil } from '@yiti/testing';
import { Registry } from '@yiti/approval-window-service';

/**
 * The held-item check against a stand-in for identity's power-mode responder on the real NATS
 * (its answers and their timing are the test's), and the real held-item table.
 */
describe('Registry.assertHeld: identity answers, a yes is remembered, a power event forgets it', () => {
  const prefix = `held${randomUUID().slice(0, 8)}.`;
  const town = { code: '320585102', name: '浏河镇' };
  const item = { name: '测试事项', code: 'XK-TEST-1' };
  const today = '2026-11-26';
  let nc: NatsConnection;
  let responder: NatsConnection;
  let ds: DataSource;
  let registry: Registry;
  let held = true;
  let asked = 0;
  /** When set, the next power-mode request waits for it before answering. */
  let gate: Promise<void> | null = null;

  beforeAll(async () => {
    ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
    nc = await connect({ servers: TEST_NATS_URL });
    responder = await connect({ servers: TEST_NATS_URL });
    responder.subscribe(`${prefix}${AUTHORITY_SUBJECTS.powerMode}`, {
      callback: (_err, msg: Msg) => {
        asked++;
        const packet = JSON.parse(msg.string()) as { id: string; data: { data: { townCode: string; itemId: string; date: string } } };
        const answer = () =>
          msg.respond(JSON.stringify({ id: packet.id, response: { ...packet.data.data, mode: held ? 'town' : 'county', townMayExercise: held, department: '县交通运输局' }, isDisposed: true }));
        if (gate) void gate.then(answer);
        else answer();
      },
    });
    await responder.flush();
    registry = new Registry(ds, new ServiceClient(nc, { NATS_SUBJECT_PREFIX: prefix, RPC_TIMEOUT_MS: 2000 } as BaseServiceConfig));
  });

  afterAll(async () => {
    await responder?.close();
    await nc?.close();
    await ds?.destroy();
  });

  beforeEach(() => {
    held = true;
    asked = 0;
    gate = null;
  });

  const powerEvent = (itemId: string) => ({ type: 'yiti.v1.events.identity.power.revoked', data: { townCode: town.code, itemId } }) as unknown as EventEnvelope;

  it("asks identity once and remembers its yes; a power event for the pair makes it ask again, and a no refuses", async () => {
    const itemId = randomUUID();
    await registry.assertHeld(town.code, town, itemId, item, today);
    await registry.assertHeld(town.code, town, itemId, item, today);
    expect(asked).toBe(1);

    registry.forgetEvent(powerEvent(itemId));
    held = false;
    const refused = await registry.assertHeld(town.code, town, itemId, item, today).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainException);
    expect((refused as DomainException).code).toBe('ITEM_NOT_HELD');
    expect((refused as DomainException).detail).toContain('县交通运输局');
    expect(asked).toBe(2);
  });

  it('does not remember a yes asked for before a power event and answered after it', async () => {
    const itemId = randomUUID();
    let open = () => undefined as void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const inFlight = registry.assertHeld(town.code, town, itemId, item, today);
    await pollUntil(async () => asked, (n) => n === 1, { what: 'the request to reach the responder' });
    registry.forgetEvent(powerEvent(itemId)); // the revocation is heard while the yes is on its way
    gate = null;
    open();
    await inFlight; // this request was asked before the revocation and is let through
    held = false;
    await expect(registry.assertHeld(town.code, town, itemId, item, today)).rejects.toMatchObject({ code: 'ITEM_NOT_HELD' });
    expect(asked).toBe(2);
  });

  it('forgets every remembered yes at once (after a reconnect), including one on its way', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    await registry.assertHeld(town.code, town, first, item, today);
    let open = () => undefined as void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const inFlight = registry.assertHeld(town.code, town, second, item, today);
    await pollUntil(async () => asked, (n) => n === 2, { what: 'the second request to reach the responder' });
    registry.forgetAll();
    gate = null;
    open();
    await inFlight;
    expect(asked).toBe(2);
    await registry.assertHeld(town.code, town, first, item, today);
    await registry.assertHeld(town.code, town, second, item, today);
    expect(asked).toBe(4); // both asked again: nothing from before the reconnect was kept
  });

  it('falls back to the held-item table when identity does not answer, without remembering it', async () => {
    const lonely = new Registry(ds, new ServiceClient(nc, { NATS_SUBJECT_PREFIX: `${prefix}nobody.`, RPC_TIMEOUT_MS: 500 } as BaseServiceConfig));
    const itemId = randomUUID();
    await expect(lonely.assertHeld(town.code, town, itemId, item, today)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await ds.query(
      `INSERT INTO approval_window.held_item (delegation_id, county_code, town_code, item_id, item_code, kind, effective_from) VALUES ($1, '320585', $2, $3, $4, 'licensing', '2026-01-01')`,
      [randomUUID(), town.code, itemId, item.code],
    );
    await lonely.assertHeld(town.code, town, itemId, item, today);
    await ds.query(`UPDATE approval_window.held_item SET withdrawn_on = '2026-06-01' WHERE item_id = $1`, [itemId]);
    await expect(lonely.assertHeld(town.code, town, itemId, item, today)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
