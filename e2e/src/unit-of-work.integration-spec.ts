import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { IsString, IsUUID } from 'class-validator';
import { defineEvent, type Actor } from '@yiti/contracts';
import {
  Transaction,
  UnitOfWork,
  createServiceDataSource,
  isConstraintViolation,
  migrateSchema,
  runWithContext,
  type AuditSealer,
  type OutboxRelay,
  type PlatformModuleOptions,
  type RequestContext,
  type Staging,
  ResponseCipher,
} from '@yiti/platform';
import { TEST_AUDIT_MAC_KEY, TEST_DATABASE_URL } from '@yiti/testing';

const SCHEMA = 'platform_uow';
const COUNTY = '320585';
const actor: Actor = { userId: randomUUID(), username: 'uow.spec', roles: ['county_admin'], jurisdictionCode: COUNTY, organisationId: randomUUID() };

class ThingCreated {
  @IsUUID()
  id: string;

  @IsString()
  code: string;
}

const THING_CREATED = defineEvent('test', 'thing.created', 1, ThingCreated);

describe('UnitOfWork.writeOnce (one statement in autocommit)', () => {
  let ds: DataSource;
  let uow: UnitOfWork;
  const relay = { kick: jest.fn() };
  const sealer = { kick: jest.fn() };

  beforeAll(async () => {
    ds = createServiceDataSource({ url: TEST_DATABASE_URL, schema: SCHEMA, entities: [], migrations: [] });
    await ds.initialize();
    await ds.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await migrateSchema(ds);
    await ds.query(`CREATE TABLE ${SCHEMA}.thing (id uuid PRIMARY KEY, code text NOT NULL UNIQUE)`);
    await ds.query(`CREATE TABLE ${SCHEMA}.thing_note (thing_id uuid NOT NULL REFERENCES ${SCHEMA}.thing (id), note text NOT NULL)`);
    uow = new UnitOfWork(ds, { schema: SCHEMA } as PlatformModuleOptions, new ResponseCipher(TEST_AUDIT_MAC_KEY), relay as unknown as OutboxRelay, sealer as unknown as AuditSealer);
  });

  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await ds?.destroy();
  });

  beforeEach(() => {
    relay.kick.mockClear();
    sealer.kick.mockClear();
  });

  /** A thing, a note staged before its parent (foreign keys are checked at the end of the statement), an audit row and an event. */
  function createThing(code: string, id = randomUUID()) {
    return async (s: Staging) => {
      s.stage({ table: `${SCHEMA}.thing_note`, columns: ['thing_id', 'note'], rows: [[id, `note of ${code}`]] });
      s.stage({ table: `${SCHEMA}.thing`, columns: ['id', 'code'], rows: [[id, code]] });
      s.audit({ countyCode: COUNTY, action: 'thing.create', resourceType: 'thing', resourceId: id, after: { code } });
      const event = s.emit(THING_CREATED, { id, code }, COUNTY);
      return { id, code, eventId: event.id };
    };
  }

  async function rowsOf(id: string, eventId?: string) {
    const one = async (sql: string, param: string | undefined) => (param === undefined ? [] : ((await ds.query(sql, [param])) as { xid: string }[]));
    return {
      things: await one(`SELECT xmin::text AS xid FROM ${SCHEMA}.thing WHERE id = $1`, id),
      notes: await one(`SELECT xmin::text AS xid FROM ${SCHEMA}.thing_note WHERE thing_id = $1`, id),
      audits: await one(`SELECT xmin::text AS xid FROM ${SCHEMA}.audit_log WHERE resource_id = $1`, id),
      outbox: await one(`SELECT xmin::text AS xid FROM ${SCHEMA}.outbox WHERE id = $1`, eventId),
    };
  }

  const inContext = <T>(context: Partial<RequestContext>, fn: () => Promise<T>) => runWithContext({ correlationId: randomUUID(), actor, ...context }, fn);

  it('writes the staged, audit and outbox rows together, then kicks the relay and the sealer', async () => {
    const code = `T-${randomUUID().slice(0, 8)}`;
    const created = await inContext({}, () => uow.writeOnce(createThing(code)));
    const rows = await rowsOf(created.id, created.eventId);
    for (const table of Object.values(rows)) expect(table).toHaveLength(1);
    // One statement, one (implicit) transaction: every row carries the same xmin.
    expect(new Set(Object.values(rows).map((t) => t[0]?.xid)).size).toBe(1);
    const [audit]: { actor_id: string; correlation_id: string | null }[] = await ds.query(`SELECT actor_id, correlation_id FROM ${SCHEMA}.audit_log WHERE resource_id = $1`, [created.id]);
    expect(audit?.actor_id).toBe(actor.userId);
    expect(relay.kick).toHaveBeenCalledTimes(1);
    expect(sealer.kick).toHaveBeenCalledTimes(1);
  });

  it('leaves none of the rows (no outbox, no audit row) when one violates a constraint', async () => {
    const code = `T-${randomUUID().slice(0, 8)}`;
    await uow.writeOnce(createThing(code));
    relay.kick.mockClear();
    sealer.kick.mockClear();
    const id = randomUUID();
    let eventId: string | undefined;
    const work = createThing(code, id);
    const failed = await uow
      .writeOnce(async (s) => {
        const value = await work(s);
        eventId = value.eventId;
        return value;
      })
      .catch((error: unknown) => error);
    expect(isConstraintViolation(failed, '23505', 'thing_code_key')).toBe(true);
    const rows = await rowsOf(id, eventId);
    expect(eventId).toBeDefined();
    for (const table of Object.values(rows)) expect(table).toHaveLength(0);
    expect(relay.kick).not.toHaveBeenCalled();
    expect(sealer.kick).not.toHaveBeenCalled();
  });

  it('writes concurrent requests ready in the same turn in one statement (one transaction id for all their rows)', async () => {
    const created = await Promise.all(Array.from({ length: 5 }, () => uow.writeOnce(createThing(`T-${randomUUID().slice(0, 8)}`))));
    const rows = await Promise.all(created.map((c) => rowsOf(c.id, c.eventId)));
    for (const request of rows) for (const table of Object.values(request)) expect(table).toHaveLength(1);
    expect(new Set(rows.flatMap((request) => Object.values(request).map((t) => t[0]?.xid))).size).toBe(1);
  });

  it('when one of several concurrent requests breaks a constraint, writes the others and fails only that one, leaving none of its rows', async () => {
    const taken = `T-${randomUUID().slice(0, 8)}`;
    await uow.writeOnce(createThing(taken));
    const codes = [`T-${randomUUID().slice(0, 8)}`, taken, `T-${randomUUID().slice(0, 8)}`];
    const ids = codes.map(() => randomUUID());
    const outcomes = await Promise.allSettled(codes.map((code, i) => uow.writeOnce(createThing(code, ids[i]))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isConstraintViolation((outcomes[1] as PromiseRejectedResult).reason, '23505', 'thing_code_key')).toBe(true);
    const written = await Promise.all(ids.map((id) => rowsOf(id)));
    expect(written.map((r) => [r.things.length, r.notes.length, r.audits.length])).toEqual([[1, 1, 1], [0, 0, 0], [1, 1, 1]]);
  });

  it('when one request holds a value the driver cannot send, writes the others and fails only that one', async () => {
    const [good, bad] = [`T-${randomUUID().slice(0, 8)}`, `T-${randomUUID().slice(0, 8)}`];
    const unsendable = async (s: Staging) => {
      const value = await createThing(bad)(s);
      const circular: Record<string, unknown> = {};
      circular['self'] = circular; // node-postgres sends an object as JSON, and this one has none
      s.stage({ table: `${SCHEMA}.thing_note`, columns: ['thing_id', 'note'], rows: [[value.id, circular]] });
      return value;
    };
    const outcomes = await Promise.allSettled([uow.writeOnce(createThing(good)), uow.writeOnce(unsendable)]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.thing WHERE code = ANY($1)`, [[good, bad]]);
    expect(n).toBe(1);
  });

  it('with an Idempotency-Key, replays exactly as run does (one effect, the recorded result, a reused key refused)', async () => {
    async function replay(write: (work: (s: Staging) => Promise<{ id: string; code: string; eventId: string }>) => Promise<{ id: string; code: string; eventId: string }>) {
      const key = randomUUID();
      const code = `T-${randomUUID().slice(0, 8)}`;
      let calls = 0;
      const work = async (s: Staging) => {
        calls++;
        return createThing(code)(s);
      };
      const first = await inContext({ idempotencyKey: key, idempotencyHash: 'h1' }, () => write(work));
      const again = await inContext({ idempotencyKey: key, idempotencyHash: 'h1' }, () => write(work));
      const reused = await inContext({ idempotencyKey: key, idempotencyHash: 'h2' }, () => write(work)).catch((e: unknown) => e);
      const [record]: { response: unknown }[] = await ds.query(`SELECT response FROM ${SCHEMA}.idempotency WHERE principal = $1 AND key = $2`, [actor.userId, key]);
      const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.thing WHERE code = $1`, [code]);
      const rows = await rowsOf(first.id, first.eventId);
      return {
        calls,
        sameResult: JSON.stringify(again) === JSON.stringify(first),
        recorded: JSON.stringify(new ResponseCipher(TEST_AUDIT_MAC_KEY).open(record?.response, `${actor.userId}\n${key}`)) === JSON.stringify(first),
        encrypted: typeof record?.response === 'string' && !(record.response as string).includes(first.code),
        things: n,
        rowsTogether: new Set(Object.values(rows).map((t) => `${t.length}:${t[0]?.xid}`)).size === 1 && rows.things.length === 1,
        reused: (reused as { code?: string }).code,
      };
    }
    const viaWriteOnce = await replay((work) => uow.writeOnce(work));
    const viaRun = await replay((work) => uow.run(work));
    expect(viaWriteOnce).toEqual({ calls: 1, sameResult: true, recorded: true, encrypted: true, things: 1, rowsTogether: true, reused: 'IDEMPOTENCY_KEY_REUSED' });
    expect(viaWriteOnce).toEqual(viaRun);
  });

  it('once the request recorded its key, a later writeOnce of the same request writes in autocommit', async () => {
    const context: RequestContext = { correlationId: randomUUID(), actor, idempotencyKey: randomUUID(), idempotencyHash: 'h' };
    const code = `T-${randomUUID().slice(0, 8)}`;
    await runWithContext(context, () => uow.writeOnce(createThing(code)));
    expect(context.idempotencyRecorded).toBe(true);
    const second = await runWithContext(context, () => uow.writeOnce(createThing(`${code}-2`)));
    expect((await rowsOf(second.id, second.eventId)).things).toHaveLength(1);
  });

  it('runs its statement prepared (parsed once per connection) and inside the transaction of run', async () => {
    const code = `T-${randomUUID().slice(0, 8)}`;
    const named = await ds.transaction(async (em) => {
      const tx = new Transaction(em, SCHEMA);
      await createThing(code)(tx);
      await tx.flush();
      return em.query(`SELECT name FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO ${SCHEMA}.thing (id, code)%'`);
    });
    expect(named.length).toBeGreaterThan(0);
    for (const statement of named) expect(statement).toEqual({ name: expect.stringMatching(/^yiti_[0-9a-f]{24}$/) });
    await expect(
      ds.transaction(async (em) => {
        const tx = new Transaction(em, SCHEMA);
        await createThing(`${code}-rolled-back`)(tx);
        await tx.flush();
        throw new Error('the work fails after its rows were written');
      }),
    ).rejects.toThrow('the work fails');
    const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.thing WHERE code = $1`, [`${code}-rolled-back`]);
    expect(n).toBe(0);
  });

  it('gives a writeOnce work no EntityManager (checked by tsc)', () => {
    const touchesEntityManager = () =>
      uow.writeOnce(async (s) => {
        // @ts-expect-error a writeOnce work only stages, audits and emits
        return s.em;
      });
    expect(typeof touchesEntityManager).toBe('function');
  });

  describe('writeIf (a conditional write in one statement)', () => {
    /** Renames a thing only from the code it was read with; a note, an audit row and an event go with it. */
    const rename = (id: string, from: string, to: string) =>
      uow.writeIf<{ id: string; code: string }>(
        { sql: `UPDATE ${SCHEMA}.thing SET code = $3 WHERE id = $1 AND code = $2 RETURNING id, code`, params: [id, from, to] },
        (s) => {
          s.stage({ table: `${SCHEMA}.thing_note`, columns: ['thing_id', 'note'], rows: [[id, `renamed ${from} to ${to}`]] });
          s.audit({ countyCode: COUNTY, action: 'thing.rename', resourceType: 'thing', resourceId: id, before: { code: from }, after: { code: to } });
          s.emit(THING_CREATED, { id, code: to }, COUNTY);
        },
        () => new Error(`${id} is no longer ${from}`),
      );
    const renames = async (id: string) => ({
      notes: ((await ds.query(`SELECT xmin::text AS xid FROM ${SCHEMA}.thing_note WHERE thing_id = $1 AND note LIKE 'renamed%'`, [id])) as { xid: string }[]).map((r) => r.xid),
      audits: ((await ds.query(`SELECT xmin::text AS xid FROM ${SCHEMA}.audit_log WHERE resource_id = $1 AND action = 'thing.rename'`, [id])) as { xid: string }[]).map((r) => r.xid),
      events: ((await ds.query(`SELECT xmin::text AS xid FROM ${SCHEMA}.outbox WHERE payload->'data'->>'id' = $1 AND payload->'data'->>'code' LIKE '%-renamed'`, [id])) as { xid: string }[]).map((r) => r.xid),
      thing: ((await ds.query(`SELECT code, xmin::text AS xid FROM ${SCHEMA}.thing WHERE id = $1`, [id])) as { code: string; xid: string }[])[0],
    });

    it('updates the row and writes the staged, audit and outbox rows in the same statement, answering the guard\'s rows', async () => {
      const code = `T-${randomUUID().slice(0, 8)}`;
      const { id } = await uow.writeOnce(createThing(code));
      relay.kick.mockClear();
      sealer.kick.mockClear();
      const answered = await inContext({}, () => rename(id, code, `${code}-renamed`));
      expect(answered).toEqual([{ id, code: `${code}-renamed` }]);
      const written = await renames(id);
      expect([written.notes.length, written.audits.length, written.events.length]).toEqual([1, 1, 1]);
      expect(new Set([written.thing?.xid, ...written.notes, ...written.audits, ...written.events]).size).toBe(1);
      expect(relay.kick).toHaveBeenCalledTimes(1);
      expect(sealer.kick).toHaveBeenCalledTimes(1);
    });

    it('writes nothing and throws the refusal when the row is no longer as it was read; of two at once, one wins', async () => {
      const code = `T-${randomUUID().slice(0, 8)}`;
      const { id } = await uow.writeOnce(createThing(code));
      const outcomes = await Promise.allSettled([rename(id, code, `${code}-renamed`), rename(id, code, `${code}-renamed`)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(String((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason)).toContain(`is no longer ${code}`);
      const written = await renames(id);
      expect([written.notes.length, written.audits.length, written.events.length]).toEqual([1, 1, 1]);
      await expect(rename(id, code, `${code}-again`)).rejects.toThrow(`is no longer ${code}`);
      expect((await renames(id)).notes).toHaveLength(1);
    });

    it('writes concurrent guarded writes ready in the same turn in one statement, each answered its own rows; one no longer as read writes nothing', async () => {
      const codes = Array.from({ length: 4 }, () => `T-${randomUUID().slice(0, 8)}`);
      const ids = await Promise.all(codes.map(async (code) => (await uow.writeOnce(createThing(code))).id));
      relay.kick.mockClear();
      sealer.kick.mockClear();
      const outcomes = await Promise.allSettled(ids.map((id, i) => rename(id, i === 2 ? 'stale' : (codes[i] as string), `${codes[i]}-renamed`)));
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String(o.reason)))).toEqual(ids.map((id, i) => (i === 2 ? `Error: ${id} is no longer stale` : [{ id, code: `${codes[i]}-renamed` }])));
      const written = await Promise.all(ids.map(renames));
      expect(written.map((w) => [w.notes.length, w.audits.length, w.events.length])).toEqual([[1, 1, 1], [1, 1, 1], [0, 0, 0], [1, 1, 1]]);
      expect(written[2]?.thing?.code).toBe(codes[2]);
      // One statement, one transaction: every row the three wrote carries the same transaction id.
      const written3 = written.filter((_, i) => i !== 2);
      expect(new Set(written3.flatMap((w) => [w.thing?.xid, ...w.notes, ...w.audits, ...w.events])).size).toBe(1);
      expect(relay.kick).toHaveBeenCalledTimes(3);
      expect(sealer.kick).toHaveBeenCalledTimes(3);
    });

    it('when one of several concurrent guarded writes breaks a constraint, writes the others and fails only that one, leaving none of its rows', async () => {
      const codes = Array.from({ length: 3 }, () => `T-${randomUUID().slice(0, 8)}`);
      const ids = await Promise.all(codes.map(async (code) => (await uow.writeOnce(createThing(code))).id));
      const taken = `T-${randomUUID().slice(0, 8)}`;
      await uow.writeOnce(createThing(taken));
      const outcomes = await Promise.allSettled(ids.map((id, i) => rename(id, codes[i] as string, i === 1 ? taken : `${codes[i]}-renamed`)));
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(isConstraintViolation((outcomes[1] as PromiseRejectedResult).reason, '23505', 'thing_code_key')).toBe(true);
      const written = await Promise.all(ids.map(renames));
      expect(written.map((w) => [w.notes.length, w.audits.length, w.thing?.code])).toEqual([[1, 1, `${codes[0]}-renamed`], [0, 0, codes[1]], [1, 1, `${codes[2]}-renamed`]]);
    });

    it('with an Idempotency-Key, runs in a transaction that records the guard\'s rows, and a replay changes nothing', async () => {
      const code = `T-${randomUUID().slice(0, 8)}`;
      const { id } = await uow.writeOnce(createThing(code));
      const key = randomUUID();
      const first = await inContext({ idempotencyKey: key, idempotencyHash: 'h' }, () => rename(id, code, `${code}-renamed`));
      const again = await inContext({ idempotencyKey: key, idempotencyHash: 'h' }, () => rename(id, code, `${code}-renamed`));
      expect(again).toEqual(first);
      expect((await renames(id)).notes).toHaveLength(1);
      await expect(inContext({ idempotencyKey: randomUUID(), idempotencyHash: 'h' }, () => rename(id, code, `${code}-renamed`))).rejects.toThrow(`is no longer ${code}`);
    });
  });
});
