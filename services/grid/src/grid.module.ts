import { Module, type DynamicModule } from '@nestjs/common';
import { AuthorityClientModule } from '@yiti/authority-client';
import { PersonalDataProtector, PlatformModule, createAttachmentStore, createServiceDataSource, personalDataProtector } from '@yiti/platform';
import type { GridConfig } from './config';
import { GRID_MIGRATIONS } from './migrations';
import { GRID_SCHEMA, GRID_SERVICE_NAME } from './names';
import { StatusHandler } from './status/status.handler';
import { GridHandler } from './grid.handler';
import { GridEvents } from './events/grid-events';
import { Patrols } from './patrols/patrols';
import { WorkOrderFollow } from './events/work-order-follow';
import { GridCommands } from './grids/grid-commands';
import { GridLocator } from './grids/grid-locator';
import { GridQueries } from './grids/grid-queries';
import { GridScopes } from './grids/grid-scope';
import { Households } from './households/households';
import { BaseDataHandler } from './base-data/base-data.handler';
import { Enterprises } from './base-data/enterprises';
import { Placement } from './base-data/placement';
import { Residents } from './base-data/residents';
import { BaseDataImports, GRID_ATTACHMENT_STORE } from './imports/base-data-imports';
import { HouseholdLookup, HouseholdLookupHandler } from './households/household-lookup';

export { GRID_SCHEMA, GRID_SERVICE_NAME } from './names';
export const GRID_ENTITIES: Function[] = [];

/** A standalone data source for migrations and tests. */
export function gridDataSource(config: GridConfig) {
  return createServiceDataSource({ url: config.DATABASE_URL, schema: GRID_SCHEMA, entities: GRID_ENTITIES, migrations: GRID_MIGRATIONS, poolSize: 2 });
}

@Module({})
export class GridModule {
  static register(config: GridConfig): DynamicModule {
    return {
      module: GridModule,
      imports: [
        PlatformModule.forService({
          serviceName: GRID_SERVICE_NAME,
          schema: GRID_SCHEMA,
          config,
          entities: GRID_ENTITIES,
          migrations: GRID_MIGRATIONS,
        }),
        // The authority registry (towns, held items, duty routing, certification, calendar): AuthorityClient, CalendarSource.
        AuthorityClientModule,
      ],
      controllers: [StatusHandler, GridHandler, BaseDataHandler, HouseholdLookupHandler],
      providers: [
        { provide: PersonalDataProtector, useValue: personalDataProtector(config) },
        { provide: GRID_ATTACHMENT_STORE, useValue: createAttachmentStore(config) },
        GridCommands,
        GridQueries,
        GridScopes,
        GridLocator,
        GridEvents,
        Patrols,
        WorkOrderFollow,
        Households,
        Placement,
        Residents,
        Enterprises,
        BaseDataImports,
        HouseholdLookup,
      ],
    };
  }
}
