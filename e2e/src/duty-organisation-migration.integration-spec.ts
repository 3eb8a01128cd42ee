import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DutyResponsibleOrganisation1764547200000 } from '@yiti/identity-service';
import { TEST_DATABASE_URL } from '@yiti/testing';

const COUNTY = '320585';
const TOWN = '320585102';

/**
 * Duties admitted before a duty named its institution get the one routing picked until then: the
 * town's first institution of the duty's kind by code. Run inside a transaction that is rolled back,
 * so the shared test schema is left as it was.
 */
describe('migration: a duty names its responsible institution', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('gives existing duties the institution routing picked, and none where the town has none of the kind', async () => {
    const migration = new DutyResponsibleOrganisation1764547200000();
    const q = ds.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      await migration.down(q);
      const suffix = randomUUID().slice(0, 6);
      const [user] = await q.query(`SELECT id FROM identity.app_user LIMIT 1`);
      const organisation = async (code: string, kind: string, jurisdiction: string) => {
        const id = randomUUID();
        await q.query(`INSERT INTO identity.organisation (id, code, name, kind, jurisdiction_code, county_code) VALUES ($1, $2, $2, $3, $4, $5)`, [id, code, kind, jurisdiction, COUNTY]);
        return id;
      };
      const applicant = await organisation(`MIG-DEPT-${suffix}`, 'county_department', COUNTY);
      await organisation(`zz-MIG-${suffix}`, 'town_functional_institution', TOWN);
      // first by code before any the seed may hold in the town
      const first = await organisation(`00-MIG-${suffix}`, 'town_functional_institution', TOWN);
      const admission = randomUUID();
      await q.query(
        `INSERT INTO identity.duty_admission (id, county_code, applicant_organisation_id, applicant_user_id, title, document_no, justification, town_codes, duties, status, submitted_at)
         VALUES ($1, $2, $3, $4, '迁移测试', '迁移〔2026〕1号', '迁移测试申请理由', ARRAY[$5], '[]', 'approved', now())`,
        [admission, COUNTY, applicant, user.id, TOWN],
      );
      const duty = async (kind: string) => {
        const id = randomUUID();
        await q.query(
          `INSERT INTO identity.duty (id, county_code, town_code, name, kind, shared, primary_level, event_categories, responsible_organisation_kind, admission_id, listed_at)
           VALUES ($1, $2, $3, $4, 'basic', false, 'town', ARRAY['迁移/测试'], $5, $6, now())`,
          [id, COUNTY, TOWN, `迁移测试职责 ${kind}`, kind, admission],
        );
        return id;
      };
      const routed = await duty('town_functional_institution');
      const unmatched = await duty('no_such_kind');

      await migration.up(q);

      const rows: { id: string; responsible_organisation_id: string | null }[] = await q.query(`SELECT id, responsible_organisation_id FROM identity.duty WHERE id IN ($1, $2)`, [routed, unmatched]);
      expect(Object.fromEntries(rows.map((r) => [r.id, r.responsible_organisation_id]))).toEqual({ [routed]: first, [unmatched]: null });
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });
});
