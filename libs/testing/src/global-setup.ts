import 'reflect-metadata';
import { ensureDatabase, loadConfig, migrateServiceSchema } from '@yiti/platform';
import { GatewayConfig, gatewayDataSource } from '@yiti/gateway-service';
import { IdentityConfig, identityDataSource, seedDemoCounty } from '@yiti/identity-service';
import { GridConfig, gridDataSource, seedDemoGrids } from '@yiti/grid-service';
import { BACKEND_SERVICES } from './services';
import { serviceRole, serviceTestEnv, TEST_DATABASE_URL, TEST_PASSWORD_HASH_COST, testEnv } from './test-env';

/** Once per run: the test database exists, every schema is migrated, the demo county is seeded. */
export default async function globalSetup(): Promise<void> {
  await ensureDatabase(TEST_DATABASE_URL);
  // As deployed: the owner migrates, and grants each service's own role what it may do.
  const gatewayConfig = loadConfig(GatewayConfig, serviceTestEnv(serviceRole('gateway')));
  await migrateServiceSchema(gatewayDataSource(gatewayConfig), gatewayConfig);
  for (const service of BACKEND_SERVICES) {
    const config = loadConfig(service.configClass, serviceTestEnv(serviceRole(service.schema)));
    await migrateServiceSchema(service.dataSource(config), config);
  }
  const ds = await identityDataSource(loadConfig(IdentityConfig, testEnv())).initialize();
  try {
    await seedDemoCounty(ds, TEST_PASSWORD_HASH_COST);
  } finally {
    await ds.destroy();
  }
  const grids = await gridDataSource(loadConfig(GridConfig, testEnv())).initialize();
  try {
    await seedDemoGrids(grids);
  } finally {
    await grids.destroy();
  }
}
