import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { DataSource, type EntityManager } from 'typeorm';
import { ENFORCEMENT_EVENTS, type CaseClosedEvent, type EnforcementNoticeView, type PenaltyDecidedEvent } from '@yiti/contracts';
import { EventConsumer, NATS_CONNECTION, SERVICE_CONFIG, Transaction, durableConsumerName, on, type BaseServiceConfig } from '@yiti/platform';
import { APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME } from '../names';

/** The durable consumer's purpose (its name under the subject prefix). */
export const ENFORCEMENT_NOTICES_PURPOSE = 'enforcement-notices';

/** The newest notices an application shows (bounded; the enforcement side keeps the full record). */
export const ENFORCEMENT_NOTICES_SHOWN = 20;

interface NoticeRow {
  kind: EnforcementNoticeView['kind'];
  reference_no: string;
  procedure: string | null;
  town_code: string;
  item_code: string | null;
  penalty_kinds: string[];
  fine_fen: string;
  occurred_on: string;
}

/** A penalty decision, recorded once (the inbox and the unique (kind, source) both guard a redelivery). */
export async function recordPenaltyDecided(em: EntityManager, event: PenaltyDecidedEvent): Promise<void> {
  await record(em, 'penalty_decided', event.penaltyId, event.decisionNo, event.procedure, event.countyCode, event.townCode, event.partyIdNumberHash, event.itemCode, event.penaltyKinds, event.fineFen, event.decidedOn);
}

/** A closed case, recorded once when its party is known. */
export async function recordCaseClosed(em: EntityManager, event: CaseClosedEvent): Promise<void> {
  if (!event.partyIdNumberHash) return;
  await record(em, 'case_closed', event.caseId, event.caseNo, 'ordinary', event.countyCode, event.townCode, event.partyIdNumberHash, null, [], 0, event.closedOn);
}

async function record(em: EntityManager, kind: EnforcementNoticeView['kind'], sourceId: string, referenceNo: string, procedure: string, county: string, town: string, partyHash: string, itemCode: string | null, kinds: string[], fineFen: number, on: string): Promise<void> {
  const id = randomUUID();
  const inserted: unknown[] = await em.query(
    `INSERT INTO approval_window.enforcement_notice (id, kind, source_id, reference_no, procedure, county_code, town_code, party_id_hash, item_code, penalty_kinds, fine_fen, occurred_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (kind, source_id) DO NOTHING RETURNING id`,
    [id, kind, sourceId, referenceNo, procedure, county, town, partyHash, itemCode, kinds, fineFen, on],
  );
  if (inserted.length === 0) return;
  const tx = new Transaction(em, APPROVAL_WINDOW_SCHEMA);
  tx.audit({ countyCode: county, jurisdictionCode: town, action: `enforcement_notice.${kind}`, resourceType: 'enforcement_notice', resourceId: id, after: { referenceNo, itemCode, fineFen } });
  await tx.flush();
}

/**
 * 双向告知, the approving side: consumes penalty.decided and case.closed (inbox, exactly once) and
 * shows them in the views of the applications of the same holder (matched by the keyed ID hash).
 */
@Injectable()
export class EnforcementNotices implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EnforcementNotices.name);
  private consumer: EventConsumer | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.consumer) return;
    this.consumer = new EventConsumer(this.dataSource, this.nc, {
      schema: APPROVAL_WINDOW_SCHEMA,
      name: durableConsumerName(this.config.NATS_SUBJECT_PREFIX, APPROVAL_WINDOW_SERVICE_NAME, ENFORCEMENT_NOTICES_PURPOSE),
      deliverPolicy: this.config.EVENT_CONSUMER_START,
      inactiveThresholdMs: this.config.NATS_SUBJECT_PREFIX ? 3600_000 : undefined,
      onError: (err: unknown, event: { subject: string; deliveries: number }) => this.logger.error({ err, ...event }, 'enforcement notice failed'),
      routes: [on(ENFORCEMENT_EVENTS.penaltyDecided, (event, em) => recordPenaltyDecided(em, event.data)), on(ENFORCEMENT_EVENTS.caseClosed, (event, em) => recordCaseClosed(em, event.data))],
    });
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** The newest notices about the holder with these ID hashes (every key's hash), newest first. */
  async forHolder(idHashes: readonly string[]): Promise<EnforcementNoticeView[]> {
    const rows: NoticeRow[] = await this.dataSource.query(
      `SELECT kind, reference_no, procedure, town_code, item_code, penalty_kinds, fine_fen::text AS fine_fen, occurred_on::text AS occurred_on
       FROM approval_window.enforcement_notice WHERE party_id_hash = ANY($1::text[]) ORDER BY occurred_on DESC, id LIMIT ${ENFORCEMENT_NOTICES_SHOWN}`,
      [idHashes],
    );
    return rows.map((r) => ({ kind: r.kind, referenceNo: r.reference_no, procedure: r.procedure, townCode: r.town_code, itemCode: r.item_code, penaltyKinds: r.penalty_kinds, fineYuan: Number(r.fine_fen) / 100, occurredOn: r.occurred_on }));
  }
}
