import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME, PersonalDataProtector, rotatePersonalData } from '@yiti/approval-window-service';
import { bearer, login, residentId, startApprovalWindow, startPlatform, TEST_DATABASE_URL, TEST_PERSONAL_DATA_KEY, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';

interface StoredRow {
  applicant_id_cipher: string;
  applicant_id_hash: string;
  applicant_phone_cipher: string;
  updated_at: Date;
  version: number;
}

/**
 * Rotating PERSONAL_DATA_KEY and PERSONAL_DATA_SUITE together, as a county moving to the national
 * suite does: applications written under key A with AES-256-GCM stay readable and findable while
 * approval-window runs with key B under SM4/SM3 (the default) and previous key A,
 * `rotate-personal-data` moves them to B and SM4/SM3, and then B alone reads and finds them. Keys
 * are new each run, so rows of other specs (under the test key) decrypt under neither and are left
 * alone by the rotation; afterwards the spec rotates its row back under the test key.
 */
describe('personal data key and suite rotation', () => {
  const KEY_A = `rotation-key-a-${randomUUID()}`;
  const KEY_B = `rotation-key-b-${randomUUID()}`;
  const underA = new PersonalDataProtector(KEY_A, [], { suite: 'aes-256-gcm' });
  const underB = new PersonalDataProtector(KEY_B);
  const idNumber = residentId();
  const phone = '13912345678';

  let platform: RunningPlatform;
  let approvalWindow: INestApplication;
  let clerk: string;
  let applicationId: string;
  let db: Client;

  const stored = async (): Promise<StoredRow> => {
    const { rows } = await db.query<StoredRow>(`SELECT applicant_id_cipher, applicant_id_hash, applicant_phone_cipher, updated_at, version FROM ${APPROVAL_WINDOW_SCHEMA}.application WHERE id = $1`, [applicationId]);
    expect(rows).toHaveLength(1);
    return rows[0] as StoredRow;
  };

  /** Stops the running approval-window and starts it again with other keys; the gateway reaches the new one. */
  const restartApprovalWindow = async (keys: Record<string, string>) => {
    await approvalWindow.close();
    approvalWindow = await startApprovalWindow(keys);
  };

  /** The clerk opens the application (full identifiers) and finds it by the applicant's ID number. */
  const expectReadAndFound = async () => {
    const opened = await platform.http().get(`/api/v1/applications/${applicationId}`).set(bearer(clerk));
    expect(opened.status).toBe(200);
    expect(opened.body.applicant).toMatchObject({ idNumber, phone });
    const found = await platform.http().post('/api/v1/applications/search').set(bearer(clerk)).send({ applicantIdNumber: idNumber });
    expect(found.status).toBe(200);
    expect(found.body.total).toBe(1);
    expect(found.body.items[0].id).toBe(applicationId);
  };

  beforeAll(async () => {
    platform = await startPlatform({ PERSONAL_DATA_KEY: KEY_A, PERSONAL_DATA_SUITE: 'aes-256-gcm' });
    approvalWindow = platform.approvalWindow;
    clerk = await login(platform, 'liuhe.clerk');
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    // Leave the shared test database as a county leaves it after a rotation: every row under the
    // configured (test) key, so specs after this one (yiti-ops's rotation) find no row they cannot open.
    if (approvalWindow) await rotatePersonalData(approvalWindow.get(DataSource), new PersonalDataProtector(TEST_PERSONAL_DATA_KEY, [KEY_B, KEY_A]), { schema: APPROVAL_WINDOW_SCHEMA });
    await db?.end();
    await platform?.gateway.close();
    await approvalWindow?.close();
    // Every other service the harness started (the restarted approval-window replaced the harness's own).
    for (const [name, app] of Object.entries(platform?.services ?? {}).reverse()) if (name !== APPROVAL_WINDOW_SERVICE_NAME) await app.close();
  });

  it('writes an application under key A and AES-256-GCM, naming key A in its ciphertexts (the v2 form)', async () => {
    const powers = await platform.http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    expect(powers.status).toBe(200);
    const held = (powers.body as { itemId: string; kind: string }[]).find((p) => p.kind === 'licensing');
    expect(held).toBeDefined();
    const created = await platform
      .http()
      .post('/api/v1/applications')
      .set(bearer(clerk))
      .send({ townCode: LIUHE, itemId: held?.itemId, applicant: { kind: 'person', name: '王轮换', idNumber, phone, address: '太仓市浏河镇' }, materials: [] });
    expect(created.status).toBe(201);
    applicationId = created.body.application.id as string;

    const row = await stored();
    expect(row.applicant_id_cipher.startsWith(`v2:${underA.currentKid}:`)).toBe(true);
    expect(row.applicant_phone_cipher.startsWith(`v2:${underA.currentKid}:`)).toBe(true);
    expect(row.applicant_id_hash).toBe(underA.searchHash(idNumber));
    await expectReadAndFound();
  });

  it('with key B under SM4/SM3 and previous key A, still reads the application in full and finds it by ID number', async () => {
    await restartApprovalWindow({ PERSONAL_DATA_KEY: KEY_B, PERSONAL_DATA_PREVIOUS_KEYS: KEY_A });
    const fresh = await stored();
    expect(fresh.applicant_id_cipher.startsWith(`v2:${underA.currentKid}:`)).toBe(true);
    await expectReadAndFound();
  });

  it('re-encrypts and re-hashes under key B and SM4/SM3, once, auditing the batch without personal data', async () => {
    const before = await stored();
    const rotator = new PersonalDataProtector(KEY_B, [KEY_A]);
    const dataSource = approvalWindow.get(DataSource);
    const first = await rotatePersonalData(dataSource, rotator, { schema: APPROVAL_WINDOW_SCHEMA, batchSize: 50 });
    expect(first).toMatchObject({ kid: underB.currentKid, suite: 'sm4-sm3', table: 'application' });
    expect(first.rotated).toBeGreaterThanOrEqual(1);
    expect(first.rotated + first.failed).toBe(first.scanned);
    expect(first.failedIds).not.toContain(applicationId);

    const row = await stored();
    expect(row.applicant_id_cipher.startsWith(`v3:sm4-sm3:${underB.currentKid}:`)).toBe(true);
    expect(row.applicant_phone_cipher.startsWith(`v3:sm4-sm3:${underB.currentKid}:`)).toBe(true);
    expect(row.applicant_id_hash).toBe(underB.searchHash(idNumber));
    expect(underB.decrypt(row.applicant_id_cipher)).toBe(idNumber);
    expect(underB.decrypt(row.applicant_phone_cipher)).toBe(phone);
    // The applicant's data did not change: neither do the clocks' last change nor the row version.
    expect(row.updated_at.getTime()).toBe(before.updated_at.getTime());
    expect(row.version).toBe(before.version);
    // Key A alone no longer reads or finds the stored row.
    expect(() => underA.decrypt(row.applicant_id_cipher)).toThrow(`unknown key id ${underB.currentKid}`);
    expect(() => underA.decrypt(row.applicant_phone_cipher)).toThrow(`unknown key id ${underB.currentKid}`);
    expect(row.applicant_id_hash).not.toBe(underA.searchHash(idNumber));

    const audits = await db.query<{ after: { kid: string; ids: string[] }; actor_id: string; resource_id: string }>(
      `SELECT after, actor_id, resource_id FROM ${APPROVAL_WINDOW_SCHEMA}.audit_log WHERE action = 'personal-data.rotate' AND after->'ids' ? $1`,
      [applicationId],
    );
    expect(audits.rows).toHaveLength(1);
    expect(audits.rows[0]).toMatchObject({ actor_id: 'system:rotate-personal-data', resource_id: underB.currentKid, after: { kid: underB.currentKid, suite: 'sm4-sm3', table: 'application' } });
    const audited = JSON.stringify(audits.rows[0]);
    expect(audited).not.toContain(idNumber);
    expect(audited).not.toContain(phone);
    expect(audited).not.toContain(KEY_A);
    expect(audited).not.toContain(KEY_B);

    // Idempotent: rows already under key B are skipped; only rows no key opens are looked at again.
    const again = await rotatePersonalData(dataSource, rotator, { schema: APPROVAL_WINDOW_SCHEMA, batchSize: 50 });
    expect(again.rotated).toBe(0);
    expect(again.scanned).toBe(again.failed);
    expect((await stored()).applicant_id_cipher).toBe(row.applicant_id_cipher);
  });

  it('with key B alone (no previous keys), still reads the application in full and finds it', async () => {
    await restartApprovalWindow({ PERSONAL_DATA_KEY: KEY_B, PERSONAL_DATA_PREVIOUS_KEYS: '' });
    await expectReadAndFound();
  });
});
