import { ResponseCipher } from '../idempotency/response-cipher';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventDefinition, EventEnvelope } from '@yiti/contracts';
import { auditRows, type AuditEntry } from '../audit/audit-rows';
import { AuditSealer } from '../audit/audit-sealer';
import { CoalescedGuardedWrites } from '../database/coalesced-guarded-writes';
import { CoalescedInserts } from '../database/coalesced-inserts';
import { insertAll, type TableRows, type WriteGuard } from '../database/multi-insert';
import { qualified } from '../database/sql';
import { DomainException } from '../errors/domain-exception';
import { currentContext, type RequestContext } from '../context/request-context';
import { buildEventEnvelope, outboxRows } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { currentTraceHeaders } from '../tracing/tracing';
import { PLATFORM_OPTIONS } from './tokens';
import type { PlatformModuleOptions } from './platform-options';

export type AuditInput = Omit<AuditEntry, 'actorId' | 'actorRoles' | 'actorOrganisationId' | 'correlationId'>;

/**
 * What a `UnitOfWork.writeOnce` work may do: stage rows, audit and emit. There is no EntityManager
 * here on purpose: everything is written after the work, in one statement.
 */
export interface Staging {
  emit<T>(event: EventDefinition<T>, data: T, countyCode: string | null): EventEnvelope<T>;
  audit(entry: AuditInput): void;
  /** Rows that need nothing back, written with the outbox and audit rows in one statement. */
  stage(rows: TableRows): void;
}

/** Staged rows, events and audit entries, written together by one `insertAll`. */
class StagedWrites implements Staging {
  private readonly events: EventEnvelope[] = [];
  /** The trace context each event was emitted in (null: not traced), kept with its outbox row. */
  private readonly eventTraces: (Record<string, string> | null)[] = [];
  private readonly audits: AuditEntry[] = [];
  private readonly staged: TableRows[] = [];

  constructor(protected readonly schema: string) {}

  emit<T>(event: EventDefinition<T>, data: T, countyCode: string | null): EventEnvelope<T> {
    const context = currentContext();
    const envelope = buildEventEnvelope({ subject: event.subject, data, countyCode, correlationId: context?.correlationId, actorId: context?.actor?.userId });
    this.events.push(envelope);
    this.eventTraces.push(currentTraceHeaders());
    return envelope;
  }

  audit(entry: AuditInput): void {
    const context = currentContext();
    this.audits.push({
      ...entry,
      actorId: context?.actor?.userId ?? null,
      actorRoles: context?.actor?.roles ?? [],
      actorOrganisationId: context?.actor?.organisationId ?? null,
      correlationId: context?.correlationId ?? null,
    });
  }

  /**
   * Rows that need nothing back (history, documents) written at commit in the same statement as
   * the outbox and audit rows. Parent rows must already be inserted or staged too (foreign keys
   * are checked at the end of the statement).
   */
  stage(rows: TableRows): void {
    this.staged.push(rows);
  }

  get hasEvents(): boolean {
    return this.events.length > 0;
  }

  get hasAudits(): boolean {
    return this.audits.length > 0;
  }

  /** Staged, outbox and audit rows, for one statement. */
  rows(): TableRows[] {
    return [...this.staged, outboxRows(this.schema, this.events, this.eventTraces), auditRows(this.schema, this.audits)];
  }
}

/** One transaction's state change plus the events and audit entries that commit with it. */
export class Transaction extends StagedWrites {
  constructor(
    readonly em: EntityManager,
    schema: string,
  ) {
    super(schema);
  }

  /** Staged, outbox and audit rows in one statement, just before commit. */
  async flush(): Promise<void> {
    await insertAll(this.em, this.rows());
  }
}

interface IdempotencyClaim {
  principal: string;
  key: string;
  hash: string;
}

/** Claims the key (a concurrent twin waits on the row until this transaction ends) or returns its recorded result. */
async function recordedResult(em: EntityManager, schema: string, claim: IdempotencyClaim, cipher: ResponseCipher): Promise<{ found: boolean; value?: unknown }> {
  const table = qualified(schema, 'idempotency');
  const inserted: unknown[] = await em.query(`INSERT INTO ${table} (principal, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`, [claim.principal, claim.key, claim.hash]);
  if (inserted.length > 0) return { found: false };
  const [row]: { request_hash: string; response: unknown }[] = await em.query(`SELECT request_hash, response FROM ${table} WHERE principal = $1 AND key = $2`, [claim.principal, claim.key]);
  if (!row || row.request_hash !== claim.hash) throw new DomainException('IDEMPOTENCY_KEY_REUSED', `幂等键 ${claim.key} 已用于不同的请求 Key ${claim.key} was used for a different request`);
  return { found: true, value: cipher.open(row.response, recordOf(claim)) };
}

