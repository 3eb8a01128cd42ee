import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import type { BaseServiceConfig } from '../config/config';
import { createServiceDataSource, migrateSchema } from '../database/data-source';
import { HealthController } from '../health/health.controller';
import { BacklogMetrics } from '../metrics/backlog-metrics';
import { Metrics, MetricsController } from '../metrics/metrics';
import { connectNats, ensureEventStream } from '../nats/nats-connection';
import { OutboxRelay } from '../outbox/outbox-relay';
import { AuditSealer } from '../audit/audit-sealer';
import { loggerParams } from './logging';
import { NATS_CONNECTION, PLATFORM_OPTIONS, SERVICE_CONFIG } from './tokens';
import { UnitOfWork } from './unit-of-work';
import { ServiceClient } from '../rpc/service-client';

export interface PlatformModuleOptions<C extends BaseServiceConfig = BaseServiceConfig> {
  serviceName: string;
  /** The PostgreSQL schema this service owns. */
  schema: string;
  config: C;
  entities: Function[];
  migrations: Function[];
  /** Publish the outbox (false for a service that emits no events). */
  relay?: boolean;
}

@Injectable()
class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly relay: OutboxRelay,
    private readonly sealer: AuditSealer,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.relay !== false) this.relay.start();
    this.sealer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.sealer.stop();
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
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createServiceDataSource({
              url: config.DATABASE_URL,
              schema: options.schema,
              entities: options.entities,
              migrations: options.migrations,
              poolSize: config.DB_POOL_SIZE,
              applicationName: options.serviceName,
            });
            if (config.MIGRATE_ON_START) await migrateSchema(dataSource);
            if (!dataSource.isInitialized) await dataSource.initialize();
            return dataSource;
          },
        },
        {
          provide: NATS_CONNECTION,
          useFactory: async () => {
            const nc = await connectNats(config.NATS_URL, `${options.serviceName}-platform`);
            await ensureEventStream(nc);
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
        {
          provide: AuditSealer,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => {
            const logger = new Logger('AuditSealer');
            return new AuditSealer(dataSource, options.schema, (err) => logger.error({ err }, 'audit sealing pass failed'));
          },
        },
        UnitOfWork,
        ServiceClient,
        PlatformLifecycle,
      ],
      exports: [PLATFORM_OPTIONS, SERVICE_CONFIG, DataSource, NATS_CONNECTION, OutboxRelay, AuditSealer, UnitOfWork, ServiceClient, Metrics],
    };
  }
}
