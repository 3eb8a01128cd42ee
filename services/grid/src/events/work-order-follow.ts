import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource, type EntityManager } from 'typeorm';
import { COMMAND_DISPATCH_EVENTS, gridEventStateOf, type EventEnvelope, type WorkOrderEventBase } from '@yiti/contracts';
import { EventConsumer, NATS_CONNECTION, SERVICE_CONFIG, Transaction, durableConsumerName, on, runWithContext, type BaseServiceConfig } from '@yiti/platform';
import { systemActor } from '@yiti/authority-client';
import { GRID_SCHEMA, GRID_SERVICE_NAME } from '../names';

/** The purpose of the grid's durable consumer of the command centre's workorder.* events. */
export const WORK_ORDER_CONSUMER_PURPOSE = 'work-orders';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The grid event a work order was made from, if any: a top-level order of channel grid_event
 * whose source is the event's id. Other orders (12345 tickets, sub-tasks of a linkage) are not ours.
 */
export function gridEventIdOf(order: Pick<WorkOrderEventBase, 'channel' | 'parentId' | 'sourceRef'>): string | null {
  if (order.channel !== 'grid_event' || order.parentId || !order.sourceRef || !UUID.test(order.sourceRef)) return null;
  return order.sourceRef;
}

/**
 * Applies one workorder.* event to the grid event it came from, in the inbox transaction: the
 * status the order's state means, the order's id and number; an older change of the order (by its
 * time) never overwrites a newer one. Audited as the grid service (system actor).
 */
export async function followWorkOrder(em: EntityManager, envelope: EventEnvelope<WorkOrderEventBase>): Promise<void> {
  const order = envelope.data;
  const eventId = gridEventIdOf(order);
  if (!eventId) return;
  const status = gridEventStateOf(order.status);
  const updated: { id: string; grid_code: string; county_code: string; before: string }[] = await em.query(
    `WITH prior AS (SELECT id, status FROM grid.grid_event WHERE id = $1 FOR UPDATE),
     changed AS (
       UPDATE grid.grid_event e SET status = $2, work_order_id = $3, work_order_no = $4, status_at = $5
         FROM prior
        WHERE e.id = prior.id AND (e.status_at IS NULL OR e.status_at <= $5)
          AND (e.status IS DISTINCT FROM $2 OR e.work_order_id IS DISTINCT FROM $3::uuid)
        RETURNING e.id, e.grid_code, e.county_code, prior.status AS before)
     SELECT id, grid_code, county_code, before FROM changed`,
    [eventId, status, order.workOrderId, order.orderNo, order.at],
  );
  const row = updated[0];
  if (!row) return;
  const tx = new Transaction(em, GRID_SCHEMA);
  runWithContext({ correlationId: envelope.correlationId ?? envelope.id, actor: systemActor(GRID_SERVICE_NAME, row.county_code) }, () =>
    tx.audit({
      countyCode: row.county_code,
      jurisdictionCode: row.grid_code,
      action: 'grid_event.follow_work_order',
      resourceType: 'grid_event',
      resourceId: row.id,
      before: { status: row.before },
      after: { status, workOrderId: order.workOrderId, workOrderNo: order.orderNo, workOrderStatus: order.status },
    }),
  );
  await tx.flush();
}

/** The grid's durable consumer of the command centre's workorder.* events (inbox: each applied once). */
@Injectable()
export class WorkOrderFollow implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkOrderFollow.name);
  private consumer: EventConsumer | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.consumer) return;
    const follow = (event: EventEnvelope<WorkOrderEventBase>, em: EntityManager) => followWorkOrder(em, event);
    this.consumer = new EventConsumer(this.dataSource, this.nc, {
      schema: GRID_SCHEMA,
      name: durableConsumerName(this.config.NATS_SUBJECT_PREFIX, GRID_SERVICE_NAME, WORK_ORDER_CONSUMER_PURPOSE),
      deliverPolicy: this.config.EVENT_CONSUMER_START,
      inactiveThresholdMs: this.config.NATS_SUBJECT_PREFIX ? 3600_000 : undefined,
      onError: (err: unknown, event: { subject: string; deliveries: number }) => this.logger.error({ err, ...event }, 'grid event status from work order failed'),
      routes: [
        on(COMMAND_DISPATCH_EVENTS.workOrderCreated, follow),
        on(COMMAND_DISPATCH_EVENTS.workOrderDispatched, follow),
        on(COMMAND_DISPATCH_EVENTS.workOrderStatusChanged, follow),
        on(COMMAND_DISPATCH_EVENTS.workOrderClosed, follow),
      ],
    });
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
