/**
 * A year of a busy town (≥ 50,000 applications across states), written by one INSERT … SELECT
 * generate_series: for the mixed scenario of `npm run bench` and the query-plan spec. Rows received
 * in the last 20 days are still running (received, accepted, approved: their clocks are due soon or
 * overdue); older ones are closed (certificate issued, most; not accepted, rejected, withdrawn).
 */
import type { ApplicationState } from '@yiti/contracts';

export interface BusyTown {
  countyCode: string;
  townCode: string;
  townName: string;
  itemId: string;
  /** The item snapshot (jsonb) each application keeps. */
  item: object;
  /** Makes application and certificate numbers unique to this preload. */
  numberPrefix: string;
  applications: number;
  /** Stored identifiers of one applicant, shared by every row (a single read decrypts them). */
  applicant: { idCipher: string; idHash: string; phoneCipher: string };
  handlingOrganisationId: string | null;
}

/** The states the preload writes, for a report. */
export const BUSY_TOWN_STATES: ApplicationState[] = ['received', 'accepted', 'approved', 'certificate_issued', 'not_accepted', 'rejected', 'withdrawn'];

export async function preloadBusyTown(db: { query(sql: string, params: unknown[]): Promise<unknown> }, town: BusyTown): Promise<void> {
  await db.query(
    `INSERT INTO approval_window.application
       (id, application_no, county_code, town_code, town_name, item_id, item, handling_organisation_id, status,
        applicant_kind, applicant_name, applicant_id_cipher, applicant_id_hash, applicant_id_masked, applicant_phone_cipher, applicant_phone_masked,
        materials, received_on, accepted_on, statutory_working_days, decision_due_on, decided_on, decided_on_time, decision_working_days,
        certificate_due_on, certificate_no, certificate_issued_on, created_by, created_at, updated_at)
     SELECT gen_random_uuid(), $1 || lpad(n::text, 7, '0'), $2, $3, $4, $5, $6::jsonb, $7, s.status,
            'person', '申请人' || n, $8, $9, '320585********001X', $10, '139****5678',
            '[]'::jsonb, r.received_on,
            CASE WHEN s.status IN ('received', 'not_accepted') THEN NULL ELSE r.received_on END,
            20, r.received_on + 28,
            CASE WHEN s.status IN ('approved', 'rejected', 'certificate_issued') THEN r.received_on + (n % 15) END,
            CASE WHEN s.status IN ('approved', 'rejected', 'certificate_issued') THEN n % 10 <> 0 END,
            CASE WHEN s.status IN ('approved', 'rejected', 'certificate_issued') THEN n % 15 END,
            CASE WHEN s.status IN ('approved', 'certificate_issued') THEN r.received_on + (n % 15) + 10 END,
            CASE WHEN s.status = 'certificate_issued' THEN 'C' || $1 || lpad(n::text, 7, '0') END,
            CASE WHEN s.status = 'certificate_issued' THEN r.received_on + (n % 15) + 2 END,
            'busy-town', r.created_at, r.created_at
       FROM generate_series(1, $11::int) AS n,
            LATERAL (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date - (n % 365) AS received_on) AS d,
            LATERAL (SELECT d.received_on, ((d.received_on + time '08:30') AT TIME ZONE 'Asia/Shanghai') + make_interval(secs => n % 30000) AS created_at) AS r,
            LATERAL (SELECT CASE
                      WHEN n % 365 < 20 THEN (ARRAY['received', 'accepted', 'approved', 'certificate_issued'])[n % 4 + 1]
                      ELSE (ARRAY['not_accepted', 'rejected', 'withdrawn', 'certificate_issued', 'certificate_issued', 'certificate_issued'])[n % 6 + 1]
                    END AS status) AS s`,
    [town.numberPrefix, town.countyCode, town.townCode, town.townName, town.itemId, JSON.stringify(town.item), town.handlingOrganisationId, town.applicant.idCipher, town.applicant.idHash, town.applicant.phoneCipher, town.applications],
  );
  // Statistics for the planner, and a visibility map for index-only scans, as autovacuum leaves them.
  await db.query('VACUUM ANALYZE approval_window.application', []);
  // A year's rows are long since on disk: flush them now so that the load does not pay for it.
  await db.query('CHECKPOINT', []);
}
