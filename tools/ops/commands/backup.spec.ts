import { clientVersionProblem } from './backup';

describe('backup/restore: the PostgreSQL client against the server', () => {
  it('refuses a pg_dump of an older major than the server, naming both and the client to install', () => {
    expect(clientVersionProblem('pg_dump (PostgreSQL) 15.19 (Debian 15.19-0+deb12u1)', '16.4 (Debian 16.4-1.pgdg120+1)')).toBe(
      'pg_dump (PostgreSQL) 15.19 (Debian 15.19-0+deb12u1) is older than the server (PostgreSQL 16.4 (Debian 16.4-1.pgdg120+1)): install the client of major 16 or newer (postgresql-client-16; the container image has it)',
    );
    expect(clientVersionProblem('pg_restore (PostgreSQL) 9.6.24', '10.23')).toMatch(/^pg_restore \(PostgreSQL\) 9\.6\.24 is older than the server/);
  });

  it('accepts a client of the same or a newer major, whatever its minor', () => {
    expect(clientVersionProblem('pg_dump (PostgreSQL) 16.1', '16.9')).toBeNull();
    expect(clientVersionProblem('pg_dump (PostgreSQL) 17.2 (Debian 17.2-1.pgdg120+1)', '16.4')).toBeNull();
    expect(clientVersionProblem('pg_restore (PostgreSQL) 16beta2', '16.0')).toBeNull();
  });

  it('does not guess at a version it cannot read', () => {
    expect(clientVersionProblem('pg_dump (unknown build)', '16.4')).toBe('cannot read the version of "pg_dump (unknown build)"');
    expect(clientVersionProblem('pg_dump (PostgreSQL) 16.4', '')).toBe(`cannot read the server's version ""`);
  });
});
