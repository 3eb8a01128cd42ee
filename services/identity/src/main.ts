import 'reflect-metadata';
import { bootstrapService, ensureDatabase, loadConfig, migrateSchema } from '@yiti/platform';
import { IdentityConfig } from './config';
import { IDENTITY_SERVICE_NAME, IdentityModule, identityDataSource } from './identity.module';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoCounty } from './seed/demo-county';

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'serve';
  const config = loadConfig(IdentityConfig);
  switch (command) {
    case 'migrate': {
      await ensureDatabase(config.DATABASE_URL);
      const applied = await migrateSchema(identityDataSource(config));
      console.log(JSON.stringify({ service: IDENTITY_SERVICE_NAME, migrated: applied }));
      return;
    }
    case 'seed-demo': {
      const ds = await identityDataSource(config).initialize();
      try {
        const added = await seedDemoCounty(ds, config.PASSWORD_HASH_COST);
        console.log(JSON.stringify({ service: IDENTITY_SERVICE_NAME, seeded: added, password: DEMO_PASSWORD, users: DEMO_USERS.map((u) => `${u.username} (${u.roles.join(',')})`) }));
      } finally {
        await ds.destroy();
      }
      return;
    }
    case 'serve':
      await bootstrapService(IdentityModule.register(config), { serviceName: IDENTITY_SERVICE_NAME, config });
      return;
    default:
      throw new Error(`unknown command "${command}": use serve, migrate or seed-demo`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
