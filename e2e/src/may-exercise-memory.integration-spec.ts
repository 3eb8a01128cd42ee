import { randomUUID } from 'node:crypto';
import { connect, type Msg, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { AUTHORITY_SUBJECTS, type Actor } from '@yiti/contracts';
import { AuthorityClient } from '@yiti/authority-client';
import { ServiceClient, runWithContext, type BaseServiceConfig, type PlatformModuleOptions } from '@yiti/platform';
import { TEST_DATABASE_URL, TEST_NATS_URL, pollUntil } from '@yiti/testing';

/**
 * The certification check (执法资格) against a stand-in for identity's may-exercise responder on the
 * real NATS: its answers, their timing and the question count are the test's.
 */
describe('AuthorityClient.mayExercise: identity answers once per caller scope, officer, item and day; officer and power events forget it', () => {
  const prefix = `mayex${randomUUID().slice(0, 8)}.`;
  const platform = { serviceName: 'enforcement', schema: 'enforcement' } as PlatformModuleOptions;
  const today = '2026-12-03';
  const leader = (jurisdictionCode: string): Actor => ({ userId: randomUUID(), username: 'leader', roles: ['leader'], organisationId: randomUUID(), jurisdictionCode });
  const asLeader = <T>(jurisdictionCode: string, fn: () => Promise<T>) => runWithContext({ correlationId: randomUUID(), actor: leader(jurisdictionCode) }, fn);
  let nc: NatsConnection;
  let responder: NatsConnection;
  let ds: DataSource;
  let registry: AuthorityClient;
  let allowed = true;
  let asked = 0;
  /** When set, the next request waits for it before answering. */
  let gate: Promise<void> | null = null;

  beforeAll(async () => {
    ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
    nc = await connect({ servers: TEST_NATS_URL });
    responder = await connect({ servers: TEST_NATS_URL });
    responder.subscribe(`${prefix}${AUTHORITY_SUBJECTS.mayExercise.subject}`, {
      callback: (_err, msg: Msg) => {
        asked++;
        const packet = JSON.parse(msg.string()) as { id: string; data: { data: { userId: string; itemId: string; date: string } } };
        const reasons = allowed ? [] : [{ code: 'CERTIFICATE_REVOKED', message: '证件已撤销 The certificate was revoked' }];
        const answer = () =>
          msg.respond(JSON.stringify({ id: packet.id, response: { ...packet.data.data, itemCode: 'CF-TEST-1', itemName: '测试处罚事项', category: '城市管理', allowed, reasons, townCode: '320585102', townMode: 'delegated', certificationId: null }, isDisposed: true }));
        if (gate) void gate.then(answer);
        else answer();
      },
    });
    await responder.flush();
    registry = new AuthorityClient(ds, new ServiceClient(nc, { NATS_SUBJECT_PREFIX: prefix, RPC_TIMEOUT_MS: 2000 } as BaseServiceConfig), platform);
  });

  afterAll(async () => {
    await responder?.close();
    await nc?.close();
    await ds?.destroy();
  });

  beforeEach(() => {
    allowed = true;
    asked = 0;
    gate = null;
  });

  it('asks identity once for an officer, item and day; a certification or status event for the officer makes it ask again and a no refuses', async () => {
    const [officer, other, item] = [randomUUID(), randomUUID(), randomUUID()];
    expect((await asLeader('320585102', () => registry.mayExercise(officer, item, today))).allowed).toBe(true);
    expect((await asLeader('320585102', () => registry.mayExercise(officer, item, today))).allowed).toBe(true);
    await asLeader('320585102', () => registry.mayExercise(other, item, today));
    expect(asked).toBe(2);
    // Another day, or a caller of another jurisdiction (who may not see the officer), is another question.
    await asLeader('320585102', () => registry.mayExercise(officer, item, '2026-12-04'));
    await asLeader('320585', () => registry.mayExercise(officer, item, today));
    expect(asked).toBe(4);

    registry.forgetOfficer(officer);
    allowed = false;
    const refused = await asLeader('320585102', () => registry.mayExercise(officer, item, today));
    expect(refused).toMatchObject({ allowed: false, reasons: [{ code: 'CERTIFICATE_REVOKED' }] });
    expect(asked).toBe(5);
    // The other officer's answer is still kept.
    expect((await asLeader('320585102', () => registry.mayExercise(other, item, today))).allowed).toBe(true);
    expect(asked).toBe(5);
  });

  it('does not keep an answer asked for before an officer event and answered after it', async () => {
    const [officer, item] = [randomUUID(), randomUUID()];
    let open = () => undefined as void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const inFlight = asLeader('320585102', () => registry.mayExercise(officer, item, today));
    await pollUntil(async () => asked, (n) => n === 1); // the question has reached the responder
    registry.forgetOfficer(officer); // the revocation is heard while the yes is on its way
    gate = null;
    open();
    expect((await inFlight).allowed).toBe(true);
    allowed = false;
    expect((await asLeader('320585102', () => registry.mayExercise(officer, item, today))).allowed).toBe(false);
    expect(asked).toBe(2);
  });

  it('forgets the answers for an item when a power event for it arrives, and everything after a reconnect', async () => {
    const [officer, item, otherItem] = [randomUUID(), randomUUID(), randomUUID()];
    await asLeader('320585102', () => registry.mayExercise(officer, item, today));
    await asLeader('320585102', () => registry.mayExercise(officer, otherItem, today));
    expect(asked).toBe(2);
    registry.forgetPower('320585102', item);
    await asLeader('320585102', () => registry.mayExercise(officer, item, today));
    await asLeader('320585102', () => registry.mayExercise(officer, otherItem, today));
    expect(asked).toBe(3);
    registry.forgetAll();
    await asLeader('320585102', () => registry.mayExercise(officer, otherItem, today));
    expect(asked).toBe(4);
  });
});
