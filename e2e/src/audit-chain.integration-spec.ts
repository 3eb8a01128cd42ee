import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  BacklogMetrics,
  GENESIS_HASH,
  Metrics,
  PLATFORM_MIGRATIONS,
  appendAudit,
  auditHash,
  migrateSchema,
  rebaseAuditSealing,
  sealAuditBatch,
  verifyAuditChain,
  type PlatformModuleOptions,
} from '@yiti/platform';
import { platformSchema, pollUntil, TEST_DATABASE_URL, TEST_AUDIT_KEYS } from '@yiti/testing';

const SCHEMA = 'platform_audit_chain';

/**
 * Seals until the county's chain holds `checked` rows (the horizon covers every transaction on the
 * server, so another process's open transaction can hold a single pass back), then verifies it.
 */
async function sealedChain(ds: DataSource, schema: string, county: string, checked: number) {
  return pollUntil(
    async () => {
      await sealAuditBatch(ds, schema, TEST_AUDIT_KEYS);
      return verifyAuditChain(ds, schema, county, TEST_AUDIT_KEYS);
    },
    (r) => r.checked >= checked,
    { what: `the audit chain of ${county}` },
  );
}

const entry = (county: string, n: number) => ({ countyCode: county, action: `test.step${n}`, resourceType: 'test', resourceId: `r${n}`, after: { n } });

describe('audit hash chain: sealing behind open transactions', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await platformSchema(SCHEMA);
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('never skips a row whose transaction was still open when the sealer passed', async () => {
    const county = `open-${randomUUID()}`;
    const slow = ds.createQueryRunner();
    await slow.connect();
    try {
      await slow.startTransaction();
      await appendAudit(slow.manager, SCHEMA, [entry(county, 1)]); // written first, committed last
      await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(county, 2)]));

      await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
      // The committed row waits behind the open transaction instead of taking the chain's first place.
      expect(await verifyAuditChain(ds, SCHEMA, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: true, checked: 0, unsealed: 1 });

      await slow.commitTransaction();
      expect(await sealedChain(ds, SCHEMA, county, 2)).toMatchObject({ valid: true, checked: 2, unsealed: 0 });
      const chain: { action: string }[] = await ds.query(
        `SELECT a.action FROM ${SCHEMA}.audit_seal s JOIN ${SCHEMA}.audit_log a USING (seq) WHERE s.county_code = $1 ORDER BY s.chain_seq`,
        [county],
      );
      expect(chain.map((c) => c.action)).toEqual(['test.step1', 'test.step2']);
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      await slow.release();
    }
  });

  it('shows rows held back by an open transaction in the backlog gauges, and none once sealed', async () => {
    const metrics = new Metrics();
    new BacklogMetrics(metrics, ds, { schema: SCHEMA } as PlatformModuleOptions);
    const gauge = async (name: string) => {
      const line = (await metrics.registry.metrics()).split('\n').find((l) => l.startsWith(`${name} `));
      return Number(line?.split(' ')[1]);
    };
    await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
    const slow = ds.createQueryRunner();
    await slow.connect();
    try {
      await slow.startTransaction();
      await appendAudit(slow.manager, SCHEMA, [entry(`held-${randomUUID()}`, 1)]);
      await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(`held-${randomUUID()}`, 2)]));
      await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
      // The gauges are a snapshot taken at most once a second: wait for one that has seen the row age past a second.
      await pollUntil(() => gauge('yiti_audit_oldest_unsealed_seconds'), (seconds) => seconds > 1, { what: 'the oldest unsealed row to be over a second old' });
      expect(await gauge('yiti_audit_unsealed_rows')).toBe(1); // the committed row, waiting behind the open one
      await slow.commitTransaction();
      const unsealedAfter = async () => {
        await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
        return gauge('yiti_audit_unsealed_rows');
      };
      expect(await pollUntil(unsealedAfter, (n) => n === 0, { intervalMs: 200, what: 'no audit row left to seal' })).toBe(0);
      expect(await gauge('yiti_audit_oldest_unsealed_seconds')).toBe(0);
      expect(await gauge('yiti_outbox_pending_events')).toBeGreaterThanOrEqual(0);
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      await slow.release();
    }
  });

  it('after a restore onto another server (its transaction ids behind the cursor), seals what is unsealed and goes on sealing new rows', async () => {
    const county = `restored-${randomUUID()}`;
    await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(county, 1)]));
    await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
    await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(county, 2)])); // in the dump, not sealed yet
    // What a dump restored elsewhere looks like: the cursor names a transaction this server has not reached.
    await ds.query(`UPDATE ${SCHEMA}.audit_seal_cursor SET written_by = (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + 1000000)::text::xid8`);
    await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(county, 3)])); // written after the restore
    expect(await sealedChain(ds, SCHEMA, county, 3)).toMatchObject({ valid: true, checked: 3, unsealed: 0, skipped: 0 });
    await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(county, 4)]));
    expect(await sealedChain(ds, SCHEMA, county, 4)).toMatchObject({ valid: true, checked: 4, unsealed: 0, skipped: 0 });
  });

  it('rebases on request (the restore procedure\'s step): rows written behind the restored cursor are sealed, then sealing goes on', async () => {
    const county = `rebased-${randomUUID()}`;
    await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
    // A restored cursor ahead of this server's ids; rows are written before any sealer pass.
    await ds.query(`UPDATE ${SCHEMA}.audit_seal_cursor SET written_by = (pg_snapshot_xmax(pg_current_snapshot())::text::numeric + 1000)::text::xid8`);
    for (const n of [1, 2, 3, 4, 5]) await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(county, n)]));
    expect((await verifyAuditChain(ds, SCHEMA, county, TEST_AUDIT_KEYS)).skipped).toBe(5); // behind the cursor
    expect(await rebaseAuditSealing(ds, SCHEMA, TEST_AUDIT_KEYS)).toBeGreaterThanOrEqual(5);
    expect(await verifyAuditChain(ds, SCHEMA, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: true, checked: 5, unsealed: 0, skipped: 0 });
    await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(county, 6)]));
    expect(await sealedChain(ds, SCHEMA, county, 6)).toMatchObject({ valid: true, checked: 6, skipped: 0 });
  });

  it('reports a row the sealer passed without sealing as skipped, and the chain as not valid', async () => {
    const county = `skipped-${randomUUID()}`;
    await sealAuditBatch(ds, SCHEMA, TEST_AUDIT_KEYS);
    await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(county, 1)]));
    // A fault: the cursor moved past the row without a seal for it.
    await ds.query(`UPDATE ${SCHEMA}.audit_seal_cursor c SET written_by = a.written_by, seq = a.seq FROM ${SCHEMA}.audit_log a WHERE a.county_code = $1`, [county]);
    expect(await verifyAuditChain(ds, SCHEMA, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: false, checked: 0, unsealed: 0, skipped: 1 });
  });

  it('seals nothing of a transaction that rolled back', async () => {
    const county = `rolled-back-${randomUUID()}`;
    await expect(
      ds.transaction(async (em) => {
        await appendAudit(em, SCHEMA, [entry(county, 1)]);
        throw new Error('the request failed after auditing');
      }),
    ).rejects.toThrow('the request failed');
    await ds.transaction((em) => appendAudit(em, SCHEMA, [entry(county, 2)]));
    expect(await sealedChain(ds, SCHEMA, county, 1)).toMatchObject({ valid: true, checked: 1, unsealed: 0 });
  });
});

