import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { logDestination } from '@yiti/platform';
import { bearer, login, residentId, startPlatform, TEST_DATABASE_URL, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';

/**
 * A run through the gateway with known ID numbers and phones, then a search for those values in
 * clear in every table of every schema of the database and in every log line the services wrote.
 */
describe('personal data never in clear: database and logs after an end-to-end run', () => {
  let platform: RunningPlatform;
  let db: Client;
  const logLines: string[] = [];
  const people = [0, 1].map(() => ({ idNumber: residentId(), phone: `139${String(randomInt(1e8)).padStart(8, '0')}` }));

  beforeAll(async () => {
    logDestination.stream = { write: (line: string) => void logLines.push(line) };
    platform = await startPlatform({ LOG_LEVEL: 'debug' });
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
    logDestination.stream = undefined;
  });

  it('keeps no test ID number or phone in clear in any table or log line, while replays and searches still work', async () => {
    const clerk = await login(platform, 'liuhe.clerk');
    const powers = await platform.http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    const held = (powers.body as { itemId: string; kind: string }[]).find((p) => p.kind === 'licensing');
    const item = await platform.http().get(`/api/v1/catalog-items/${held?.itemId}`).set(bearer(clerk));
    const materials = (item.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => ({ name: m.name, copies: 1, original: true }));
    const register = (person: (typeof people)[number], key: string) =>
      platform
        .http()
        .post('/api/v1/applications')
        .set(bearer(clerk))
        .set('Idempotency-Key', key)
        .send({ townCode: LIUHE, itemId: held?.itemId, applicant: { kind: 'person', name: '王隐私', idNumber: person.idNumber, phone: person.phone }, materials, acceptNow: true });

    const ids: string[] = [];
    for (const person of people) {
      const key = `pii-${randomUUID()}`;
      const created = await register(person, key);
      expect(created.status).toBe(201);
      const replayed = await register(person, key); // answered from the stored (encrypted) response
      expect(replayed.status).toBe(201);
      expect(replayed.body).toEqual(created.body);
      ids.push(created.body.application.id as string);
      const full = await platform.http().get(`/api/v1/applications/${created.body.application.id}`).set(bearer(clerk));
      expect(full.body.applicant.idNumber).toBe(person.idNumber); // the clerk sees it in full, over TLS, never stored so
    }

    // Searching by ID number: in the body, never the URL; the URL form is refused.
    const found = await platform.http().post('/api/v1/applications/search').set(bearer(clerk)).send({ applicantIdNumber: people[0]?.idNumber });
    expect(found.status).toBe(200);
    expect((found.body.items as { id: string }[]).map((a) => a.id)).toEqual([ids[0]]);
    const inUrl = await platform.http().get('/api/v1/applications').set(bearer(clerk)).query({ applicantIdNumber: people[1]?.idNumber, applicantPhone: people[1]?.phone });
    expect(inUrl.status).toBe(400);

    const values = people.flatMap((p) => [p.idNumber, p.phone]);
    const tables: { schema: string; name: string }[] = (
      await db.query(`SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
                      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`)
    ).rows;
    expect(tables.map((t) => `${t.schema}.${t.name}`)).toEqual(expect.arrayContaining(['gateway.idempotency_record', 'approval_window.idempotency', 'approval_window.application', 'approval_window.audit_log']));
    const inClear: string[] = [];
    for (const { schema, name } of tables) {
      const { rows } = await db.query(`SELECT v FROM unnest($1::text[]) AS v WHERE EXISTS (SELECT 1 FROM "${schema}"."${name}" t WHERE strpos(t::text, v) > 0)`, [values]);
      for (const row of rows as { v: string }[]) inClear.push(`${schema}.${name}: ${row.v}`);
    }
    expect(inClear).toEqual([]);

    expect(logLines.some((line) => line.includes('/api/v1/applications'))).toBe(true); // the access lines were captured
    expect(logLines.filter((line) => values.some((v) => line.includes(v)))).toEqual([]);
  });
});
