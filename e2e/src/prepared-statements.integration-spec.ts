import { QueryFailedError, type DataSource } from 'typeorm';
import { TEST_DATABASE_URL } from '@yiti/testing';
import { createServiceDataSource, preparedQuery } from '@yiti/platform';

const SCHEMA = 'platform_prepared';

describe('preparedQuery (a named statement)', () => {
  let ds: DataSource;

  beforeAll(async () => {
    // One pooled connection: every query below runs on the connection that prepared the statement.
    ds = createServiceDataSource({ url: TEST_DATABASE_URL, schema: SCHEMA, entities: [], migrations: [], poolSize: 1 });
    await ds.initialize();
    await ds.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await ds.query(`CREATE SCHEMA ${SCHEMA}`);
    await ds.query(`CREATE TABLE ${SCHEMA}.note (id int PRIMARY KEY, body jsonb NOT NULL, tags text[] NOT NULL, at timestamptz NOT NULL)`);
  });

  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await ds?.destroy();
  });

  const insert = `INSERT INTO ${SCHEMA}.note (id, body, tags, at) VALUES ($1, $2, $3, $4)`;

  it('sends values as node-postgres does: objects as JSON, arrays as arrays, dates as instants', async () => {
    const at = new Date('2026-03-01T08:30:00.123Z');
    await preparedQuery(ds.manager, insert, [1, { a: [1, 'x'] }, ['甲', 'b,c', '"q"'], at]);
    await preparedQuery(ds.manager, insert, [2, '{"b": null}', [], at]);
    const rows: { id: number; body: unknown; tags: string[]; at: Date }[] = await ds.query(`SELECT id, body, tags, at FROM ${SCHEMA}.note WHERE id IN (1, 2) ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, body: { a: [1, 'x'] }, tags: ['甲', 'b,c', '"q"'], at },
      { id: 2, body: { b: null }, tags: [], at },
    ]);
  });

  it('fails a query holding a value that cannot be sent alone: the statement still works on that connection', async () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    const failed = await preparedQuery(ds.manager, insert, [3, circular, [], new Date()]).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(QueryFailedError);
    expect((failed as QueryFailedError).driverError).toBeInstanceOf(TypeError);
    // node-postgres, left to bind it, would close the named statement yet keep it as parsed: this would fail with "does not exist".
    await preparedQuery(ds.manager, insert, [4, { ok: true }, ['t'], new Date()]);
    const [{ n }]: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.note WHERE id IN (3, 4)`);
    expect(n).toBe(1);
  });
});
