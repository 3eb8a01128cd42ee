import { QueryFailedError } from 'typeorm';
import { maskDigitRuns, pathOf, serializeError } from './logging';

describe('what a log line may carry', () => {
  it("keeps a database error's kind, code and constraint, never its query, parameters or detail", () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "application_pkey"'), {
      code: '23505',
      constraint: 'application_pkey',
      detail: 'Key (id_number)=(320585199001011234) already exists.',
    });
    const error = new QueryFailedError('INSERT INTO application (name, id_number, phone) VALUES ($1, $2, $3)', ['王隐私', '320585199001011234', '13912345678'], driverError);
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('23505');
    expect(logged).toContain('application_pkey');
    for (const value of ['王隐私', '320585199001011234', '13912345678', 'INSERT INTO']) expect(logged).not.toContain(value);
  });

  it('masks long digit runs in free text and logs a URL without its query string', () => {
    expect(maskDigitRuns('invalid input syntax: "32058519900101123X" or 13912345678')).toBe('invalid input syntax: "320…[18]" or 139…[11]');
    expect(pathOf('/api/v1/applications?applicantIdNumber=320585199001011234')).toBe('/api/v1/applications');
  });
});
