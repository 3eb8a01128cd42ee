import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { DataSource, type EntityManager } from 'typeorm';
import { APPROVAL_EVENTS, type Actor, type ApprovalGrantedEvent, type CaseView, type ListSupervisionTasksQuery, type Page, type RaiseClueCommand, type SupervisionTaskView } from '@yiti/contracts';
import {
  EventConsumer,
  NATS_CONNECTION,
  DomainException,
  SERVICE_CONFIG,
  Transaction,
  UnitOfWork,
  visibleOr404,
  assertRole,
  durableConsumerName,
  jurisdictionPattern,
  on,
  runWithContext,
  type BatchItem,
} from '@yiti/platform';
import { readSqlPage } from '@yiti/platform';
import type { EnforcementConfig } from '../config';
import { ENFORCEMENT_SCHEMA, ENFORCEMENT_SERVICE_NAME } from '../names';
import { CaseCommands } from '../cases/case-commands';
import { READERS } from '../penalties/on-the-spot-penalties';

interface TaskRow {
  id: string;
  county_code: string;
  town_code: string;
  supervisor: 'town_team' | 'county_department';
  department: string;
  application_id: string;
  application_no: string;
  item_code: string;
  item_name: string;
  holder_name: string;
  holder_id_masked: string;
  approved_on: string;
  status: SupervisionTaskView['status'];
}

const TASK_COLUMNS = `id, county_code, town_code, supervisor, department, application_id, application_no, item_code, item_name, holder_name, holder_id_masked, approved_on::text AS approved_on, status`;

const toView = (row: TaskRow): SupervisionTaskView => ({
  id: row.id,
  countyCode: row.county_code,
  townCode: row.town_code,
  supervisor: row.supervisor,
  department: row.department,
  applicationId: row.application_id,
  applicationNo: row.application_no,
  itemCode: row.item_code,
  itemName: row.item_name,
  holderName: row.holder_name,
  holderIdNumber: row.holder_id_masked,
  approvedOn: row.approved_on,
  status: row.status,
});

/**
 * 审管联动: each approval granted by a town's window becomes one supervision task for the town's
 * comprehensive enforcement team (the town holds and exercises the delegated power), naming the
 * competent county department (谁主管谁监管) beside it. The event is applied in the inbox
 * transaction, so a redelivery adds nothing; the unique application id is the second guard.
 */
export async function recordSupervisionTask(em: EntityManager, event: ApprovalGrantedEvent): Promise<void> {
  const tx = new Transaction(em, ENFORCEMENT_SCHEMA);
  const id = randomUUID();
  const inserted: { id: string }[] = await em.query(
    `INSERT INTO enforcement.supervision_task (id, county_code, town_code, supervisor, department, application_id, application_no, item_id, item_code, item_name, holder_kind, holder_name, holder_id_masked, holder_id_hash, approved_on)
     VALUES ($1, $2, $3, 'town_team', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (application_id) DO NOTHING RETURNING id`,
    [id, event.countyCode, event.townCode, event.department, event.applicationId, event.applicationNo, event.itemId, event.itemCode, event.itemName, event.holder.kind, event.holder.name, event.holder.idNumberMasked, event.holder.idNumberHash, event.approvedOn],
  );
  if (inserted.length === 0) return;
  tx.audit({ countyCode: event.countyCode, jurisdictionCode: event.townCode, action: 'supervision_task.create', resourceType: 'supervision_task', resourceId: id, after: { applicationNo: event.applicationNo, itemCode: event.itemCode, holder: event.holder.idNumberMasked } });
  await tx.flush();
}

/**
 * `recordSupervisionTask` for a run of approvals drained together (a backlog): their tasks in one
 * statement (an application already supervised, or twice in the run, adds nothing), then one audit
 * entry per task created, each with its event's correlation id, written in one statement.
 */
