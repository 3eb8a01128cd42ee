import type { PersonalDataTable } from '@yiti/platform';
import { COMMAND_DISPATCH_SCHEMA } from '../names';

/** The callers' names and phones of work orders (the phone's keyed hash serves the repeat rule), for `rotate-personal-data`. */
export function callerPersonalData(schema = COMMAND_DISPATCH_SCHEMA): PersonalDataTable[] {
  return [{ schema, table: 'work_order', countyColumn: 'county_code', columns: [{ cipher: 'caller_name_cipher' }, { cipher: 'caller_phone_cipher', hash: 'caller_phone_hash' }] }];
}
