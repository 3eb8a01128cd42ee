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
      const written = () => ds.query(`SELECT (SELECT count(*) FROM identity.delegation)::int AS d, (SELECT count(*) FROM identity.outbox)::int AS o, (SELECT count(*) FROM identity.audit_log)::int AS a`);
      const before = await written();
      const again = await seedDemoCounty(ds, TEST_PASSWORD_HASH_COST);
      expect(again).toEqual({ jurisdictions: 0, organisations: 0, users: 0, catalogItems: 0 });
      expect(await written()).toEqual(before);

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

      // Written as a grant through the API writes it: the catalog import's audit, each delegation's history and audit entry.
      const [imported]: { count: number }[] = await ds.query(`SELECT jsonb_array_length(after->'codes') AS count FROM identity.audit_log WHERE action = 'catalog.items.import'`);
      expect(imported?.count).toBe(187);
      const [{ histories }]: { histories: number }[] = await ds.query(`SELECT count(*)::int AS histories FROM identity.delegation_change WHERE action = 'granted' AND actor_id = 'system:seed'`);
      const [{ audits }]: { audits: number }[] = await ds.query(`SELECT count(*)::int AS audits FROM identity.audit_log WHERE action = 'delegation.granted' AND actor_id = 'system:seed' AND 'county_admin' = ANY(actor_roles)`);
      expect([histories, audits]).toEqual([delegations, delegations]);
      // Liuhe holds its items since 2026-01-01; Chengxiang took its own on 2026-12-01 with a two-month transition.
      const periods: { town: string; from: string; until: string | null }[] = await ds.query(
        `SELECT DISTINCT town_code AS town, to_char(effective_from, 'YYYY-MM-DD') AS from, to_char(transition_until, 'YYYY-MM-DD') AS until FROM identity.delegation ORDER BY 1`,
      );
      expect(periods).toEqual([{ town: '320585100', from: '2026-12-01', until: '2027-02-01' }, { town: '320585102', from: '2026-01-01', until: null }]);
    } finally {
      await ds.destroy();
    }
  });
});
