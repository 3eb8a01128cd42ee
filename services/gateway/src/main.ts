import 'reflect-metadata';
import { loadConfig, runServiceMain } from '@yiti/platform';
import { createGatewayApp } from './app';
import { GatewayConfig } from './config';
import { GATEWAY_SCHEMA, GATEWAY_SERVICE_NAME, gatewayDataSource } from './gateway.module';

async function main(): Promise<void> {
  const config = loadConfig(GatewayConfig);
  await runServiceMain({
    serviceName: GATEWAY_SERVICE_NAME,
    schema: GATEWAY_SCHEMA,
    config,
    dataSource: () => gatewayDataSource(config),
    serve: () => createGatewayApp(config),
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
