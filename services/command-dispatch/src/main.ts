import 'reflect-metadata';
import { bootstrapService, loadConfig, runServiceMain } from '@yiti/platform';
import { COMMAND_DISPATCH_SCHEMA, COMMAND_DISPATCH_SERVICE_NAME, CommandDispatchModule, commandDispatchDataSource } from './command-dispatch.module';
import { CommandDispatchConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(CommandDispatchConfig);
  // serve (default), migrate and the platform's operator commands; the service's own go in `commands`.
  await runServiceMain({
    serviceName: COMMAND_DISPATCH_SERVICE_NAME,
    schema: COMMAND_DISPATCH_SCHEMA,
    config,
    dataSource: () => commandDispatchDataSource(config),
    serve: () => bootstrapService(CommandDispatchModule.register(config), { serviceName: COMMAND_DISPATCH_SERVICE_NAME, config }),
    commands: {},
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
