import type { DataSource } from 'typeorm';
import { rotatePersonalDataTable, type PersonalDataProtector, type PersonalDataRotationOptions, type PersonalDataRotationResult, type PersonalDataTable } from '@yiti/platform';
import { APPROVAL_WINDOW_SCHEMA } from '../names';

/** Where approval-window keeps personal data: the applicant's ID number (searched) and phone. */
export function applicationPersonalData(schema = APPROVAL_WINDOW_SCHEMA): PersonalDataTable {
  return {
    schema,
    table: 'application',
    countyColumn: 'county_code',
    columns: [{ cipher: 'applicant_id_cipher', hash: 'applicant_id_hash' }, { cipher: 'applicant_phone_cipher' }],
  };
}

/** Rotates the applications' personal data to the protector's current key and suite. */
export function rotatePersonalData(dataSource: DataSource, protector: PersonalDataProtector, options: PersonalDataRotationOptions & { schema?: string } = {}): Promise<PersonalDataRotationResult> {
  return rotatePersonalDataTable(dataSource, protector, applicationPersonalData(options.schema), options);
}
