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

  /** How often each instance looks for early-warning rules due for evaluation (hotspot, repeat); 0 turns it off (tests drive it). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600 * 1000)
  RULE_SCAN_MS = 60 * 1000;

  /** How often each active hotspot or repeat rule is evaluated (by whichever instance claims its timer first). */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(7 * 24 * 3600 * 1000)
  WARNING_RULE_INTERVAL_MS = 15 * 60 * 1000;
}
