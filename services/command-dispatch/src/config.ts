import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PersonalDataServiceConfig } from '@yiti/platform';

/** The command-dispatch service (指挥调度一中心). It keeps callers' names and phones: personal-data keys. */
export class CommandDispatchConfig extends PersonalDataServiceConfig {
  override HTTP_PORT = 3105;

  /** How often each instance scans the SLA timers (due-soon warnings, 督办); 0 turns the scan off (tests drive it). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600 * 1000)
  SLA_SCAN_MS = 30 * 1000;
}
