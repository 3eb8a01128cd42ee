import { DomainException } from '@yiti/platform';
import { readReadingsCsv } from './reading-csv';

const H = '8f14e45f-ceea-467f-a0e6-3a9b1c2d4e5f';

function problemOf(csv: string): { code: string; fields: string[] } {
  try {
    readReadingsCsv(csv);
  } catch (error) {
    if (error instanceof DomainException) return { code: error.code, fields: (error.errors ?? []).map((f) => f.field) };
    throw error;
  }
  throw new Error('no problem raised');
}

describe('readings CSV (电力读数批量报送)', () => {
  it('reads the rows of a batch with its header', () => {
    expect(readReadingsCsv(`meter_no,household_id,day,value\nLH-1,${H},2026-11-30,0.25\nLH-2,${H},2026-11-30,3\n`)).toEqual([
      { meterNo: 'LH-1', householdId: H, day: '2026-11-30', value: 0.25 },
      { meterNo: 'LH-2', householdId: H, day: '2026-11-30', value: 3 },
    ]);
  });

  it('refuses the whole batch naming every bad line: impossible day, negative value, too many decimals, missing column', () => {
    const csv = ['meter_no,household_id,day,value', `LH-1,${H},2026-02-30,1`, `LH-2,${H},2026-11-30,-1`, `LH-3,${H},2026-11-30,1.2345`, `LH-4,${H},2026-11-30`, `LH-5,${H},2026-11-30,1`].join('\n');
    expect(problemOf(csv)).toEqual({ code: 'VALIDATION_FAILED', fields: ['csv line 2', 'csv line 3', 'csv line 4', 'csv line 5'] });
  });

  it('refuses a wrong header and more than 10,000 rows', () => {
    expect(problemOf(`meter,household,day,value\nLH-1,${H},2026-11-30,1`).fields).toEqual(['csv']);
    const big = ['meter_no,household_id,day,value', ...Array.from({ length: 10_001 }, (_, i) => `LH-${i},${H},2026-11-30,1`)].join('\n');
    expect(problemOf(big).fields).toEqual(['csv']);
  });
});
