import 'reflect-metadata';
import { bootstrapService, loadConfig, printJson, runServiceMain } from '@yiti/platform';
import { IdentityConfig } from './config';
import { IDENTITY_SCHEMA, IDENTITY_SERVICE_NAME, IdentityModule, identityDataSource } from './identity.module';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoCounty } from './seed/demo-county';

async function main(): Promise<void> {
  const config = loadConfig(IdentityConfig);
  await runServiceMain({
    serviceName: IDENTITY_SERVICE_NAME,
    schema: IDENTITY_SCHEMA,
    config,
    dataSource: () => identityDataSource(config),
    serve: () => bootstrapService(IdentityModule.register(config), { serviceName: IDENTITY_SERVICE_NAME, config }),
    commands: {
      'seed-demo': {
        usage: 'seed-demo                      add the demo county (Taicang 320585), its organisations and one user per role',
        async run(ds) {
          const added = await seedDemoCounty(ds, config.PASSWORD_HASH_COST);
          printJson({ service: IDENTITY_SERVICE_NAME, seeded: added, password: DEMO_PASSWORD, users: DEMO_USERS.map((u) => `${u.username} (${u.roles.join(',')})`) });
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
