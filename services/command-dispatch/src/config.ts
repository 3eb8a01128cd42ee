import { PersonalDataServiceConfig } from '@yiti/platform';

/** The command-dispatch service (指挥调度一中心). It keeps callers' names and phones: personal-data keys. */
export class CommandDispatchConfig extends PersonalDataServiceConfig {
  override HTTP_PORT = 3105;
}
