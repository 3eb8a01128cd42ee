import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AUTHORITY_EVENTS } from '@yiti/contracts';
import { ensureDatabase, loadConfig, migrateSchema } from '@yiti/platform';
import { IdentityConfig, identityDataSource, seedDemoCounty } from '@yiti/identity-service';
import { TEST_DATABASE_URL, TEST_PASSWORD_HASH_COST, testEnv } from '@yiti/testing';

/** The demo seed on an empty database of its own: what it adds, that it adds it once, that delegations announce themselves. */
describe('demo seed', () => {
  const database = `yiti_seed_${randomUUID().slice(0, 8)}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = '/postgres';

  afterAll(async () => {
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.end();
  });

  it('seeds Taicang once, and publishes every demo delegation as power.delegated through the outbox', async () => {
    await ensureDatabase(url.toString());
    const config = loadConfig(IdentityConfig, testEnv({ DATABASE_URL: url.toString() }));
    await migrateSchema(identityDataSource(config));
    const ds = await identityDataSource(config).initialize();
    try {
      const first = await seedDemoCounty(ds, TEST_PASSWORD_HASH_COST);
      expect(first.users).toBeGreaterThan(10);
      expect(first.catalogItems).toBe(187);
      const again = await seedDemoCounty(ds, TEST_PASSWORD_HASH_COST);
      expect(again).toEqual({ jurisdictions: 0, organisations: 0, users: 0, catalogItems: 0 });

      const [{ delegations }]: { delegations: number }[] = await ds.query(`SELECT count(*)::int AS delegations FROM identity.delegation`);
      const events: { delegation_id: string; town: string }[] = await ds.query(
        `SELECT payload->'data'->>'delegationId' AS delegation_id, payload->'data'->>'townCode' AS town FROM identity.outbox WHERE subject = $1`,
        [AUTHORITY_EVENTS.powerDelegated.subject],
      );
      expect(delegations).toBeGreaterThan(0);
      expect(events).toHaveLength(delegations as number);
      const delegated: { id: string }[] = await ds.query(`SELECT id FROM identity.delegation`);
      expect(new Set(events.map((e) => e.delegation_id))).toEqual(new Set(delegated.map((d) => d.id)));
      expect(new Set(events.map((e) => e.town))).toEqual(new Set(['320585102', '320585100']));
    } finally {
      await ds.destroy();
    }
  });
});
