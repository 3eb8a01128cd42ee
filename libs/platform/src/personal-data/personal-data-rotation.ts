import type { DataSource } from 'typeorm';
import { appendAudit, type AuditEntry } from '../audit/audit-rows';
import { qualified } from '../database/sql';
import type { ServiceCommand } from '../service/service-main';
import { printJson } from '../service/service-main';
import type { PersonalDataProtector } from './personal-data';

/** One encrypted column, and the column holding its search hash if it is searched. */
export interface PersonalDataColumn {
  cipher: string;
  hash?: string;
}

/** A table of a service's schema holding personal data, as the rotation sees it. */
export interface PersonalDataTable {
  schema: string;
  table: string;
  /** The primary key column (any ordered type; default `id`). */
  idColumn?: string;
  /** Its type (default `uuid`), so the batch update finds rows by index. */
  idType?: 'uuid' | 'bigint' | 'text';
  /** The county each row belongs to: one audit entry per county and batch. */
  countyColumn: string;
  /** Encrypted columns; a NULL cipher stays NULL (and so does its hash). */
  columns: PersonalDataColumn[];
}

export interface PersonalDataRotationResult {
  table: string;
  /** Id of the key every rotated row is now under, and the suite. */
  kid: string;
  suite: string;
  /** Rows looked at (not yet under the current key and suite). */
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
  /** Who the audit entries name. */
  actorId?: string;
}

const FAILED_IDS_SHOWN = 100;
const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function column(name: string): string {
  if (!IDENT.test(name)) throw new Error(`unsafe column name ${name}`);
  return `"${name}"`;
}

type StoredRow = Record<string, string | null> & { __id: string; __county: string };

/**
 * Re-encrypts every row's personal data columns and recomputes their search hashes under the current
 * key and suite, in batches of rows locked in id order, one transaction and one audit entry per
 * county per batch (row ids, key id and suite only, never personal data). Rows already under the
 * current key and suite are skipped, so a rerun (after an interruption, or to pick up rows written
 * meanwhile under an old key) does only what is left. Nothing else of the row changes (no
 * `updated_at`, no version): what the person gave did not change.
 */
export async function rotatePersonalDataTable(dataSource: DataSource, protector: PersonalDataProtector, target: PersonalDataTable, options: PersonalDataRotationOptions = {}): Promise<PersonalDataRotationResult> {
  const batchSize = options.batchSize ?? 500;
  const table = qualified(target.schema, target.table);
  const id = column(target.idColumn ?? 'id');
  const idType = target.idType ?? 'uuid';
  const ciphers = target.columns.map((c) => column(c.cipher));
  const current = `${protector.currentPrefix}%`;
  const notCurrent = `NOT (${ciphers.map((c) => `(${c} IS NULL OR ${c} LIKE $1)`).join(' AND ')})`;
  const select = `SELECT ${id}::text AS __id, ${column(target.countyColumn)} AS __county, ${ciphers.join(', ')} FROM ${table}`;
  const result: PersonalDataRotationResult = { table: target.table, kid: protector.currentKid, suite: protector.suite.name, scanned: 0, rotated: 0, failed: 0, failedIds: [], batches: 0 };
  let after: string | undefined;
  for (;;) {
    const rows = await dataSource.transaction(async (em) => {
      const batch: StoredRow[] =
        after === undefined
          ? await em.query(`${select} WHERE ${notCurrent} ORDER BY ${id} LIMIT $2 FOR UPDATE`, [current, batchSize])
          : await em.query(`${select} WHERE ${id} > $3::${idType} AND ${notCurrent} ORDER BY ${id} LIMIT $2 FOR UPDATE`, [current, batchSize, after]);
      const ids: string[] = [];
      const values: (string | null)[][] = target.columns.flatMap((c) => (c.hash ? [[], []] : [[]]));
      const byCounty = new Map<string, string[]>();
      for (const row of batch) {
        let rewritten: (string | null)[];
        try {
          rewritten = target.columns.flatMap((c) => {
            const stored = row[c.cipher] ?? null;
            const plain = stored === null ? null : protector.decrypt(stored);
            const cipher = plain === null ? null : protector.encrypt(plain);
            if (!c.hash) return [cipher];
            return [cipher, plain === null ? null : protector.searchHash(plain)];
          });
        } catch {
          result.failed++;
          if (result.failedIds.length < FAILED_IDS_SHOWN) result.failedIds.push(row.__id);
          continue;
        }
        ids.push(row.__id);
        rewritten.forEach((value, i) => values[i]?.push(value));
        byCounty.set(row.__county, [...(byCounty.get(row.__county) ?? []), row.__id]);
      }
      if (ids.length > 0) {
        const assigned = target.columns.flatMap((c) => (c.hash ? [c.cipher, c.hash] : [c.cipher]));
        const names = assigned.map((_, i) => `v${i}`);
        await em.query(
          `UPDATE ${table} AS t SET ${assigned.map((name, i) => `${column(name)} = v.${names[i]}`).join(', ')}
           FROM unnest($1::${idType}[], ${assigned.map((_, i) => `$${i + 2}::text[]`).join(', ')}) AS v(__id, ${names.join(', ')})
           WHERE t.${id} = v.__id`,
          [ids, ...values],
        );
        const audits: AuditEntry[] = [...byCounty].map(([countyCode, rowIds]) => ({
          countyCode,
          action: 'personal-data.rotate',
          resourceType: 'personal_data_key',
          resourceId: protector.currentKid,
          jurisdictionCode: countyCode,
          after: { kid: protector.currentKid, suite: protector.suite.name, table: target.table, rows: rowIds.length, ids: rowIds },
          actorId: options.actorId ?? 'system:rotate-personal-data',
          actorRoles: [],
          correlationId: `rotate-personal-data:${protector.suite.name}:${protector.currentKid}`,
        }));
        await appendAudit(em, target.schema, audits);
      }
      return batch;
    });
    if (rows.length === 0) break;
    result.batches++;
    result.scanned += rows.length;
    after = (rows[rows.length - 1] as StoredRow).__id;
  }
  result.rotated = result.scanned - result.failed;
  return result;
}

/**
 * The `rotate-personal-data` command of a service's main: every listed table in turn, one JSON line
 * each; exit 1 while any row opens under no configured key (the previous keys must not be dropped yet).
 */
export function rotatePersonalDataCommand(serviceName: string, protector: () => PersonalDataProtector, tables: PersonalDataTable[]): ServiceCommand {
  return {
    usage: 'rotate-personal-data           re-encrypt and re-hash personal data under PERSONAL_DATA_KEY and PERSONAL_DATA_SUITE (PERSONAL_DATA_PREVIOUS_KEYS read the rest)',
    async run(ds) {
      let failed = 0;
      for (const table of tables) {
        const rotation = await rotatePersonalDataTable(ds, protector(), table);
        printJson({ service: serviceName, rotation });
        failed += rotation.failed;
      }
      return failed === 0;
    },
  };
}
