import 'reflect-metadata';
import { bootstrapService, loadConfig, printJson, runServiceMain } from '@yiti/platform';
import { APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME, ApprovalWindowModule, approvalWindowDataSource, personalDataProtector } from './approval-window.module';
import { ApprovalWindowConfig } from './config';
import { rotatePersonalData } from './personal-data/personal-data-rotation';

async function main(): Promise<void> {
  const config = loadConfig(ApprovalWindowConfig);
  await runServiceMain({
    serviceName: APPROVAL_WINDOW_SERVICE_NAME,
    schema: APPROVAL_WINDOW_SCHEMA,
    config,
    dataSource: () => approvalWindowDataSource(config),
    serve: () => bootstrapService(ApprovalWindowModule.register(config), { serviceName: APPROVAL_WINDOW_SERVICE_NAME, config }),
    commands: {
      'rotate-personal-data': {
        usage: 'rotate-personal-data           re-encrypt and re-hash personal data under PERSONAL_DATA_KEY (PERSONAL_DATA_PREVIOUS_KEYS read the rest)',
        async run(ds) {
          const rotation = await rotatePersonalData(ds, personalDataProtector(config), { schema: APPROVAL_WINDOW_SCHEMA });
          printJson({ service: APPROVAL_WINDOW_SERVICE_NAME, rotation });
          // Rows no configured key opens were left as they were: the previous keys must not be dropped yet.
          return rotation.failed === 0;
        },
      },
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
