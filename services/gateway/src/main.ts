import 'reflect-metadata';
import { ensureDatabase, loadConfig, migrateSchema } from '@yiti/platform';
import { createGatewayApp } from './app';
import { GatewayConfig } from './config';
import { GATEWAY_SERVICE_NAME, gatewayDataSource } from './gateway.module';

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  const config = loadConfig(GatewayConfig);
  switch (command) {
    case 'migrate': {
      await ensureDatabase(config.DATABASE_URL);
      const applied = await migrateSchema(gatewayDataSource(config));
      console.log(JSON.stringify({ service: GATEWAY_SERVICE_NAME, migrated: applied }));
      return;
    }
    case 'serve':
      await createGatewayApp(config);
      return;
    default:
      throw new Error(`unknown command "${command}": use serve or migrate`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
