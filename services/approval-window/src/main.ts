import 'reflect-metadata';
import { bootstrapService, ensureDatabase, loadConfig, migrateSchema } from '@yiti/platform';
import { APPROVAL_WINDOW_SERVICE_NAME, ApprovalWindowModule, approvalWindowDataSource } from './approval-window.module';
import { ApprovalWindowConfig } from './config';

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
    case 'serve':
      await bootstrapService(ApprovalWindowModule.register(config), { serviceName: APPROVAL_WINDOW_SERVICE_NAME, config });
      return;
    default:
      throw new Error(`unknown command "${command}": use serve or migrate`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
