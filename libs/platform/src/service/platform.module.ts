import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { createServiceDataSource, migrateServiceSchema } from '../database/data-source';
import { HealthController } from '../health/health.controller';
import { BacklogMetrics } from '../metrics/backlog-metrics';
import { BuildInfoMetric } from '../metrics/build-info-metric';
import { Metrics, MetricsController } from '../metrics/metrics';
import { connectNats, ensureEventStream } from '../nats/nats-connection';
import { OutboxRelay } from '../outbox/outbox-relay';
import { AuditSealer } from '../audit/audit-sealer';
import { AuditAnchorPublisher } from '../audit/audit-anchors';
import { AuditMacKeys } from '../audit/audit-chain';
import { ResponseCipher } from '../idempotency/response-cipher';
import { loggerParams } from './logging';
import { NATS_CONNECTION, PLATFORM_OPTIONS, SERVICE_CONFIG } from './tokens';
import { UnitOfWork } from './unit-of-work';
import type { PlatformModuleOptions } from './platform-options';
import { ServiceClient } from '../rpc/service-client';
import { OpsStatusResponder } from '../ops/ops-status-responder';

export type { PlatformModuleOptions } from './platform-options';

@Injectable()
class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly relay: OutboxRelay,
    private readonly sealer: AuditSealer,
    private readonly anchors: AuditAnchorPublisher,
    private readonly opsStatus: OpsStatusResponder,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.relay !== false) this.relay.start();
    this.sealer.start();
    this.anchors.start();
    this.opsStatus.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.opsStatus.stop();
    await this.relay.stop();
    await this.sealer.stop();
    await this.anchors.stop();
    await this.nc.drain().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({})
export class PlatformModule {
  static forService(options: PlatformModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      imports: [LoggerModule.forRoot(loggerParams(options.serviceName, config.LOG_LEVEL)), TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: SERVICE_CONFIG, useValue: config },
        Metrics,
        BacklogMetrics,
        BuildInfoMetric,
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = (url: string) =>
              createServiceDataSource({
                url,
                schema: options.schema,
                entities: options.entities,
                migrations: options.migrations,
                poolSize: config.DB_POOL_SIZE,
                applicationName: options.serviceName,
              });
            if (config.MIGRATE_ON_START) await migrateServiceSchema(dataSource(config.DATABASE_URL), config);
            return dataSource(config.DATABASE_URL).initialize();
          },
        },
        {
          provide: NATS_CONNECTION,
          useFactory: async () => {
            const nc = await connectNats(config.NATS_URL, `${options.serviceName}-platform`);
            await ensureEventStream(nc, config.EVENT_STREAM_REPLICAS);
            return nc;
          },
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, NATS_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection) => {
            const logger = new Logger('OutboxRelay');
            return new OutboxRelay(dataSource, nc, { schema: options.schema, onError: (err) => logger.error({ err }, 'outbox relay pass failed') });
          },
        },
        { provide: ResponseCipher, useValue: new ResponseCipher(config.AUDIT_MAC_KEY, config.AUDIT_MAC_PREVIOUS_KEYS) },
        { provide: AuditMacKeys, useValue: new AuditMacKeys(config.AUDIT_MAC_KEY, config.AUDIT_MAC_PREVIOUS_KEYS) },
        {
          provide: AuditSealer,
          inject: [DataSource, AuditMacKeys],
          useFactory: (dataSource: DataSource, keys: AuditMacKeys) => {
            const logger = new Logger('AuditSealer');
            return new AuditSealer(dataSource, options.schema, keys, (err) => logger.error({ err }, 'audit sealing pass failed'));
          },
        },
        {
          provide: AuditAnchorPublisher,
          inject: [DataSource, NATS_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection) => {
            const logger = new Logger('AuditAnchors');
            return new AuditAnchorPublisher(dataSource, nc, options.schema, config.NATS_SUBJECT_PREFIX, config.AUDIT_ANCHOR_INTERVAL_MS, (err) =>
              logger.error({ err }, 'publishing audit anchors failed'),
            );
          },
        },
        {
          provide: OpsStatusResponder,
          inject: [DataSource, NATS_CONNECTION],
          useFactory: (dataSource: DataSource, nc: NatsConnection) => new OpsStatusResponder(dataSource, nc, options.serviceName, config.NATS_SUBJECT_PREFIX),
        },
        UnitOfWork,
        ServiceClient,
        PlatformLifecycle,
      ],
      exports: [PLATFORM_OPTIONS, SERVICE_CONFIG, DataSource, NATS_CONNECTION, OutboxRelay, AuditSealer, AuditMacKeys, AuditAnchorPublisher, ResponseCipher, UnitOfWork, ServiceClient, Metrics],
    };
  }
}
