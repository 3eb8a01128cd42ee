import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

/** What every scenario posts: the platform's CreateOrganisationRequest. */
export interface OrgRequest {
  code: string;
  name: string;
  kind: string;
  jurisdictionCode: string;
}

export interface OrgRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  jurisdictionCode: string;
  countyCode: string;
  parentId: string | null;
  createdAt: string;
}

export const BENCH_TABLE = 'bench.organisation';

/** Same columns, keys and indexes as identity.organisation (less the FK to identity.jurisdiction). */
export async function recreateBenchTable(pool: Pool): Promise<void> {
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench');
  await pool.query(`DROP TABLE IF EXISTS ${BENCH_TABLE}`);
  await pool.query(`
    CREATE TABLE ${BENCH_TABLE} (
      id uuid PRIMARY KEY,
      code text NOT NULL,
      name text NOT NULL,
      kind text NOT NULL,
      jurisdiction_code text NOT NULL,
      county_code text NOT NULL,
      parent_id uuid REFERENCES ${BENCH_TABLE}(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT bench_organisation_code_unique UNIQUE (county_code, code)
    )`);
  await pool.query(`CREATE INDEX bench_organisation_jurisdiction_idx ON ${BENCH_TABLE} (jurisdiction_code text_pattern_ops)`);
}

interface StoredRow {
  id: string;
  code: string;
  name: string;
  kind: string;
  jurisdiction_code: string;
  county_code: string;
  parent_id: string | null;
  created_at: Date;
}

/**
 * One INSERT … RETURNING *: the least a create can cost. Autocommit on a pool (a, b), or a
 * statement of a transaction on a checked-out client (d).
 */
export async function insertOrganisation(db: Pool | PoolClient, request: OrgRequest): Promise<OrgRow> {
  const { rows } = await db.query<StoredRow>(
    `INSERT INTO ${BENCH_TABLE} (id, code, name, kind, jurisdiction_code, county_code) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [randomUUID(), request.code, request.name, request.kind, request.jurisdictionCode, request.jurisdictionCode.slice(0, 6)],
  );
  const row = rows[0];
  if (!row) throw new Error('INSERT returned no row');
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    jurisdictionCode: row.jurisdiction_code,
    countyCode: row.county_code,
    parentId: row.parent_id,
    createdAt: row.created_at.toISOString(),
  };
}