export async function recordSupervisionTasks(em: EntityManager, items: readonly BatchItem<ApprovalGrantedEvent>[]): Promise<void> {
  const tx = new Transaction(em, ENFORCEMENT_SCHEMA);
  const ids = items.map(() => randomUUID());
  const e = items.map((i) => i.event.data);
  const inserted: { id: string; application_id: string }[] = await em.query(
    `INSERT INTO enforcement.supervision_task (id, county_code, town_code, supervisor, department, application_id, application_no, item_id, item_code, item_name, holder_kind, holder_name, holder_id_masked, holder_id_hash, approved_on)
     SELECT id, county_code, town_code, 'town_team', department, application_id, application_no, item_id, item_code, item_name, holder_kind, holder_name, holder_id_masked, holder_id_hash, approved_on
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::date[])
       AS t(id, county_code, town_code, department, application_id, application_no, item_id, item_code, item_name, holder_kind, holder_name, holder_id_masked, holder_id_hash, approved_on)
     ON CONFLICT (application_id) DO NOTHING RETURNING id, application_id`,
    [
      ids,
      e.map((d) => d.countyCode),
      e.map((d) => d.townCode),
      e.map((d) => d.department),
      e.map((d) => d.applicationId),
      e.map((d) => d.applicationNo),
      e.map((d) => d.itemId),
      e.map((d) => d.itemCode),
      e.map((d) => d.itemName),
      e.map((d) => d.holder.kind),
      e.map((d) => d.holder.name),
      e.map((d) => d.holder.idNumberMasked),
      e.map((d) => d.holder.idNumberHash),
      e.map((d) => d.approvedOn),
    ],
  );
  const created = new Map(inserted.map((r) => [r.id, r.application_id]));
  items.forEach((item, i) => {
    const id = ids[i] as string;
    if (!created.has(id)) return;
    const event = item.event.data;
    runWithContext({ correlationId: item.correlationId }, () =>
      tx.audit({ countyCode: event.countyCode, jurisdictionCode: event.townCode, action: 'supervision_task.create', resourceType: 'supervision_task', resourceId: id, after: { applicationNo: event.applicationNo, itemCode: event.itemCode, holder: event.holder.idNumberMasked } }),
    );
  });
  await tx.flush();
}

/** The durable consumer of approval.granted, and the task queries. */
@Injectable()
export class SupervisionTasks implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SupervisionTasks.name);
  private consumer: EventConsumer | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: EnforcementConfig,
    private readonly uow: UnitOfWork,
    private readonly cases: CaseCommands,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.consumer) return;
    this.consumer = new EventConsumer(this.dataSource, this.nc, {
      schema: ENFORCEMENT_SCHEMA,
      name: durableConsumerName(this.config.NATS_SUBJECT_PREFIX, ENFORCEMENT_SERVICE_NAME, 'approvals'),
      deliverPolicy: this.config.EVENT_CONSUMER_START,
      inactiveThresholdMs: this.config.NATS_SUBJECT_PREFIX ? 3600_000 : undefined,
      // A backlog (say after an outage) is drained several approvals a transaction, still exactly once each.
      batchSize: this.config.APPROVALS_BATCH_SIZE,
      onError: (err: unknown, event: { subject: string; deliveries: number }) => this.logger.error({ err, ...event }, 'supervision task from approval failed'),
      routes: [on(APPROVAL_EVENTS.approvalGranted, (event, em) => recordSupervisionTask(em, event.data), (items, em) => recordSupervisionTasks(em, items))],
    });
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /**
   * The inspection of a licence holder found a problem: the task raises a clue (source
   * supervision_task) and is marked so, in one transaction; a task raises one clue at most.
   */
  async raiseClue(actor: Actor, command: RaiseClueCommand): Promise<CaseView> {
    const rows: TaskRow[] = await this.dataSource.query(`SELECT ${TASK_COLUMNS} FROM enforcement.supervision_task WHERE id = $1`, [command.id]);
    const task = visibleOr404(actor, rows[0], (t) => t.town_code, { code: 'SUPERVISION_TASK_NOT_FOUND', detail: `监管任务 ${command.id} 不存在 Supervision task not found` });
    const clue = await this.cases.prepareClue(actor, {
      townCode: task.town_code,
      source: 'supervision_task',
      sourceRef: task.id,
      summary: `${command.summary.trim()}(持证主体:${task.holder_name};许可:${task.item_name} ${task.application_no})`,
      itemId: command.itemId,
      violationOn: command.violationOn,
    });
    const id = await this.uow.run(async (tx) => {
      const updated: unknown[] = await tx.em.query(`WITH raised AS (UPDATE enforcement.supervision_task SET status = 'clue_raised' WHERE id = $1 AND status = 'open' RETURNING id) SELECT id FROM raised`, [task.id]);
      if (updated.length === 0) throw new DomainException('INVALID_TRANSITION', `监管任务已${task.status === 'open' ? '变化' : '办结或已转线索'} The task is no longer open`);
      tx.audit({ countyCode: task.county_code, jurisdictionCode: task.town_code, action: 'supervision_task.raise_clue', resourceType: 'supervision_task', resourceId: task.id, before: { status: task.status }, after: { status: 'clue_raised', clueId: clue.id } });
      return this.cases.stageClue(tx, clue);
    });
    return this.cases.get(actor, id);
  }

  async list(actor: Actor, query: ListSupervisionTasksQuery): Promise<Page<SupervisionTaskView>> {
    assertRole(actor, READERS, '查阅监管任务 Reading supervision tasks');
    const params: unknown[] = [jurisdictionPattern(actor)];
    const where = ['town_code LIKE $1'];
    if (query.applicationId) where.push(`application_id = $${params.push(query.applicationId)}`);
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    const { items, ...counted } = await readSqlPage<TaskRow>(this.dataSource, { columns: TASK_COLUMNS, from: 'enforcement.supervision_task', where: where.join(' AND '), order: 'created_at DESC, id' }, params, query);
    return { items: items.map(toView), ...counted };
  }
}
