import { diskCheck } from './doctor';

const GIB = 1024 ** 3;

describe('doctor: PostgreSQL disk', () => {
  it('is ok with room to spare, and names the database size and the free share', () => {
    expect(diskCheck(2 * GIB, { freeBytes: 60 * GIB, totalBytes: 100 * GIB }, 15)).toEqual({ check: 'disk', status: 'ok', detail: 'database 2.0 GiB, 60.0 GiB free of 100.0 GiB (60.0 %)' });
  });

  it('warns below the threshold and fails below half of it', () => {
    expect(diskCheck(GIB, { freeBytes: 10 * GIB, totalBytes: 100 * GIB }, 15)).toEqual({ check: 'disk', status: 'warn', detail: 'database 1.0 GiB, 10.0 GiB free of 100.0 GiB (10.0 %): below 15 %' });
    expect(diskCheck(GIB, { freeBytes: 5 * GIB, totalBytes: 100 * GIB }, 15)).toMatchObject({ status: 'fail', detail: expect.stringContaining('below 7.5 %, free space now') });
  });

  it('warns when the free space would not hold another copy of the database', () => {
    expect(diskCheck(300 * GIB, { freeBytes: 200 * GIB, totalBytes: 1000 * GIB }, 15)).toMatchObject({ status: 'warn', detail: expect.stringContaining("less free than the database's size") });
  });

  it('says why when the free space cannot be read from here', () => {
    expect(diskCheck(GIB, { unreadable: 'the server runs on another machine' }, 15)).toEqual({ check: 'disk', status: 'warn', detail: 'database 1.0 GiB; free space not readable here: the server runs on another machine' });
  });
});
