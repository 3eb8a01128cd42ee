import { Transform } from 'class-transformer';
import { IsIn, IsString, MinLength } from 'class-validator';
import { BaseServiceConfig, Secret } from '../config/config';
import { PersonalDataProtector } from './personal-data';
import { DEFAULT_PERSONAL_DATA_SUITE, PERSONAL_DATA_SUITES, type PersonalDataSuiteName } from './personal-data-suites';

/** The variables of personal data at rest: a service that stores any extends this class instead of BaseServiceConfig. */
export class PersonalDataServiceConfig extends BaseServiceConfig {
  /**
   * Operator secret from which the keys for personal data at rest (encryption, MAC, search hash)
   * derive: the current key, which every new ciphertext and search hash uses. To change it, move the
   * old one to PERSONAL_DATA_PREVIOUS_KEYS and run `rotate-personal-data`.
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

  /**
   * The suite new ciphertexts and search hashes are made under: `sm4-sm3` (国密 SM4 with an HMAC-SM3
   * tag, HMAC-SM3 search hash) or `aes-256-gcm` (with HMAC-SHA256). Every suite is always read and
   * searched; `rotate-personal-data` moves stored rows to this one.
   */
  @IsIn(PERSONAL_DATA_SUITES, { message: `PERSONAL_DATA_SUITE must be one of ${PERSONAL_DATA_SUITES.join(', ')}` })
  PERSONAL_DATA_SUITE: PersonalDataSuiteName = DEFAULT_PERSONAL_DATA_SUITE;
}

export type PersonalDataKeyConfig = Pick<PersonalDataServiceConfig, 'PERSONAL_DATA_KEY' | 'PERSONAL_DATA_PREVIOUS_KEYS' | 'PERSONAL_DATA_SUITE'>;

/** The protector the configuration describes: the current key and suite, and the previous keys still read and searched until rotated. */
export function personalDataProtector(config: PersonalDataKeyConfig): PersonalDataProtector {
  return new PersonalDataProtector(config.PERSONAL_DATA_KEY, config.PERSONAL_DATA_PREVIOUS_KEYS, { suite: config.PERSONAL_DATA_SUITE });
}
