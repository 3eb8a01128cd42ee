import 'reflect-metadata';
import { ensureDatabase, loadConfig, migrateServiceSchema } from '@yiti/platform';
import { ApprovalWindowConfig, approvalWindowDataSource } from '@yiti/approval-window-service';
import { GatewayConfig, gatewayDataSource } from '@yiti/gateway-service';
import { IdentityConfig, identityDataSource, seedDemoCounty } from '@yiti/identity-service';
import { SERVICE_ROLES, serviceTestEnv, TEST_DATABASE_URL, TEST_PASSWORD_HASH_COST, testEnv } from './test-env';

/** Once per run: the test database exists, every schema is migrated, the demo county is seeded. */
export default async function globalSetup(): Promise<void> {
  await ensureDatabase(TEST_DATABASE_URL);
  // As deployed: the owner migrates, and grants each service's own role what it may do.
  const identityConfig = loadConfig(IdentityConfig, serviceTestEnv(SERVICE_ROLES.identity));
  await migrateServiceSchema(identityDataSource(identityConfig), identityConfig);
  const gatewayConfig = loadConfig(GatewayConfig, serviceTestEnv(SERVICE_ROLES.gateway));
  await migrateServiceSchema(gatewayDataSource(gatewayConfig), gatewayConfig);
  const approvalWindowConfig = loadConfig(ApprovalWindowConfig, serviceTestEnv(SERVICE_ROLES.approvalWindow));
  await migrateServiceSchema(approvalWindowDataSource(approvalWindowConfig), approvalWindowConfig);
  const ds = await identityDataSource(loadConfig(IdentityConfig, testEnv())).initialize();
  try {
    await seedDemoCounty(ds, TEST_PASSWORD_HASH_COST);
  } finally {
    await ds.destroy();
  }
}
