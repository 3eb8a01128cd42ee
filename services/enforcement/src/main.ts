import 'reflect-metadata';
import { bootstrapService, loadConfig, personalDataProtector, rotatePersonalDataCommand, runServiceMain } from '@yiti/platform';
import { ENFORCEMENT_SCHEMA, ENFORCEMENT_SERVICE_NAME, EnforcementModule, enforcementDataSource } from './enforcement.module';
import { EnforcementConfig } from './config';
import { partyPersonalData } from './personal-data/party-personal-data';

async function main(): Promise<void> {
  const config = loadConfig(EnforcementConfig);
  // serve (default), migrate and the platform's operator commands; the service's own go in `commands`.
  await runServiceMain({
    serviceName: ENFORCEMENT_SERVICE_NAME,
    schema: ENFORCEMENT_SCHEMA,
    config,
    dataSource: () => enforcementDataSource(config),
    serve: () => bootstrapService(EnforcementModule.register(config), { serviceName: ENFORCEMENT_SERVICE_NAME, config }),
    commands: {
      'rotate-personal-data': rotatePersonalDataCommand(ENFORCEMENT_SERVICE_NAME, () => personalDataProtector(config), partyPersonalData()),
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
