import { PersonalDataServiceConfig } from '@yiti/platform';

/** The enforcement service (综合执法). Parties' ID numbers and phones are kept with the platform's personal-data protector. */
export class EnforcementConfig extends PersonalDataServiceConfig {
  override HTTP_PORT = 3104;
}
