import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule, createServiceDataSource } from '@yiti/platform';
import type { ApprovalWindowConfig } from './config';
import { APPROVAL_WINDOW_MIGRATIONS } from './migrations';

export const APPROVAL_WINDOW_SERVICE_NAME = 'approval-window';
export const APPROVAL_WINDOW_SCHEMA = 'approval_window';
export const APPROVAL_WINDOW_ENTITIES: Function[] = [];

/** A standalone data source for migrations and tests. */
export function approvalWindowDataSource(config: ApprovalWindowConfig) {
  return createServiceDataSource({ url: config.DATABASE_URL, schema: APPROVAL_WINDOW_SCHEMA, entities: APPROVAL_WINDOW_ENTITIES, migrations: APPROVAL_WINDOW_MIGRATIONS, poolSize: 2 });
}

@Module({})
export class ApprovalWindowModule {
  static register(config: ApprovalWindowConfig): DynamicModule {
    return {
      module: ApprovalWindowModule,
      imports: [
        PlatformModule.forService({
          serviceName: APPROVAL_WINDOW_SERVICE_NAME,
          schema: APPROVAL_WINDOW_SCHEMA,
          config,
          entities: APPROVAL_WINDOW_ENTITIES,
          migrations: APPROVAL_WINDOW_MIGRATIONS,
        }),
      ],
      controllers: [],
      providers: [],
    };
  }
}
