import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@yiti/contracts';
import { auditRows, type AuditEntry } from '../audit/audit-log';
import { AuditSealer } from '../audit/audit-sealer';
import { insertAll } from '../database/multi-insert';
import { currentContext } from '../context/request-context';
import { buildEventEnvelope, outboxRows } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';
import { PLATFORM_OPTIONS } from './tokens';
import type { PlatformModuleOptions } from './platform.module';

export type AuditInput = Omit<AuditEntry, 'actorId' | 'actorRoles' | 'actorOrganisationId' | 'correlationId'>;

/** One transaction's state change plus the events and audit entries that commit with it. */
export class Transaction {
  private readonly events: EventEnvelope[] = [];
  private readonly audits: AuditEntry[] = [];

  constructor(
    readonly em: EntityManager,
    private readonly schema: string,
  ) {}

  emit<T>(subject: string, data: T, countyCode: string | null): EventEnvelope<T> {
    const context = currentContext();
    const envelope = buildEventEnvelope({ subject, data, countyCode, correlationId: context?.correlationId, actorId: context?.actor?.userId });
    this.events.push(envelope);
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

  get hasEvents(): boolean {
    return this.events.length > 0;
  }

  get hasAudits(): boolean {
    return this.audits.length > 0;
  }

  /** Outbox and audit rows in one statement, just before commit. */
  async flush(): Promise<void> {
    await insertAll(this.em, [outboxRows(this.schema, this.events), auditRows(this.schema, this.audits)]);
  }
}

@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformModuleOptions,
    @Optional() private readonly relay?: OutboxRelay,
    @Optional() private readonly sealer?: AuditSealer,
  ) {}

  async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    let emitted = false;
    let audited = false;
    const result = await this.dataSource.transaction(async (em) => {
      const tx = new Transaction(em, this.options.schema);
      const value = await work(tx);
      await tx.flush();
      emitted = tx.hasEvents;
      audited = tx.hasAudits;
      return value;
    });
    if (emitted) this.relay?.kick();
    if (audited) this.sealer?.kick();
    return result;
  }
}
