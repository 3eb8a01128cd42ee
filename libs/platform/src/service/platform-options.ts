import type { BaseServiceConfig } from '../config/config';

/** What a service tells the platform module about itself (its own file: the module's providers need it too). */
export interface PlatformModuleOptions<C extends BaseServiceConfig = BaseServiceConfig> {
  serviceName: string;
  /** The PostgreSQL schema this service owns. */
  schema: string;
  config: C;
  entities: Function[];
  migrations: Function[];
  /** Publish the outbox (false for a service that emits no events). */
  relay?: boolean;
}
