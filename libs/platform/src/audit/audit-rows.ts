import type { EntityManager } from 'typeorm';
import { insertAll, type TableRows } from '../database/multi-insert';
import { qualified } from '../database/sql';

/**
 * Audit rows: what a request writes into `audit_log` in its own transaction, and how a row is read
 * back for its seal. Rows are never changed; the chain (audit-chain.ts) and the sealer
 * (audit-sealing.ts) only add `audit_seal` rows beside them.
 */
export interface AuditEntry {
  /** County the record belongs to; '' for province- or city-level records. */
  countyCode: string;
  action: string;
  resourceType: string;
  resourceId: string;
  jurisdictionCode?: string | null;
  before?: unknown;
  after?: unknown;
  actorId?: string | null;
  actorRoles?: string[];
  actorOrganisationId?: string | null;
  correlationId?: string | null;
}

const COLUMNS = [
  'county_code', 'occurred_at', 'actor_id', 'actor_roles', 'actor_organisation_id', 'action',
  'resource_type', 'resource_id', 'jurisdiction_code', 'before', 'after', 'correlation_id',
];

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export function auditRows(schema: string, entries: AuditEntry[], now = new Date()): TableRows {
  return {
    table: qualified(schema, 'audit_log'),
    columns: COLUMNS,
    rows: entries.map((e) => [
      e.countyCode, now, e.actorId ?? null, e.actorRoles ?? [], e.actorOrganisationId ?? null, e.action,
      e.resourceType, e.resourceId, e.jurisdictionCode ?? null, json(e.before), json(e.after), e.correlationId ?? null,
    ]),
  };
}

/**
 * Appends entries in the caller's transaction. They are sealed into their county's chain shortly
 * after commit by the AuditSealer, so no request waits on a per-county lock. The database fills in
 * who wrote them (`written_by_role`, `client_addr`), whatever the writer says.
 */
export async function appendAudit(em: EntityManager, schema: string, entries: AuditEntry[], now = new Date()): Promise<void> {
  await insertAll(em, [auditRows(schema, entries, now)]);
}

/** An audit row as read back for sealing or verifying. */
export interface AuditRow {
  seq: string;
  county_code: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_roles: string[];
  actor_organisation_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string;
  jurisdiction_code: string | null;
  before: unknown;
  after: unknown;
  correlation_id: string | null;
  /** Absent in schemas before PlatformAuditProvenance (legacy seals do not cover them). */
  written_by_role?: string | null;
  client_addr?: string | null;
}

/** The columns of the first layout, read back for hashing: position and what the writer gave. */
export const recordColumns = (alias: string) => ['seq', ...COLUMNS].map((c) => `${alias}.${c}`).join(', ');

/** recordColumns plus who wrote the row, as the database recorded it (PlatformAuditProvenance). */
export const provenanceColumns = (alias: string) => `${recordColumns(alias)}, ${alias}.written_by_role, host(${alias}.client_addr) AS client_addr`;

/** Rows no seal covers yet (`a` is the audit row). */
export const unsealed = (schema: string) => `NOT EXISTS (SELECT 1 FROM ${qualified(schema, 'audit_seal')} s WHERE s.seq = a.seq)`;
