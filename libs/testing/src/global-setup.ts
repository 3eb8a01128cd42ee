import 'reflect-metadata';
import { ensureDatabase, loadConfig, migrateSchema } from '@yiti/platform';
import { GatewayConfig, gatewayDataSource } from '@yiti/gateway-service';
import { IdentityConfig, identityDataSource, seedDemoCounty } from '@yiti/identity-service';
import { BACKEND_SERVICES } from './services';
import { TEST_DATABASE_URL, TEST_PASSWORD_HASH_COST, testEnv } from './test-env';

/** Once per run: the test database exists, every schema is migrated, the demo county is seeded. */
export default async function globalSetup(): Promise<void> {
  await ensureDatabase(TEST_DATABASE_URL);
  const identityConfig = loadConfig(IdentityConfig, testEnv());
  await migrateSchema(gatewayDataSource(loadConfig(GatewayConfig, testEnv())));
  for (const service of BACKEND_SERVICES) await migrateSchema(service.dataSource(loadConfig(service.configClass, testEnv())));
  const ds = await identityDataSource(identityConfig).initialize();
  try {
    await seedDemoCounty(ds, TEST_PASSWORD_HASH_COST);
  } finally {
    await ds.destroy();
  }
}
