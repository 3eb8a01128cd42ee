import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import {
  AUDIT_ANCHOR_STREAM,
  AuditAnchorPublisher,
  appendAudit,
  createServiceDataSource,
  grantServiceRole,
  parseAnchorLines,
  readAnchors,
  serviceRoleOf,
  rebaseAuditSealing,
  sealAuditBatch,
  verifyAuditChain,
  verifyAuditChains,
} from '@yiti/platform';
import { databaseUrlAs, eventBus, platformSchema, pollUntil, SERVICE_ROLES, TEST_AUDIT_KEYS, TEST_DATABASE_URL, TEST_SUBJECT_PREFIX } from '@yiti/testing';

const SCHEMA = 'platform_audit_insider';
const ROLE = 'yiti_audit_insider_spec';

const entry = (county: string, n: number, action = `test.step${n}`) => ({ countyCode: county, action, resourceType: 'application', resourceId: `r${n}`, after: { n } });

/**
 * What someone holding only the application's database credentials can do to the audit trail, and
 * what the operator (the owner) can do without it being seen.
 */
describe('audit trail against an insider', () => {
  let owner: DataSource;
  let service: DataSource;
  let nc: NatsConnection;
  let anchors: AuditAnchorPublisher;

  beforeAll(async () => {
    owner = await platformSchema(SCHEMA);
    await grantServiceRole(owner, SCHEMA, { name: ROLE });
    service = await createServiceDataSource({ url: databaseUrlAs(ROLE), schema: SCHEMA, entities: [], migrations: [] }).initialize();
    nc = await eventBus('audit-insider-spec');
    anchors = new AuditAnchorPublisher(owner, nc, SCHEMA, TEST_SUBJECT_PREFIX, 60_000);
  });

  afterAll(async () => {
    await service?.destroy();
    await owner?.destroy();
    await nc?.drain();
  });

  /** Rows written and sealed by the service role; the chain's head anchored. */
  async function anchoredChain(county: string, rows: number): Promise<void> {
    await service.transaction((em) => appendAudit(em, SCHEMA, Array.from({ length: rows }, (_, i) => entry(county, i + 1))));
    await pollUntil(
      async () => {
        await sealAuditBatch(service, SCHEMA, TEST_AUDIT_KEYS);
        return verifyAuditChain(service, SCHEMA, county, TEST_AUDIT_KEYS);
      },
      (r) => r.checked === rows,
      { what: `the chain of ${county}` },
    );
    await anchors.publish();
  }

  const anchorsNow = () => readAnchors(nc, SCHEMA, TEST_SUBJECT_PREFIX);

  it('lets the service role append and seal, and nothing else: no update, delete or truncate of audit rows or seals, no trigger change, no DDL', async () => {
    const county = `role-${randomUUID()}`;
    await anchoredChain(county, 2);
    for (const table of ['audit_log', 'audit_seal']) {
      await expect(service.query(`UPDATE ${SCHEMA}.${table} SET county_code = 'x' WHERE county_code = $1`, [county])).rejects.toThrow(/permission denied/);
      await expect(service.query(`DELETE FROM ${SCHEMA}.${table} WHERE county_code = $1`, [county])).rejects.toThrow(/permission denied/);
      await expect(service.query(`TRUNCATE ${SCHEMA}.${table}`)).rejects.toThrow(/permission denied/);
    }
    await expect(service.query(`ALTER TABLE ${SCHEMA}.audit_log DISABLE TRIGGER audit_log_no_update`)).rejects.toThrow(/must be owner/);
    await expect(service.query(`DROP TRIGGER audit_seal_no_update ON ${SCHEMA}.audit_seal`)).rejects.toThrow(/must be owner/);
    await expect(service.query(`CREATE TABLE ${SCHEMA}.shadow (id int)`)).rejects.toThrow(/permission denied/);
    await expect(service.query(`DELETE FROM ${SCHEMA}.audit_seal_cursor`)).rejects.toThrow(/permission denied/);
    expect(await verifyAuditChain(service, SCHEMA, county, TEST_AUDIT_KEYS, await anchorsNow())).toMatchObject({ valid: true, checked: 2 });
  });

  it('makes the role named by the service URL, with its password, only when the owner is another user', async () => {
    const ownerUrl = 'postgres://yiti:owner-pw@db:5432/yiti';
    expect(serviceRoleOf('postgres://yiti_identity:s%40cret@db:5432/yiti', ownerUrl)).toEqual({ name: 'yiti_identity', password: 's@cret' });
    expect(serviceRoleOf('postgres://yiti:owner-pw@db:5432/yiti', ownerUrl)).toBeUndefined(); // one user for everything: nothing to grant
    expect(serviceRoleOf('postgres://yiti_identity@db:5432/yiti', '')).toBeUndefined(); // no owner URL: the service migrates itself
    expect(() => serviceRoleOf('postgres://Robert%27);--@db:5432/yiti', ownerUrl)).toThrow(/role name/);

    const role = `yiti_pw_spec_${randomUUID().slice(0, 8)}`;
    await grantServiceRole(owner, SCHEMA, { name: role, password: "it's-a-secret" });
    const [row]: { login: boolean; has_password: boolean; superuser: boolean; createrole: boolean }[] = await owner.query(
      'SELECT rolcanlogin AS login, rolpassword IS NOT NULL AS has_password, rolsuper AS superuser, rolcreaterole AS createrole FROM pg_authid WHERE rolname = $1',
      [role],
    );
    expect(row).toEqual({ login: true, has_password: true, superuser: false, createrole: false });
    await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${SCHEMA} FROM "${role}"`);
    await owner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${SCHEMA} FROM "${role}"`);
    await owner.query(`REVOKE ALL ON SCHEMA ${SCHEMA} FROM "${role}"`);
    await owner.query(`REVOKE EXECUTE ON FUNCTION ${SCHEMA}.audit_log_lock_for_sealing() FROM "${role}"`);
    await owner.query(`REVOKE CONNECT ON DATABASE "${new URL(TEST_DATABASE_URL).pathname.slice(1)}" FROM "${role}"`);
    await owner.query(`DROP ROLE "${role}"`);
  });

  it("gives a service's role nothing in another service's schema", async () => {
    const approvalWindow = await createServiceDataSource({ url: databaseUrlAs(SERVICE_ROLES.approvalWindow), schema: 'approval_window', entities: [], migrations: [] }).initialize();
    try {
      await expect(approvalWindow.query('SELECT count(*) FROM identity.users')).rejects.toThrow(/permission denied/);
      await expect(approvalWindow.query('SELECT count(*) FROM gateway.idempotency')).rejects.toThrow(/permission denied/);
      expect(await approvalWindow.query('SELECT count(*)::int AS n FROM approval_window.audit_log WHERE false')).toEqual([{ n: 0 }]);
      await expect(approvalWindow.query('DELETE FROM approval_window.audit_log')).rejects.toThrow(/permission denied/);
    } finally {
      await approvalWindow.destroy();
    }
  });

  it('records the database role and client address that wrote each row, whatever the writer says', async () => {
    const county = `provenance-${randomUUID()}`;
    await service.query(
      `INSERT INTO ${SCHEMA}.audit_log (county_code, occurred_at, action, resource_type, resource_id, written_by_role, client_addr)
       VALUES ($1, now() - interval '30 days', 'application.approve', 'application', 'backdated', 'yiti_identity', '10.0.0.1')`,
      [county],
    );
    const [row]: { written_by_role: string; client_addr: string }[] = await owner.query(`SELECT written_by_role, host(client_addr) AS client_addr FROM ${SCHEMA}.audit_log WHERE county_code = $1`, [county]);
    expect(row?.written_by_role).toBe(ROLE);
    expect(row?.client_addr).toBe('127.0.0.1');
  });

  it('refuses a seal not made with the audit MAC key: a forged row sealed by hand breaks the chain at its position', async () => {
    const county = `forged-${randomUUID()}`;
    await anchoredChain(county, 2);
    await service.transaction(async (em) => {
      await appendAudit(em, SCHEMA, [entry(county, 3, 'application.approve')]);
      const [{ seq }]: { seq: string }[] = await em.query(`SELECT max(seq)::text AS seq FROM ${SCHEMA}.audit_log WHERE county_code = $1`, [county]);
      const [head]: { hash: string }[] = await em.query(`SELECT hash FROM ${SCHEMA}.audit_seal WHERE county_code = $1 ORDER BY chain_seq DESC LIMIT 1`, [county]);
      await em.query(`INSERT INTO ${SCHEMA}.audit_seal (seq, county_code, chain_seq, prev_hash, hash, algorithm) VALUES ($1, $2, 3, $3, $4, 'hmac-sm3:00000000')`, [seq, county, head?.hash, 'f'.repeat(64)]);
    });
    await expect(
      service.query(`INSERT INTO ${SCHEMA}.audit_seal (seq, county_code, chain_seq, prev_hash, hash, algorithm) SELECT max(seq) + 1000000, $1, 4, 'x', 'y', 'sha256' FROM ${SCHEMA}.audit_log`, [county]),
    ).rejects.toThrow(/audit_seal_keyed/); // no unkeyed seal for a new row
    expect(await verifyAuditChain(service, SCHEMA, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: false, brokenAtChainSeq: '3', problem: expect.stringMatching(/unknown key/) });
  });

  it('names a row the owner rewrote and re-sealed with the key, which the chain alone cannot show, by the anchor it no longer passes through', async () => {
    const county = `rewritten-${randomUUID()}`;
    await anchoredChain(county, 3);
    // The owner: triggers off, the second row rewritten, its seals and the later ones deleted, re-sealed with the key.
    await owner.transaction(async (em) => {
      await em.query(`ALTER TABLE ${SCHEMA}.audit_log DISABLE TRIGGER audit_log_no_update`);
      await em.query(`ALTER TABLE ${SCHEMA}.audit_seal DISABLE TRIGGER audit_seal_no_update`);
      await em.query(`UPDATE ${SCHEMA}.audit_log SET action = 'application.reject' WHERE county_code = $1 AND resource_id = 'r2'`, [county]);
      await em.query(`DELETE FROM ${SCHEMA}.audit_seal WHERE county_code = $1 AND chain_seq >= 2`, [county]);
      await em.query(`ALTER TABLE ${SCHEMA}.audit_seal ENABLE TRIGGER audit_seal_no_update`);
      await em.query(`ALTER TABLE ${SCHEMA}.audit_log ENABLE TRIGGER audit_log_no_update`);
    });
    await rebaseAuditSealing(owner, SCHEMA, TEST_AUDIT_KEYS);
    expect(await verifyAuditChain(owner, SCHEMA, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: true, checked: 3 }); // the chain alone agrees
    const withAnchors = await verifyAuditChain(owner, SCHEMA, county, TEST_AUDIT_KEYS, await anchorsNow());
    expect(withAnchors).toMatchObject({ valid: false, anchorCheck: { changedBeforeChainSeq: '3', cutFromTail: null } });
  });

  it('names rows cut from the tail after the last anchor, and rows added since it', async () => {
    const cut = `cut-${randomUUID()}`;
    const added = `added-${randomUUID()}`;
    await anchoredChain(cut, 4);
    await anchoredChain(added, 2);
    await owner.transaction(async (em) => {
      await em.query(`ALTER TABLE ${SCHEMA}.audit_log DISABLE TRIGGER audit_log_no_update`);
      await em.query(`ALTER TABLE ${SCHEMA}.audit_seal DISABLE TRIGGER audit_seal_no_update`);
      await em.query(`DELETE FROM ${SCHEMA}.audit_seal WHERE county_code = $1 AND chain_seq >= 3`, [cut]);
      await em.query(`DELETE FROM ${SCHEMA}.audit_log WHERE county_code = $1 AND resource_id IN ('r3', 'r4')`, [cut]);
      await em.query(`ALTER TABLE ${SCHEMA}.audit_seal ENABLE TRIGGER audit_seal_no_update`);
      await em.query(`ALTER TABLE ${SCHEMA}.audit_log ENABLE TRIGGER audit_log_no_update`);
    });
    // A backdated approval slipped in with the service's credentials is sealed like any row: it is named as added since the last anchor.
    await service.transaction((em) => appendAudit(em, SCHEMA, [entry(added, 3, 'application.approve')], new Date('2026-01-05T02:00:00Z')));
    await pollUntil(
      async () => {
        await sealAuditBatch(service, SCHEMA, TEST_AUDIT_KEYS);
        return verifyAuditChain(service, SCHEMA, added, TEST_AUDIT_KEYS);
      },
      (r) => r.checked === 3,
      { what: 'the added row sealed' },
    );
    // The auditor's exported file serves as well as the stream.
    const file = join(await mkdtemp(join(tmpdir(), 'anchors-')), 'anchors.jsonl');
    await writeFile(file, (await anchorsNow()).map((anchor) => JSON.stringify({ service: 'spec', anchor })).join('\n'));
    const fromFile = parseAnchorLines(await readFile(file, 'utf8'), SCHEMA);
    const [cutResult, addedResult] = await verifyAuditChains(owner, SCHEMA, TEST_AUDIT_KEYS, [cut, added], fromFile);
    expect(cutResult).toMatchObject({ valid: false, checked: 2, anchorCheck: { cutFromTail: ['3', '4'], changedBeforeChainSeq: null } });
    expect(addedResult).toMatchObject({ valid: true, checked: 3, anchorCheck: { addedSinceLastAnchor: 1, lastMatchingChainSeq: '2' } });
  });

  it('keeps anchors where no database role reaches: the stream refuses deletes and purges', async () => {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(AUDIT_ANCHOR_STREAM);
    expect(info.config).toMatchObject({ deny_delete: true, deny_purge: true });
    await expect(jsm.streams.purge(AUDIT_ANCHOR_STREAM)).rejects.toThrow();
    await expect(jsm.streams.deleteMessage(AUDIT_ANCHOR_STREAM, info.state.first_seq)).rejects.toThrow();
  });
});
