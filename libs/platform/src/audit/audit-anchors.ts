import { StorageType, type JetStreamManager, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { ensureStream } from '../nats/nats-connection';
import { qualified } from '../database/sql';

/**
 * Anchors: the head of every county's chain (position and MAC), published at intervals to a
 * JetStream stream that refuses deletes and purges, where the database roles cannot write. An
 * auditor exports them to a file of their own (`export-audit-anchors`). A chain rewritten, re-sealed
 * or cut after an anchor no longer passes through it (`verify-audit`).
 */
export const AUDIT_ANCHOR_STREAM = 'YITI_AUDIT_ANCHORS';
const ANCHOR_ROOT = 'yiti.v1.audit-anchors';

export interface AuditAnchor {
  schema: string;
  countyCode: string;
  chainSeq: string;
  hash: string;
  anchoredAt: string;
}

/** County codes are tokens of the subject; '' (province- or city-level records) becomes `_`. */
const countyToken = (countyCode: string) => (countyCode === '' ? '_' : countyCode.replace(/[.*>\s]/g, '_'));
const anchorSubject = (prefix: string, schema: string, countyCode: string) => `${prefix}${ANCHOR_ROOT}.${schema}.${countyToken(countyCode)}`;

/** Creates the anchor stream when missing: file storage, kept forever, no delete, no purge. */
export async function ensureAnchorStream(jsm: JetStreamManager): Promise<void> {
  await ensureStream(jsm, {
    name: AUDIT_ANCHOR_STREAM,
    subjects: [`${ANCHOR_ROOT}.>`, `*.${ANCHOR_ROOT}.>`],
    storage: StorageType.File,
    deny_delete: true,
    deny_purge: true,
    duplicate_window: 10 * 60 * 1e9,
  });
}

/** Every county's chain head in the schema now. */
export async function chainHeads(dataSource: DataSource, schema: string): Promise<{ countyCode: string; chainSeq: string; hash: string }[]> {
  return dataSource.query(
    `SELECT DISTINCT ON (county_code) county_code AS "countyCode", chain_seq::text AS "chainSeq", hash FROM ${qualified(schema, 'audit_seal')} ORDER BY county_code, chain_seq DESC`,
  );
}

/** Publishes the heads that moved since the last call (each once: the message id is the head), every interval. */
export class AuditAnchorPublisher {
  private readonly published = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly schema: string,
    private readonly subjectPrefix: string,
    private readonly intervalMs: number,
    private readonly onError?: (error: unknown) => void,
  ) {}

  /** Publishes every interval, the first time one interval after start. */
  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.publishSafely().finally(() => (this.running = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async publishSafely(): Promise<number> {
    try {
      return await this.publish();
    } catch (error) {
      this.onError?.(error);
      return 0;
    }
  }

  /** Returns how many anchors were published. */
  async publish(): Promise<number> {
    const js = this.nc.jetstream();
    await ensureAnchorStream(await this.nc.jetstreamManager());
    let count = 0;
    for (const head of await chainHeads(this.dataSource, this.schema)) {
      if (this.published.get(head.countyCode) === head.chainSeq) continue;
      const anchor: AuditAnchor = { schema: this.schema, ...head, anchoredAt: new Date().toISOString() };
      await js.publish(anchorSubject(this.subjectPrefix, this.schema, head.countyCode), JSON.stringify(anchor), {
        msgID: `${this.schema}:${head.countyCode}:${head.chainSeq}:${head.hash}`,
        timeout: 5000,
      });
      this.published.set(head.countyCode, head.chainSeq);
      count++;
    }
    return count;
  }
}

/**
 * The latest anchor of every county of the schema in the stream (one request per county, however
 * long the stream has grown). The latest suffices to check everything before it: a chain changed
 * anywhere before an anchored position no longer gives the anchored MAC there. Older anchors (the
 * auditor's earlier exports) narrow down where.
 */
export async function readAnchors(nc: NatsConnection, schema: string, subjectPrefix: string): Promise<AuditAnchor[]> {
  const jsm = await nc.jetstreamManager();
  await ensureAnchorStream(jsm);
  const info = await jsm.streams.info(AUDIT_ANCHOR_STREAM, { subjects_filter: `${subjectPrefix}${ANCHOR_ROOT}.${schema}.*` });
  const anchors: AuditAnchor[] = [];
  for (const subject of Object.keys(info.state.subjects ?? {}).sort()) {
    anchors.push((await jsm.streams.getMessage(AUDIT_ANCHOR_STREAM, { last_by_subj: subject })).json<AuditAnchor>());
  }
  return anchors;
}

/** Anchors from an exported file (JSON lines, as `export-audit-anchors` prints them). */
export function parseAnchorLines(text: string, schema: string): AuditAnchor[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { anchor?: AuditAnchor } & Partial<AuditAnchor>)
    .map((line) => line.anchor ?? (line as AuditAnchor))
    .filter((a) => a.schema === schema);
}
