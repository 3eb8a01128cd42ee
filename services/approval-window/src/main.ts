import 'reflect-metadata';
import { bootstrapService, loadConfig, personalDataProtector, rotatePersonalDataCommand, runServiceMain } from '@yiti/platform';
import { APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME, ApprovalWindowModule, approvalWindowDataSource } from './approval-window.module';
import { ApprovalWindowConfig } from './config';
import { applicationPersonalData } from './personal-data/application-personal-data';

async function main(): Promise<void> {
  const config = loadConfig(ApprovalWindowConfig);
  await runServiceMain({
    serviceName: APPROVAL_WINDOW_SERVICE_NAME,
    schema: APPROVAL_WINDOW_SCHEMA,
    config,
    dataSource: () => approvalWindowDataSource(config),
    serve: () => bootstrapService(ApprovalWindowModule.register(config), { serviceName: APPROVAL_WINDOW_SERVICE_NAME, config }),
    commands: {
      'rotate-personal-data': rotatePersonalDataCommand(APPROVAL_WINDOW_SERVICE_NAME, () => personalDataProtector(config), [applicationPersonalData()]),
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
