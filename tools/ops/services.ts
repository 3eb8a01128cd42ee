import type { DataSource } from 'typeorm';
import { GATEWAY_SCHEMA, GATEWAY_SERVICE_NAME, GatewayConfig, gatewayDataSource } from '@yiti/gateway-service';
import { IDENTITY_SERVICE } from '@yiti/identity-service';
import { APPROVAL_WINDOW_SERVICE } from '@yiti/approval-window-service';
import { GRID_SERVICE } from '@yiti/grid-service';
import { ENFORCEMENT_SERVICE } from '@yiti/enforcement-service';
import { COMMAND_DISPATCH_SERVICE } from '@yiti/command-dispatch-service';
import type { BaseServiceConfig, ServiceDefinition } from '@yiti/platform';

/**
 * What the ops CLI knows of a service: its name (each answers its health and version on
 * opsStatusSubject(prefix, name), from the platform module), its schema and its data source (migrations).
 */
export interface OpsService {
  name: string;
  schema: string;
  /** A new, not initialised data source of the service's schema at this URL. */
  dataSource(url: string): DataSource;
}

/** The service's own data source factory, given only the URL (the rest of its config is not read by it). */
function fromDefinition<C extends BaseServiceConfig>(definition: ServiceDefinition<C>): OpsService {
  return { name: definition.name, schema: definition.schema, dataSource: (url) => definition.dataSource(Object.assign(new definition.configClass(), { DATABASE_URL: url })) };
}

/** Every service with a schema, in migration order. */
export const OPS_SERVICES: OpsService[] = [
  { name: GATEWAY_SERVICE_NAME, schema: GATEWAY_SCHEMA, dataSource: (url) => gatewayDataSource(Object.assign(new GatewayConfig(), { DATABASE_URL: url })) },
  fromDefinition(IDENTITY_SERVICE),
  fromDefinition(APPROVAL_WINDOW_SERVICE),
  fromDefinition(GRID_SERVICE),
  fromDefinition(ENFORCEMENT_SERVICE),
  fromDefinition(COMMAND_DISPATCH_SERVICE),
];

/** The services named (all when none), failing on an unknown name with the known ones. */
export function chooseServices(names: string[] | undefined): OpsService[] {
  if (!names || names.length === 0) return OPS_SERVICES;
  return names.map((name) => {
    const found = OPS_SERVICES.find((s) => s.name === name || s.schema === name);
    if (!found) throw new Error(`unknown service "${name}" (known: ${OPS_SERVICES.map((s) => s.name).join(', ')})`);
    return found;
  });
}
