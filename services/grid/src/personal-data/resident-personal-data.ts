import type { PersonalDataTable } from '@yiti/platform';
import { GRID_SCHEMA } from '../names';

/** Where the grid service keeps personal data: residents' ID numbers (searched) and phones. */
export function residentPersonalData(schema = GRID_SCHEMA): PersonalDataTable[] {
  return [{ schema, table: 'resident', countyColumn: 'county_code', columns: [{ cipher: 'id_cipher', hash: 'id_hash' }, { cipher: 'phone_cipher' }] }];
}
