import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PersonalDataServiceConfig } from '@yiti/platform';

/** The enforcement service (综合执法). Parties' ID numbers and phones are kept with the platform's personal-data protector. */
export class EnforcementConfig extends PersonalDataServiceConfig {
  override HTTP_PORT = 3104;

  /** Approvals (approval.granted) turned into supervision tasks per transaction when a backlog is drained; 1 = one each. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  APPROVALS_BATCH_SIZE = 64;
}
