import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PersonalDataServiceConfig } from '@yiti/platform';

/** The approval-window service (审批服务一窗口). */
export class ApprovalWindowConfig extends PersonalDataServiceConfig {
  override HTTP_PORT = 3102;

  /** How often applications with no correction notice within 5 working days are turned into deemed acceptances. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(24 * 3600 * 1000)
  DEEMED_ACCEPTANCE_SWEEP_MS = 10 * 60 * 1000;
}