describe('audit seals migration (sealed-by-update → seal rows)', () => {
  const schema = `audit_migration_${randomUUID().slice(0, 8)}`;
  const county = '320585';
  let ds: DataSource;

  const dataSource = (migrations: Function[]) =>
    new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, schema, migrations, migrationsTableName: 'migrations', migrationsTransactionMode: 'each', logging: false });

  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds?.destroy();
  });

  it('keeps the chain of rows sealed before, seals the rest, and leaves the log append-only', async () => {
    const before = dataSource(PLATFORM_MIGRATIONS.slice(0, 2));
    await migrateSchema(before);
    await before.initialize();
    // Four rows in the first layout; the first two sealed the old way (chain columns filled in place).
    await before.transaction((em) => appendAudit(em, schema, [1, 2, 3, 4].map((n) => entry(county, n))));
    const rows: { seq: string; occurred_at: Date; action: string; resource_id: string; after: unknown }[] = await before.query(
      `SELECT seq, occurred_at, action, resource_id, after FROM "${schema}".audit_log ORDER BY seq LIMIT 2`,
    );
    let prev = GENESIS_HASH;
    for (const [i, row] of rows.entries()) {
      const hash = auditHash(prev, {
        countyCode: county, action: row.action, resourceType: 'test', resourceId: row.resource_id, jurisdictionCode: null, before: null, after: row.after,
        actorId: null, actorRoles: [], actorOrganisationId: null, correlationId: null, occurredAt: new Date(row.occurred_at).toISOString(),
      });
      await before.query(`UPDATE "${schema}".audit_log SET chain_seq = $2, prev_hash = $3, hash = $4, sealed_at = now() WHERE seq = $1`, [row.seq, i + 1, prev, hash]);
      prev = hash;
    }
    await before.destroy();

    ds = dataSource(PLATFORM_MIGRATIONS.slice(0, 3));
    expect(await migrateSchema(ds)).toEqual(['PlatformAuditSeals1764979200000']);
    await ds.initialize();
    const seals: { chain_seq: string; prev_hash: string }[] = await ds.query(`SELECT chain_seq, prev_hash FROM "${schema}".audit_seal ORDER BY chain_seq`);
    expect(seals.map((s) => s.chain_seq)).toEqual(['1', '2', '3', '4']);
    expect(seals[2]?.prev_hash).toBe(prev); // the third row links to the last one sealed the old way

    await ds.destroy();
    ds = dataSource(PLATFORM_MIGRATIONS);
    expect(await migrateSchema(ds)).toEqual(['PlatformAuditProvenance1765065600000']);
    await ds.initialize();
    // The unkeyed seals of before keyed sealing still verify; new rows get keyed ones.
    expect(await verifyAuditChain(ds, schema, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: true, checked: 4, unsealed: 0 });
    await ds.transaction((em) => appendAudit(em, schema, [entry(county, 5)]));
    expect(await verifyAuditChain(ds, schema, county, TEST_AUDIT_KEYS)).toMatchObject({ valid: true, checked: 4, unsealed: 1 });
    expect(await sealedChain(ds, schema, county, 5)).toMatchObject({ valid: true, checked: 5, unsealed: 0 });
    await expect(ds.query(`UPDATE "${schema}".audit_log SET action = 'x'`)).rejects.toThrow(/audit_log is append-only/);
  });
});
