import { createServiceDataSource, migrateSchema } from '../database/data-source';
import { PersonalDataProtector } from './personal-data';
import { rotatePersonalDataTable, type PersonalDataTable } from './personal-data-rotation';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/yiti_test';
const SCHEMA = 'personal_data_rotation_spec';
const KEY_A = 'rotation-spec-key-a-that-is-long-enough-0123456789';
const KEY_B = 'rotation-spec-key-b-that-is-long-enough-0123456789';

interface Row {
  id: string;
  county: string;
  witness_id_cipher: string;
  witness_id_hash: string;
  witness_phone_cipher: string | null;
}

/**
 * The generic rotation on a table of another shape than approval-window's (bigint ids, a nullable
 * phone, other column names), as grid or enforcement will point it at theirs: from AES-256-GCM under
 * key A to SM4/SM3 under key B, in batches, audited per county and batch.
 */
describe('rotating a service table of personal data', () => {
  const dataSource = createServiceDataSource({ url: DATABASE_URL, schema: SCHEMA, entities: [], migrations: [], poolSize: 2 });
  const underA = new PersonalDataProtector(KEY_A, [], { suite: 'aes-256-gcm' });
  const rotator = new PersonalDataProtector(KEY_B, [KEY_A]);
  const table: PersonalDataTable = {
    schema: SCHEMA,
    table: 'witness',
    idType: 'bigint',
    countyColumn: 'county',
    columns: [{ cipher: 'witness_id_cipher', hash: 'witness_id_hash' }, { cipher: 'witness_phone_cipher' }],
  };
  const people = [
    { id: 1, county: '320585', idNumber: '11010519491231002X', phone: '13912345678' },
    { id: 2, county: '320585', idNumber: '110105194912310029', phone: null },
    { id: 3, county: '320583', idNumber: '91320585MA1XXXXX3Y', phone: '0512-53512345' },
  ];
  const rows = async (): Promise<Row[]> => dataSource.query(`SELECT id::text, county, witness_id_cipher, witness_id_hash, witness_phone_cipher FROM ${SCHEMA}.witness ORDER BY id`);

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await migrateSchema(dataSource);
    await dataSource.query(`CREATE TABLE ${SCHEMA}.witness (id bigint PRIMARY KEY, county text NOT NULL, witness_id_cipher text NOT NULL, witness_id_hash text NOT NULL, witness_phone_cipher text)`);
    for (const p of people) {
      await dataSource.query(`INSERT INTO ${SCHEMA}.witness VALUES ($1, $2, $3, $4, $5)`, [p.id, p.county, underA.encrypt(p.idNumber), underA.searchHash(p.idNumber), p.phone === null ? null : underA.encrypt(p.phone)]);
    }
    // A row no configured key opens.
    await dataSource.query(`INSERT INTO ${SCHEMA}.witness VALUES (4, '320585', $1, 'x', NULL)`, [new PersonalDataProtector(`${KEY_A}-lost`).encrypt('13800000000')]);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await dataSource.destroy();
  });

  it('rewrites every row it can open under the current key and suite, leaving NULLs and the rest alone, and audits without personal data', async () => {
    const result = await rotatePersonalDataTable(dataSource, rotator, table, { batchSize: 2 });
    expect(result).toEqual({ table: 'witness', kid: rotator.currentKid, suite: 'sm4-sm3', scanned: 4, rotated: 3, failed: 1, failedIds: ['4'], batches: 2 });

    const after = await rows();
    for (const p of people) {
      const row = after.find((r) => r.id === String(p.id)) as Row;
      expect(row.witness_id_cipher.startsWith(`v3:sm4-sm3:${rotator.currentKid}:`)).toBe(true);
      expect(new PersonalDataProtector(KEY_B).decrypt(row.witness_id_cipher)).toBe(p.idNumber);
      expect(row.witness_id_hash).toBe(new PersonalDataProtector(KEY_B).searchHash(p.idNumber));
      if (p.phone === null) expect(row.witness_phone_cipher).toBeNull();
      else expect(new PersonalDataProtector(KEY_B).decrypt(row.witness_phone_cipher as string)).toBe(p.phone);
    }
    expect((after.find((r) => r.id === '4') as Row).witness_id_hash).toBe('x');

    const audits: { county_code: string; after: { ids: string[]; suite: string; table: string } }[] = await dataSource.query(
      `SELECT county_code, after FROM ${SCHEMA}.audit_log WHERE action = 'personal-data.rotate' ORDER BY seq`,
    );
    expect(audits.map((a) => [a.county_code, a.after.ids])).toEqual([
      ['320585', ['1', '2']],
      ['320583', ['3']],
    ]);
    expect(audits.every((a) => a.after.suite === 'sm4-sm3' && a.after.table === 'witness')).toBe(true);
    const audited = JSON.stringify(audits);
    for (const p of people) expect(audited).not.toContain(p.idNumber);
  });

  it('does nothing more on a rerun but look at the row it cannot open', async () => {
    const before = await rows();
    const again = await rotatePersonalDataTable(dataSource, rotator, table, { batchSize: 2 });
    expect(again).toMatchObject({ scanned: 1, rotated: 0, failed: 1, failedIds: ['4'] });
    expect(await rows()).toEqual(before);
  });

  it('refuses a column name it would have to quote', async () => {
    await expect(rotatePersonalDataTable(dataSource, rotator, { ...table, columns: [{ cipher: 'x"; DROP TABLE witness; --' }] })).rejects.toThrow('unsafe column name');
  });
});
