import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Attachments, GATEWAY_SCHEMA } from '@yiti/gateway-service';
import { bearer, login, residentId, startPlatform, TEST_DATABASE_URL, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';
/** Above the gateway's JSON BODY_LIMIT (1mb): uploads have their own limit. */
const MAX_BYTES = 2 * 1024 * 1024;
const ATTACHMENT_DIR = join(tmpdir(), 'yiti-test-attachments');

/** A JPEG as far as its first bytes go, different each call. */
const jpeg = (size = 2048) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const storedPath = (hash: string) => join(ATTACHMENT_DIR, 'sha256', hash.slice(0, 2), hash.slice(2, 4), hash);

/**
 * Scans of an application's materials: uploaded through the gateway (type read from the bytes, size
 * limited), referenced when the application is registered, downloaded by whoever may see the
 * application and nobody else, and swept when no record references them in time.
 */
describe('attachments', () => {
  let platform: RunningPlatform;
  let clerk: string;
  let otherTownClerk: string;
  let itemId: string;
  let db: Client;

  const upload = (token: string, bytes: Buffer, filename = 'scan.jpg', contentType = 'image/jpeg') =>
    platform.http().post('/api/v1/attachments').set(bearer(token)).attach('file', bytes, { filename, contentType });
  const uploads = async (hash: string) => (await db.query(`SELECT uploader_id, county_code, size, content_type, referenced_at FROM ${GATEWAY_SCHEMA}.attachment_upload WHERE hash = $1`, [hash])).rows;
  const register = (attachments: string[]) =>
    platform
      .http()
      .post('/api/v1/applications')
      .set(bearer(clerk))
      .send({ townCode: LIUHE, itemId, applicant: { kind: 'person', name: '王附件', idNumber: residentId(), phone: '13912345678' }, materials: [{ name: '申请表', attachments }] });

  beforeAll(async () => {
    platform = await startPlatform({ ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENT_UNREFERENCED_HOURS: '1' });
    [clerk, otherTownClerk] = await Promise.all(['liuhe.clerk', 'chengxiang.clerk'].map((u) => login(platform, u)));
    const powers = await platform.http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    itemId = (powers.body as { itemId: string; kind: string }[]).find((p) => p.kind === 'licensing')?.itemId as string;
    expect(itemId).toBeDefined();
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('stores an upload under the SHA-256 of its bytes, recording uploader, county, size and the type read from the bytes', async () => {
    const bytes = jpeg(1536 * 1024);
    // The client calls it a PDF: the bytes say JPEG, and the bytes win.
    const res = await upload(clerk, bytes, 'scan.pdf', 'application/pdf');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ hash: sha256(bytes), size: bytes.length, contentType: 'image/jpeg' });
    expect(existsSync(storedPath(sha256(bytes)))).toBe(true);
    const [row] = await uploads(sha256(bytes));
    expect(row).toMatchObject({ uploader_id: expect.stringMatching(/\S/), county_code: '320585', size: String(bytes.length), content_type: 'image/jpeg', referenced_at: null });
  });

  it('refuses a disguised file (a script named .jpg), an oversized one and a body that is not multipart, with problem+json and nothing kept', async () => {
    const script = Buffer.from('<script>alert(1)</script>'.repeat(20));
    const disguised = await upload(clerk, script, 'photo.jpg', 'image/jpeg');
    expect(disguised.status).toBe(415);
    expect(disguised.headers['content-type']).toContain('application/problem+json');
    expect(disguised.body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(await uploads(sha256(script))).toHaveLength(0);

    const big = jpeg(MAX_BYTES + 1);
    const oversized = await upload(clerk, big);
    expect(oversized.status).toBe(413);
    expect(oversized.headers['content-type']).toContain('application/problem+json');
    expect(oversized.body.code).toBe('ATTACHMENT_TOO_LARGE');
    expect(await uploads(sha256(big))).toHaveLength(0);
    expect(existsSync(storedPath(sha256(big)))).toBe(false);

    const json = await platform.http().post('/api/v1/attachments').set(bearer(clerk)).send({ file: 'not a file' });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const anonymous = await platform.http().post('/api/v1/attachments').attach('file', jpeg(), 'scan.jpg');
    expect(anonymous.status).toBe(401);
  });

  it('lets an application reference its scans; a clerk of the same town downloads them, a clerk of another town gets 404', async () => {
    const bytes = jpeg();
    const hash = (await upload(clerk, bytes)).body.hash as string;
    const created = await register([hash]);
    expect(created.status).toBe(201);
    const id = created.body.application.id as string;
    expect(created.body.application.materials[0].attachments).toEqual([hash]);
    expect((await uploads(hash))[0]?.referenced_at).not.toBeNull();

    const download = await platform.http().get(`/api/v1/applications/${id}/attachments/${hash}`).set(bearer(clerk)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${hash}.jpg"`);
    expect(Buffer.compare(download.body as Buffer, bytes)).toBe(0);

    const otherTown = await platform.http().get(`/api/v1/applications/${id}/attachments/${hash}`).set(bearer(otherTownClerk));
    expect(otherTown.status).toBe(404);
    expect(otherTown.headers['content-type']).toContain('application/problem+json');

    // Stored, but not referenced by this application: not through it.
    const unrelated = (await upload(clerk, jpeg())).body.hash as string;
    const notReferenced = await platform.http().get(`/api/v1/applications/${id}/attachments/${unrelated}`).set(bearer(clerk));
    expect(notReferenced.status).toBe(404);
    expect(notReferenced.body.code).toBe('ATTACHMENT_NOT_FOUND');
  });

  it('refuses to register an application referencing a hash not uploaded in the county, creating nothing', async () => {
    const unknown = sha256(randomBytes(32));
    const before = await db.query(`SELECT count(*)::int AS n FROM approval_window.application`);
    const res = await register([unknown]);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ATTACHMENT_UNKNOWN');
    expect(res.body.detail).toContain(unknown);
    const bad = await register(['not-a-hash']);
    expect(bad.status).toBe(400);
    const after = await db.query(`SELECT count(*)::int AS n FROM approval_window.application`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('sweeps uploads no record referenced in time, keeping referenced ones and the bytes a young upload shares', async () => {
    const orphan = jpeg();
    const kept = jpeg();
    const orphanHash = (await upload(clerk, orphan)).body.hash as string;
    const keptHash = (await upload(clerk, kept)).body.hash as string;
    expect((await register([keptHash])).status).toBe(201);
    const shared = jpeg();
    const sharedHash = (await upload(clerk, shared)).body.hash as string;
    // The same bytes uploaded again later: the young row keeps the stored file.
    await db.query(`UPDATE ${GATEWAY_SCHEMA}.attachment_upload SET uploaded_at = now() - interval '2 hours' WHERE hash = ANY($1)`, [[orphanHash, keptHash, sharedHash]]);
    expect((await upload(otherTownClerk, shared)).status).toBe(201);

    await platform.gateway.get(Attachments).sweepUnreferenced();

    expect(await uploads(orphanHash)).toHaveLength(0);
    expect(existsSync(storedPath(orphanHash))).toBe(false);
    expect(await uploads(keptHash)).toHaveLength(1);
    expect(existsSync(storedPath(keptHash))).toBe(true);
    expect(await uploads(sharedHash)).toHaveLength(1);
    expect(existsSync(storedPath(sharedHash))).toBe(true);
  });
});
