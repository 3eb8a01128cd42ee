import type { DataSource } from 'typeorm';
import { appendAudit, type AuditEntry } from '@yiti/platform';
import type { PersonalDataProtector } from './personal-data';

export interface PersonalDataRotationResult {
  /** Id of the key every rotated row is now under. */
  kid: string;
  /** Rows looked at (not yet under the current key). */
  scanned: number;
  rotated: number;
  /** Rows that decrypt under no configured key: left as they are (their ids below, at most 100). */
  failed: number;
  failedIds: string[];
  batches: number;
}

export interface PersonalDataRotationOptions {
  /** Rows per transaction. */
  batchSize?: number;
  /** The schema of the application table. */
  schema?: string;
}

interface StoredRow {
  id: string;
  county_code: string;
  applicant_id_cipher: string;
  applicant_phone_cipher: string;
}

const FAILED_IDS_SHOWN = 100;
const ACTOR = 'system:rotate-personal-data';

/**
 * Re-encrypts every application's ID number and phone and recomputes its search hash under the
 * current key, in batches of rows locked in id order, one transaction and one audit entry per
 * county per batch (ids and key ids only, no personal data). Rows already under the current key
 * are skipped, so a rerun (after an interruption, or to pick up rows written meanwhile under an old
 * key) does only what is left. `updated_at` and `version` stay: nothing the applicant gave changed.
 */
export async function rotatePersonalData(dataSource: DataSource, protector: PersonalDataProtector, options: PersonalDataRotationOptions = {}): Promise<PersonalDataRotationResult> {
  const batchSize = options.batchSize ?? 500;
  const schema = options.schema ?? 'approval_window';
  const table = `"${schema}"."application"`;
  const kid = protector.currentKid;
  const current = `v2:${kid}:%`;
  const result: PersonalDataRotationResult = { kid, scanned: 0, rotated: 0, failed: 0, failedIds: [], batches: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await dataSource.transaction(async (em) => {
      const batch: StoredRow[] = await em.query(
        `SELECT id, county_code, applicant_id_cipher, applicant_phone_cipher FROM ${table}
         WHERE id > $1::uuid AND NOT (applicant_id_cipher LIKE $2 AND applicant_phone_cipher LIKE $2)
         ORDER BY id LIMIT $3 FOR UPDATE`,
        [after, current, batchSize],
      );
      const ids: string[] = [];
      const idCiphers: string[] = [];
      const idHashes: string[] = [];
      const phoneCiphers: string[] = [];
      const byCounty = new Map<string, string[]>();
      for (const row of batch) {
        let idNumber: string;
        let phone: string;
        try {
          idNumber = protector.decrypt(row.applicant_id_cipher);
          phone = protector.decrypt(row.applicant_phone_cipher);
        } catch {
          result.failed++;
          if (result.failedIds.length < FAILED_IDS_SHOWN) result.failedIds.push(row.id);
          continue;
        }
        ids.push(row.id);
        idCiphers.push(protector.encrypt(idNumber));
        idHashes.push(protector.searchHash(idNumber));
        phoneCiphers.push(protector.encrypt(phone));
        byCounty.set(row.county_code, [...(byCounty.get(row.county_code) ?? []), row.id]);
      }
      if (ids.length > 0) {
        await em.query(
          `UPDATE ${table} AS a SET applicant_id_cipher = v.id_cipher, applicant_id_hash = v.id_hash, applicant_phone_cipher = v.phone_cipher
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, id_cipher, id_hash, phone_cipher)
           WHERE a.id = v.id`,
          [ids, idCiphers, idHashes, phoneCiphers],
        );
        const audits: AuditEntry[] = [...byCounty].map(([countyCode, applicationIds]) => ({
          countyCode,
          action: 'personal-data.rotate',
          resourceType: 'personal_data_key',
          resourceId: kid,
          jurisdictionCode: countyCode,
          after: { kid, applications: applicationIds.length, applicationIds },
          actorId: ACTOR,
          actorRoles: [],
          correlationId: `rotate-personal-data:${kid}`,
        }));
        await appendAudit(em, schema, audits);
      }
      return batch;
    });
    if (rows.length === 0) break;
    result.batches++;
    result.scanned += rows.length;
    after = (rows[rows.length - 1] as StoredRow).id;
  }
  result.rotated = result.scanned - result.failed;
  return result;
}
