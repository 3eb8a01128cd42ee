import { Readable } from 'node:stream';
import { MAX_REPORTED_ROW_ERRORS, readHouseholdCsv, type HouseholdRow } from './household-csv';

const file = (...lines: string[]) => Readable.from([lines.join('\r\n')]);
const HEADER = 'address,grid_code,lng,lat,members,vacant,left_behind_elderly,low_income';

describe('household CSV import (streamed, per-row errors)', () => {
  it('reads good rows in batches and reports each bad one with its line, the rest kept', async () => {
    const batches: HouseholdRow[][] = [];
    const progress: number[] = [];
    const result = await readHouseholdCsv(
      file(HEADER, '东仓村1号,320585102201001,,,3,是,否,0', '"东仓村2号, 后屋",,121.27,31.51,1,1,yes,', ',320585102201001,,,2,0,0,0', '东仓村4号,,121.27,,2,0,0,0', '东仓村5号,320585102201001,,,x,maybe,0,0', '东仓村6号,320585102201001,,,0,0,0,1'),
      async (rows) => {
        batches.push(rows);
        return [];
      },
      { batchSize: 2, onProgress: (p) => void progress.push(p.rowsDone) },
    );
    expect(result).toMatchObject({ accepted: 3, rejected: 3, rowsDone: 6 });
    expect(result.errors).toEqual([
      { line: 4, messages: [expect.stringMatching(/^address/)] },
      { line: 5, messages: [expect.stringMatching(/^lng,lat/)] },
      { line: 6, messages: [expect.stringMatching(/^members/), expect.stringMatching(/^vacant/)] },
    ]);
    expect(batches.map((b) => b.map((r) => r.line))).toEqual([[2, 3], [7]]);
    expect(batches[0]?.[0]).toEqual({ line: 2, address: '东仓村1号', gridCode: '320585102201001', point: null, members: 3, flags: ['vacant'] });
    expect(batches[0]?.[1]).toMatchObject({ address: '东仓村2号, 后屋', point: { lng: 121.27, lat: 31.51 }, flags: ['vacant', 'left_behind_elderly'] });
    expect(progress.at(-1)).toBe(6);
  });

  it('counts rows the consumer refuses (no grid at the point) as bad rows', async () => {
    const result = await readHouseholdCsv(file(HEADER, 'a,,121.9,31.9,1,0,0,0', 'b,320585102201001,,,1,0,0,0'), async (rows) => rows.filter((r) => r.point).map((r) => ({ line: r.line, messages: ['no grid at the point'] })));
    expect(result).toMatchObject({ accepted: 1, rejected: 1, errors: [{ line: 2, messages: ['no grid at the point'] }] });
  });

  it('keeps at most a bounded number of row errors, however many bad rows', async () => {
    const bad = Array.from({ length: MAX_REPORTED_ROW_ERRORS + 50 }, () => ',,,,,,,');
    const result = await readHouseholdCsv(file(HEADER, ...bad), async () => []);
    expect(result.rejected).toBe(MAX_REPORTED_ROW_ERRORS + 50);
    expect(result.errors).toHaveLength(MAX_REPORTED_ROW_ERRORS);
  });
});
