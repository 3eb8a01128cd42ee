import { Module, type DynamicModule } from '@nestjs/common';
import { AuthorityClientModule } from '@yiti/authority-client';
import { PersonalDataProtector, PlatformModule, createServiceDataSource, personalDataProtector } from '@yiti/platform';
import { ApplicationEntity, NoticeEntity } from './applications/application.entity';
import { ApplicationHandler } from './applications/application.handler';
import { DocumentNumbers } from './applications/document-numbers';
import { ApplicationClockJobs } from './applications/application-clock-jobs';
import { ApplicationCommands } from './applications/application-commands';
import { ApplicationQueries } from './applications/application-queries';
import { BackgroundWork } from './background/background-work';
import { EnforcementNotices } from './enforcement-notices/enforcement-notices';
import type { ApprovalWindowConfig } from './config';
import { APPROVAL_WINDOW_MIGRATIONS } from './migrations';
import { APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME } from './names';

export { APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME } from './names';
export const APPROVAL_WINDOW_ENTITIES: Function[] = [ApplicationEntity, NoticeEntity];

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
        AuthorityClientModule,
      ],
      controllers: [ApplicationHandler],
      providers: [
        { provide: PersonalDataProtector, useValue: personalDataProtector(config) },
        ApplicationQueries,
        ApplicationCommands,
        ApplicationClockJobs,
        DocumentNumbers,
        BackgroundWork,
        EnforcementNotices,
      ],
    };
  }
}
