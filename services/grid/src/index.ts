/** What tests and tools may use of the grid service (services never import each other). */
import type { ServiceDefinition } from '@yiti/platform';
import { GRID_SCHEMA, GRID_SERVICE_NAME, GridModule, gridDataSource } from './grid.module';
import { GridConfig } from './config';

export { GridConfig } from './config';
export { seedDemoGrids, DEMO_GRIDS } from './seed/demo-grids';
export { trackDistanceMetres } from './patrols/patrol-track';
export { GridModule, GRID_SCHEMA, GRID_SERVICE_NAME, gridDataSource } from './grid.module';

/** The grid service as the test harness, global setup and tools start and migrate it. */
export const GRID_SERVICE: ServiceDefinition<GridConfig> = {
  name: GRID_SERVICE_NAME,
  schema: GRID_SCHEMA,
  configClass: GridConfig,
  module: (config) => GridModule.register(config),
  dataSource: gridDataSource,
};
/** For the benchmark (tools/bench/grid.ts): the point index and the streamed CSV pipeline of household imports. */
export { GridIndex } from './grids/grid-index';
export { readCsvInBatches } from './imports/csv-reader';
export { householdRow } from './imports/csv-rows';
