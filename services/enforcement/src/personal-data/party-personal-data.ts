import type { PersonalDataTable } from '@yiti/platform';
import { ENFORCEMENT_SCHEMA } from '../names';

/** Where enforcement keeps parties' personal data: ID number (searched) and phone, on on-the-spot penalties and on cases. */
export function partyPersonalData(schema = ENFORCEMENT_SCHEMA): PersonalDataTable[] {
  const columns = [{ cipher: 'party_id_cipher', hash: 'party_id_hash' }, { cipher: 'party_phone_cipher' }];
  return [
    { schema, table: 'on_the_spot_penalty', countyColumn: 'county_code', columns },
    { schema, table: 'penalty_case', countyColumn: 'county_code', columns },
  ];
}
