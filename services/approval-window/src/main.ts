import 'reflect-metadata';
import { bootstrapService, ensureDatabase, loadConfig, migrateSchema } from '@yiti/platform';
import { APPROVAL_WINDOW_SCHEMA, APPROVAL_WINDOW_SERVICE_NAME, ApprovalWindowModule, approvalWindowDataSource, personalDataProtector } from './approval-window.module';
import { ApprovalWindowConfig } from './config';
import { rotatePersonalData } from './personal-data/personal-data-rotation';

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  const config = loadConfig(ApprovalWindowConfig);
  switch (command) {
    case 'migrate': {
      await ensureDatabase(config.DATABASE_URL);
      const applied = await migrateSchema(approvalWindowDataSource(config));
      console.log(JSON.stringify({ service: APPROVAL_WINDOW_SERVICE_NAME, migrated: applied }));
      return;
    }
    case 'rotate-personal-data': {
      // Re-encrypts and re-hashes personal data under PERSONAL_DATA_KEY; PERSONAL_DATA_PREVIOUS_KEYS read the rest.
      const ds = await approvalWindowDataSource(config).initialize();
      try {
        const rotation = await rotatePersonalData(ds, personalDataProtector(config), { schema: APPROVAL_WINDOW_SCHEMA });
        console.log(JSON.stringify({ service: APPROVAL_WINDOW_SERVICE_NAME, rotation }));
        // Rows no configured key opens were left as they were: the previous keys must not be dropped yet.
        if (rotation.failed > 0) process.exitCode = 1;
      } finally {
        await ds.destroy();
      }
      return;
    }
    case 'serve':
      await bootstrapService(ApprovalWindowModule.register(config), { serviceName: APPROVAL_WINDOW_SERVICE_NAME, config });
      return;
    default:
      throw new Error(`unknown command "${command}": use serve, migrate or rotate-personal-data`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
