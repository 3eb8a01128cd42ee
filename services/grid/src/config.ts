import { BaseServiceConfig } from '@yiti/platform';

/** The grid service. Its own settings go here, each validated (class-validator) with a usable default or none. */
export class GridConfig extends BaseServiceConfig {
  override HTTP_PORT = 3103;
}
