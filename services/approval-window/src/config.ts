import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig, Secret } from '@yiti/platform';

/** The approval-window service (审批服务一窗口). */
export class ApprovalWindowConfig extends BaseServiceConfig {
  override HTTP_PORT = 3102;

  /**
   * Operator secret from which the keys for personal data at rest (encryption, search hash) derive:
   * the current key, which every new ciphertext and search hash uses. To change it, move the old
   * one to PERSONAL_DATA_PREVIOUS_KEYS and run `rotate-personal-data`.
   */
  @Secret()
  @IsString()
  @MinLength(32, { message: 'PERSONAL_DATA_KEY must be at least 32 characters' })
  PERSONAL_DATA_KEY = '';

  /** Earlier personal data keys, comma-separated, still accepted for reading and search until `rotate-personal-data` has re-encrypted the data. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((key) => key.trim()).filter((key) => key !== '') : value))
  @IsString({ each: true })
  @MinLength(32, { each: true, message: 'PERSONAL_DATA_PREVIOUS_KEYS must be comma-separated keys of at least 32 characters each' })
  PERSONAL_DATA_PREVIOUS_KEYS: string[] = [];

  /** Where a newly created durable event consumer starts: 'all' catches up on the stream's history. */
  @IsIn(['all', 'new'])
  EVENT_CONSUMER_START: 'all' | 'new' = 'all';

  /** How often applications with no correction notice within 5 working days are turned into deemed acceptances. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(24 * 3600 * 1000)
  DEEMED_ACCEPTANCE_SWEEP_MS = 10 * 60 * 1000;
}
