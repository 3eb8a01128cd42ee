import 'reflect-metadata';
import { bootstrapService, loadConfig, runServiceMain } from '@yiti/platform';
import { GRID_SCHEMA, GRID_SERVICE_NAME, GridModule, gridDataSource } from './grid.module';
import { GridConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(GridConfig);
  // serve (default), migrate and the platform's operator commands; the service's own go in `commands`.
  await runServiceMain({
    serviceName: GRID_SERVICE_NAME,
    schema: GRID_SCHEMA,
    config,
    dataSource: () => gridDataSource(config),
    serve: () => bootstrapService(GridModule.register(config), { serviceName: GRID_SERVICE_NAME, config }),
    commands: {},
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
