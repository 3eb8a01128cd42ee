import { Module, type DynamicModule } from '@nestjs/common';
import { AuthorityClientModule } from '@yiti/authority-client';
import { PersonalDataProtector, PlatformModule, createServiceDataSource, personalDataProtector } from '@yiti/platform';
import type { CommandDispatchConfig } from './config';
import { COMMAND_DISPATCH_MIGRATIONS } from './migrations';
import { COMMAND_DISPATCH_SCHEMA, COMMAND_DISPATCH_SERVICE_NAME } from './names';
import { StatusHandler } from './status/status.handler';
import { CountySettings } from './work-orders/county-settings';
import { WorkOrderIntake } from './work-orders/work-order-intake';
import { WorkOrderCommands } from './work-orders/work-order-commands';
import { WorkOrderQueries } from './work-orders/work-order-queries';
import { WorkOrderHandler } from './work-orders/work-order.handler';
import { ChannelHandler } from './channels/channel.handler';
import { ChannelIntake } from './channels/channel-intake';
import { SlaTimers } from './sla/sla-timers';
import { FeedHandler } from './feed/feed.handler';
import { TaxonomyAdmin } from './taxonomy/taxonomy-admin';
import { TaxonomyHandler } from './taxonomy/taxonomy.handler';
import { FeedQueries } from './feed/feed-queries';
import { ANALYSIS_PROVIDERS, AnalysisHandler } from './analysis.handler';
import { Supervisions } from './sla/supervisions';
import { SupervisionHandler } from './sla/supervision.handler';

export { COMMAND_DISPATCH_SCHEMA, COMMAND_DISPATCH_SERVICE_NAME } from './names';
export const COMMAND_DISPATCH_ENTITIES: Function[] = [];

/** A standalone data source for migrations and tests. */
export function commandDispatchDataSource(config: CommandDispatchConfig) {
  return createServiceDataSource({ url: config.DATABASE_URL, schema: COMMAND_DISPATCH_SCHEMA, entities: COMMAND_DISPATCH_ENTITIES, migrations: COMMAND_DISPATCH_MIGRATIONS, poolSize: 2 });
}

@Module({})
export class CommandDispatchModule {
  static register(config: CommandDispatchConfig): DynamicModule {
    return {
      module: CommandDispatchModule,
      imports: [
        PlatformModule.forService({
          serviceName: COMMAND_DISPATCH_SERVICE_NAME,
          schema: COMMAND_DISPATCH_SCHEMA,
          config,
          entities: COMMAND_DISPATCH_ENTITIES,
          migrations: COMMAND_DISPATCH_MIGRATIONS,
        }),
        // The authority registry (towns, held items, duty routing, certification, calendar): AuthorityClient, CalendarSource.
        AuthorityClientModule,
      ],
      controllers: [StatusHandler, WorkOrderHandler, ChannelHandler, FeedHandler, TaxonomyHandler, AnalysisHandler, SupervisionHandler],
      providers: [{ provide: PersonalDataProtector, useValue: personalDataProtector(config) }, CountySettings, WorkOrderIntake, WorkOrderCommands, WorkOrderQueries, ChannelIntake, SlaTimers, Supervisions, FeedQueries, TaxonomyAdmin, ...ANALYSIS_PROVIDERS],
    };
  }
}
