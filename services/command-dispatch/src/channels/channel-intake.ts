import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { ENFORCEMENT_EVENTS, GRID_EVENTS, type Actor, type ChannelIntakeCommand, type ChannelIntakeResult, type GridEventReportedEvent } from '@yiti/contracts';
import { DomainException, EventConsumer, NATS_CONNECTION, SERVICE_CONFIG, durableConsumerName, on, type BaseServiceConfig } from '@yiti/platform';
import { COMMAND_DISPATCH_SCHEMA, COMMAND_DISPATCH_SERVICE_NAME } from '../names';
import { penaltyFollowUpOrder } from './follow-up-orders';
import { gridEventCategory } from '../work-orders/taxonomy';
import { WorkOrderIntake, type InternalWorkOrderInput } from '../work-orders/work-order-intake';
import type { WorkOrderRow } from '../work-orders/work-order-row';

/** Channel-specific fields kept as given, within bounds: at most 50 keys and 8 KiB of JSON. */
export const MAX_CHANNEL_FIELDS = 50;
export const MAX_CHANNEL_FIELDS_BYTES = 8 * 1024;

export function assertChannelFields(fields: Record<string, unknown> | undefined): void {
  if (!fields) return;
  const keys = Object.keys(fields).length;
  const bytes = Buffer.byteLength(JSON.stringify(fields), 'utf8');
  if (keys > MAX_CHANNEL_FIELDS || bytes > MAX_CHANNEL_FIELDS_BYTES) {
    throw new DomainException('VALIDATION_FAILED', `渠道特有字段过多或过大 Channel fields too many or too large (≤ ${MAX_CHANNEL_FIELDS} keys, ≤ ${MAX_CHANNEL_FIELDS_BYTES} bytes)`, [{ field: 'fields', messages: [`at most ${MAX_CHANNEL_FIELDS} keys and ${MAX_CHANNEL_FIELDS_BYTES} bytes`] }]);
  }
}

/** The same answer for the same ticket: only what never changes. */
export const intakeResult = (row: WorkOrderRow): ChannelIntakeResult => ({ workOrderId: row.id, orderNo: row.order_no, externalTicketId: row.source_ref as string, receivedAt: new Date(row.created_at).toISOString() });

/** The order a grid event (巡查上报) becomes: its city-management class, its town and grid, routed by the duty list of its class. */
export function gridEventOrder(event: GridEventReportedEvent): InternalWorkOrderInput {
  return {
    countyCode: event.countyCode,
    channel: 'grid_event',
    sourceRef: event.eventId,
    category: gridEventCategory(event.kind, event.category),
    townCode: event.townCode,
    gridCode: event.gridCode,
    title: `网格事件 ${event.gridCode}`,
    description: event.description,
    location: { lng: event.lng, lat: event.lat },
    fields: { photos: event.photos, reportedAt: event.reportedAt },
    createdBy: event.reportedBy,
  };
}

/**
 * The channels into the centre: external channels' tickets (the gateway verified the machine
 * credential; the actor is the channel in its county) and grid events from the event stream.
 */
@Injectable()
export class ChannelIntake implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChannelIntake.name);
  private consumer: EventConsumer | null = null;
  private followUps: EventConsumer | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
    private readonly intake: WorkOrderIntake,
  ) {}

  async ticket(actor: Actor, command: ChannelIntakeCommand): Promise<ChannelIntakeResult> {
    if (!actor.userId.startsWith('channel:') || actor.jurisdictionCode !== command.countyCode) {
      throw new DomainException('FORBIDDEN_ROLE', '渠道来件须以渠道凭证提交 A ticket is posted with the channel\'s credential');
    }
    assertChannelFields(command.fields);
    const { row } = await this.intake.createFromInternalSource({
      countyCode: command.countyCode,
      channel: command.channel,
      sourceRef: command.externalTicketId,
      category: command.category,
      urgency: command.urgency,
      requestType: command.requestType ?? (command.channel === 'hotline_12345' ? 'complaint' : null),
      townCode: command.townCode ?? null,
      title: command.title,
      description: command.description,
      address: command.address ?? null,
      location: command.location ?? null,
      caller: command.caller ?? null,
      fields: command.fields ?? {},
      createdBy: actor.userId,
    });
    return intakeResult(row);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.consumer) return;
    this.consumer = new EventConsumer(this.dataSource, this.nc, {
      schema: COMMAND_DISPATCH_SCHEMA,
      name: durableConsumerName(this.config.NATS_SUBJECT_PREFIX, COMMAND_DISPATCH_SERVICE_NAME, 'grid-events'),
      deliverPolicy: this.config.EVENT_CONSUMER_START,
      inactiveThresholdMs: this.config.NATS_SUBJECT_PREFIX ? 3600_000 : undefined,
      onError: (err: unknown, event: { subject: string; deliveries: number }) => this.logger.error({ err, ...event }, 'work order from grid event failed'),
      // The order is keyed by the event id: a redelivery finds the order it made.
      routes: [on(GRID_EVENTS.eventReported, async (event) => void (await this.intake.createFromInternalSource(gridEventOrder(event.data))))],
    });
    await this.consumer.start();
    // 执法后续事项 (see follow-up-orders.ts): keyed by the penalty id, so a redelivery finds its order.
    this.followUps = new EventConsumer(this.dataSource, this.nc, {
      schema: COMMAND_DISPATCH_SCHEMA,
      name: durableConsumerName(this.config.NATS_SUBJECT_PREFIX, COMMAND_DISPATCH_SERVICE_NAME, 'follow-ups'),
      deliverPolicy: this.config.EVENT_CONSUMER_START,
      inactiveThresholdMs: this.config.NATS_SUBJECT_PREFIX ? 3600_000 : undefined,
      onError: (err: unknown, event: { subject: string; deliveries: number }) => this.logger.error({ err, ...event }, 'work order from an enforcement event failed'),
      routes: [
        on(ENFORCEMENT_EVENTS.penaltyDecided, async (event) => {
          const order = penaltyFollowUpOrder(event.data);
          if (order) await this.intake.createFromInternalSource(order);
        }),
      ],
    });
    await this.followUps.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.followUps?.stop();
  }
}