/** The request's Idempotency-Key to claim, unless none was given or a transaction of this request already recorded it. */
function idempotencyClaim(context: RequestContext | undefined): IdempotencyClaim | null {
  return context?.idempotencyKey && context.idempotencyHash && context.actor && !context.idempotencyRecorded
    ? { principal: context.actor.userId, key: context.idempotencyKey, hash: context.idempotencyHash }
    : null;
}

/** What a stored response is bound to. */
const recordOf = (claim: IdempotencyClaim) => `${claim.principal}\n${claim.key}`;

/** The result is kept encrypted: it may carry personal data. */
async function recordResult(em: EntityManager, schema: string, claim: IdempotencyClaim, value: unknown, cipher: ResponseCipher): Promise<void> {
  await em.query(`UPDATE ${qualified(schema, 'idempotency')} SET response = $3 WHERE principal = $1 AND key = $2`, [claim.principal, claim.key, JSON.stringify(cipher.seal(value, recordOf(claim)))]);
}

@Injectable()
export class UnitOfWork {
  private readonly inserts: CoalescedInserts;
  private readonly guardedWrites: CoalescedGuardedWrites;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformModuleOptions,
    private readonly cipher: ResponseCipher,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() private readonly sealer?: AuditSealer,
  ) {
    this.inserts = new CoalescedInserts(dataSource.manager);
    this.guardedWrites = new CoalescedGuardedWrites(dataSource.manager);
  }

  /**
   * Runs the work in one transaction with its events and audit entries. When the request carries an
   * Idempotency-Key, its first transaction also records the key with the result: a retry of the
   * same request (say after the gateway gave up waiting) gets the recorded result and changes
   * nothing; the same key with other data is refused.
   */
  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const context = currentContext();
    const idempotency = idempotencyClaim(context);
    let emitted = false;
    let audited = false;
    const result = await this.dataSource.transaction(async (em) => {
      if (idempotency) {
        const recorded = await recordedResult(em, this.options.schema, idempotency, this.cipher);
        if (recorded.found) return recorded.value as T;
      }
      const tx = new Transaction(em, this.options.schema);
      const value = await work(tx);
      await tx.flush();
      if (idempotency) await recordResult(em, this.options.schema, idempotency, value, this.cipher);
      emitted = tx.hasEvents;
      audited = tx.hasAudits;
      return value;
    });
    if (context && idempotency) context.idempotencyRecorded = true;
    if (emitted) this.relay?.kick();
    if (audited) this.sealer?.kick();
    return result;
  }

  /**
   * For work that only stages rows, audits and emits (it cannot read or write through an
   * EntityManager): runs it, then writes its staged, outbox and audit rows in one statement in
   * autocommit, which PostgreSQL makes atomic by itself (any failing constraint leaves none of the
   * rows), without BEGIN and COMMIT: one round trip instead of three. Concurrent requests ready in
   * the same event-loop turn share that statement (`CoalescedInserts`). When the request carries an
   * Idempotency-Key still to record, it is exactly `run` (a transaction that claims the key and
   * records the result), so replays behave the same.
   */
  async writeOnce<T>(work: (staging: Staging) => Promise<T>): Promise<T> {
    if (idempotencyClaim(currentContext())) return this.run(work);
    const writes = new StagedWrites(this.options.schema);
    const value = await work(writes);
    await this.inserts.insert(writes.rows());
    if (writes.hasEvents) this.relay?.kick();
    if (writes.hasAudits) this.sealer?.kick();
    return value;
  }

  /**
   * A conditional write in one statement in autocommit, for a step planned from a row it must not
   * have changed meanwhile: `guard` is one data-modifying statement (`UPDATE … WHERE id = $1 AND
   * status = $2 RETURNING …`) whose rows are answered; the work's staged rows, audit entries and
   * events are written in the same statement only when the guard returns a row. When it returns
   * none, nothing is written and `refusal()` is thrown. Every read and number draw is done before
   * (the work can only stage). Concurrent writes with the same guard text ready in the same
   * event-loop turn share that statement (`CoalescedGuardedWrites`), each still all or nothing.
   * With an Idempotency-Key still to record it is `run`: the guard,
   * then the rows, in the transaction that records the key with the guard's rows.
   */
  async writeIf<R>(guard: WriteGuard, work: (staging: Staging) => void | Promise<void>, refusal: () => Error): Promise<R[]> {
    if (idempotencyClaim(currentContext())) {
      return this.run(async (tx) => {
        // A SELECT over the guard: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
        const rows: R[] = await tx.em.query(`WITH guard AS (${guard.sql}) SELECT * FROM guard`, guard.params);
        if (rows.length === 0) throw refusal();
        await work(tx);
        return rows;
      });
    }
    const writes = new StagedWrites(this.options.schema);
    await work(writes);
    const rows = await this.guardedWrites.write<R>(guard, writes.rows());
    if (rows.length === 0) throw refusal();
    if (writes.hasEvents) this.relay?.kick();
    if (writes.hasAudits) this.sealer?.kick();
    return rows;
  }
}
