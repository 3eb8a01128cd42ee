import { Module, type DynamicModule } from '@nestjs/common';
import { AuthorityClientModule } from '@yiti/authority-client';
import { PersonalDataProtector, PlatformModule, createServiceDataSource, personalDataProtector } from '@yiti/platform';
import type { EnforcementConfig } from './config';
import { ENFORCEMENT_MIGRATIONS } from './migrations';
import { ENFORCEMENT_SCHEMA, ENFORCEMENT_SERVICE_NAME } from './names';
import { CaseCommands } from './cases/case-commands';
import { CaseDocuments, DocumentNumbers } from './cases/case-documents';
import { CaseProcedureHandler } from './cases/case-procedure.handler';
import { CaseRecords } from './cases/case-records';
import { HearingThresholdSettings } from './cases/hearing-thresholds';
import { EnforcementHandler } from './penalties/enforcement.handler';
import { OnTheSpotPenalties } from './penalties/on-the-spot-penalties';
import { StatusHandler } from './status/status.handler';
import { SupervisionTasks } from './supervision/supervision-tasks';
import { RandomChecks } from './random-checks/random-checks';
import { RandomChecksHandler } from './random-checks/random-checks.handler';
import { EnforcementStatistics } from './statistics/enforcement-statistics';
import { StatisticsHandler } from './statistics/statistics.handler';
import { SupervisionResults, SupervisionResultsHandler } from './supervision/supervision-results';

export { ENFORCEMENT_SCHEMA, ENFORCEMENT_SERVICE_NAME } from './names';
export const ENFORCEMENT_ENTITIES: Function[] = [];

/** A standalone data source for migrations and tests. */
export function enforcementDataSource(config: EnforcementConfig) {
  return createServiceDataSource({ url: config.DATABASE_URL, schema: ENFORCEMENT_SCHEMA, entities: ENFORCEMENT_ENTITIES, migrations: ENFORCEMENT_MIGRATIONS, poolSize: 2 });
}

@Module({})
export class EnforcementModule {
  static register(config: EnforcementConfig): DynamicModule {
    return {
      module: EnforcementModule,
      imports: [
        PlatformModule.forService({
          serviceName: ENFORCEMENT_SERVICE_NAME,
          schema: ENFORCEMENT_SCHEMA,
          config,
          entities: ENFORCEMENT_ENTITIES,
          migrations: ENFORCEMENT_MIGRATIONS,
        }),
        // The authority registry (towns, held items, duty routing, certification, calendar): AuthorityClient, CalendarSource.
        AuthorityClientModule,
      ],
      controllers: [StatusHandler, EnforcementHandler, CaseProcedureHandler, RandomChecksHandler, StatisticsHandler, SupervisionResultsHandler],
      providers: [{ provide: PersonalDataProtector, useValue: personalDataProtector(config) }, OnTheSpotPenalties, SupervisionTasks, CaseCommands, CaseRecords, CaseDocuments, DocumentNumbers, HearingThresholdSettings, RandomChecks, EnforcementStatistics, SupervisionResults],
    };
  }
}
