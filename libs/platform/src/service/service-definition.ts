import type { DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { BaseServiceConfig } from '../config/config';

/**
 * What the test harness, global setup and tools need to know of a service behind the gateway,
 * exported by each service's index.ts: its name and schema, its config class, how to build its
 * Nest module and its standalone data source (migrations).
 */
export interface ServiceDefinition<C extends BaseServiceConfig = BaseServiceConfig> {
  name: string;
  schema: string;
  configClass: new () => C;
  module(config: C): DynamicModule;
  dataSource(config: C): DataSource;
}
