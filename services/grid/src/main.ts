import 'reflect-metadata';
import { bootstrapService, loadConfig, personalDataProtector, printJson, rotatePersonalDataCommand, runServiceMain } from '@yiti/platform';
import { GRID_SCHEMA, GRID_SERVICE_NAME, GridModule, gridDataSource } from './grid.module';
import { GridConfig } from './config';
import { seedDemoGrids } from './seed/demo-grids';
import { residentPersonalData } from './personal-data/resident-personal-data';

async function main(): Promise<void> {
  const config = loadConfig(GridConfig);
  // serve (default), migrate and the platform's operator commands; the service's own go in `commands`.
  await runServiceMain({
    serviceName: GRID_SERVICE_NAME,
    schema: GRID_SCHEMA,
    config,
    dataSource: () => gridDataSource(config),
    serve: () => bootstrapService(GridModule.register(config), { serviceName: GRID_SERVICE_NAME, config }),
    commands: {
      'rotate-personal-data': rotatePersonalDataCommand(GRID_SERVICE_NAME, () => personalDataProtector(config), residentPersonalData()),
      'seed-demo': {
        usage: 'seed-demo                      add the sample grids of Liuhe (320585102), once',
        async run(ds) {
          printJson({ service: GRID_SERVICE_NAME, seeded: { grids: await seedDemoGrids(ds) } });
          return true;
        },
      },
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
