import { randomUUID } from 'node:crypto';
import { AUTHORITY_SUBJECTS, type Actor } from '@yiti/contracts';
import type { AuthorityClient } from '@yiti/authority-client';
import { runWithContext, type PlatformModuleOptions } from '@yiti/platform';
import { pollUntil } from '@yiti/testing';
import { identityStandIn, type IdentityStandIn } from './identity-stand-in';

/**
 * The certification check (执法资格) against a stand-in for identity's may-exercise responder on the
 * real NATS: its answers, their timing and the question count are the test's.
 */
describe('AuthorityClient.mayExercise: identity answers once per caller scope, officer, item and day; officer and power events forget it', () => {
  const platform = { serviceName: 'enforcement', schema: 'enforcement' } as PlatformModuleOptions;
  const today = '2026-12-03';
  const leader = (jurisdictionCode: string): Actor => ({ userId: randomUUID(), username: 'leader', roles: ['leader'], organisationId: randomUUID(), jurisdictionCode });
  const asLeader = <T>(jurisdictionCode: string, fn: () => Promise<T>) => runWithContext({ correlationId: randomUUID(), actor: leader(jurisdictionCode) }, fn);
  let identity: IdentityStandIn;
  let registry: AuthorityClient;
  let allowed = true;

  beforeAll(async () => {
    identity = await identityStandIn<{ userId: string; itemId: string; date: string }>({
      prefixStem: 'mayex',
      subject: AUTHORITY_SUBJECTS.mayExercise.subject,
      platform,
      answer: (question) => ({
        ...question,
        itemCode: 'CF-TEST-1',
        itemName: '测试处罚事项',
        category: '城市管理',
        allowed,
        reasons: allowed ? [] : [{ code: 'CERTIFICATE_REVOKED', message: '证件已撤销 The certificate was revoked' }],
        townCode: '320585102',
        townMode: 'delegated',
        certificationId: null,
      }),
    });
    registry = identity.registry;
  });

  afterAll(() => identity?.close());

  beforeEach(() => {
    allowed = true;
    identity.reset();
  });

  it('asks identity once for an officer, item and day; a certification or status event for the officer makes it ask again and a no refuses', async () => {
    const [officer, other, item] = [randomUUID(), randomUUID(), randomUUID()];
    expect((await asLeader('320585102', () => registry.mayExercise(officer, item, today))).allowed).toBe(true);
    expect((await asLeader('320585102', () => registry.mayExercise(officer, item, today))).allowed).toBe(true);
    await asLeader('320585102', () => registry.mayExercise(other, item, today));
    expect(identity.asked).toBe(2);
    // Another day, or a caller of another jurisdiction (who may not see the officer), is another question.
    await asLeader('320585102', () => registry.mayExercise(officer, item, '2026-12-04'));
    await asLeader('320585', () => registry.mayExercise(officer, item, today));
    expect(identity.asked).toBe(4);

    registry.forgetOfficer(officer);
    allowed = false;
    const refused = await asLeader('320585102', () => registry.mayExercise(officer, item, today));
    expect(refused).toMatchObject({ allowed: false, reasons: [{ code: 'CERTIFICATE_REVOKED' }] });
    expect(identity.asked).toBe(5);
    // The other officer's answer is still kept.
    expect((await asLeader('320585102', () => registry.mayExercise(other, item, today))).allowed).toBe(true);
    expect(identity.asked).toBe(5);
  });

  it('does not keep an answer asked for before an officer event and answered after it', async () => {
    const [officer, item] = [randomUUID(), randomUUID()];
    const release = identity.holdAnswers();
    const inFlight = asLeader('320585102', () => registry.mayExercise(officer, item, today));
    await pollUntil(async () => identity.asked, (n) => n === 1); // the question has reached the responder
    registry.forgetOfficer(officer); // the revocation is heard while the yes is on its way
    release();
    expect((await inFlight).allowed).toBe(true);
    allowed = false;
    expect((await asLeader('320585102', () => registry.mayExercise(officer, item, today))).allowed).toBe(false);
    expect(identity.asked).toBe(2);
  });

  it('forgets the answers for an item when a power event for it arrives, and everything after a reconnect', async () => {
    const [officer, item, otherItem] = [randomUUID(), randomUUID(), randomUUID()];
    await asLeader('320585102', () => registry.mayExercise(officer, item, today));
    await asLeader('320585102', () => registry.mayExercise(officer, otherItem, today));
    expect(identity.asked).toBe(2);
    registry.forgetPower('320585102', item);
    await asLeader('320585102', () => registry.mayExercise(officer, item, today));
    await asLeader('320585102', () => registry.mayExercise(officer, otherItem, today));
    expect(identity.asked).toBe(3);
    registry.forgetAll();
    await asLeader('320585102', () => registry.mayExercise(officer, otherItem, today));
    expect(identity.asked).toBe(4);
  });
});
