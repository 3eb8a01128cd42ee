import { Readable } from 'node:stream';
import { countDataRows, MAX_REPORTED_ROW_ERRORS, readCsvInBatches } from './csv-reader';
import { enterpriseRow, householdRow, residentRow, type HouseholdRow } from './csv-rows';

const file = (...lines: string[]) => Readable.from([lines.join('\r\n')]);
const HEADER = 'address,grid_code,lng,lat,members,meter_number,vacant,left_behind_elderly,low_income';
const keepAll = async () => [];

describe('CSV import (streamed, per-row errors)', () => {
  it('reads good rows in batches and reports each bad one with its line, the rest kept', async () => {
    const batches: HouseholdRow[][] = [];
    const progress: number[] = [];
    const result = await readCsvInBatches(
      file(HEADER, '东仓村1号,320585102201001,,,3,DB-0001,是,否,0', '"东仓村2号, 后屋",,121.27,31.51,1,,1,yes,', ',320585102201001,,,2,,0,0,0', '东仓村4号,,121.27,,2,,0,0,0', '东仓村5号,320585102201001,,,x,,maybe,0,0', '东仓村6号,320585102201001,,,0,,0,0,1'),
      householdRow,
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
    expect(batches.flat().map((r) => r.line)).toEqual([2, 3, 7]);
    expect(batches[0]?.[0]).toEqual({ line: 2, address: '东仓村1号', gridCode: '320585102201001', point: null, members: 3, meterNumber: 'DB-0001', flags: ['vacant'] });
    expect(batches[0]?.[1]).toMatchObject({ address: '东仓村2号, 后屋', point: { lng: 121.27, lat: 31.51 }, flags: ['vacant', 'left_behind_elderly'] });
    expect(progress.at(-1)).toBe(6);
  });

  it('counts rows the consumer refuses (no grid at the point) as bad rows', async () => {
    const result = await readCsvInBatches(file(HEADER, 'a,,121.9,31.9,1,,0,0,0', 'b,320585102201001,,,1,,0,0,0'), householdRow, async (rows) =>
      rows.filter((r) => r.point).map((r) => ({ line: r.line, messages: ['no grid at the point'] })),
    );
    expect(result).toMatchObject({ accepted: 1, rejected: 1, errors: [{ line: 2, messages: ['no grid at the point'] }] });
  });

  it('keeps at most a bounded number of row errors, however many bad rows', async () => {
    const bad = Array.from({ length: MAX_REPORTED_ROW_ERRORS + 50 }, () => ',,,,,,,,');
    const result = await readCsvInBatches(file(HEADER, ...bad), householdRow, keepAll);
    expect(result.rejected).toBe(MAX_REPORTED_ROW_ERRORS + 50);
    expect(result.errors).toHaveLength(MAX_REPORTED_ROW_ERRORS);
  });

  it('reports a malformed record (a stray quote) by its line without repeating it, and goes on', async () => {
    const result = await readCsvInBatches(file(HEADER, 'a,320585102201001,,,1,,0,0,0', 'b"110105194912310021,320585102201001,,,1,,0,0,0', 'c,320585102201001,,,1,,0,0,0'), householdRow, keepAll);
    expect(result).toMatchObject({ accepted: 2, rejected: 1, rowsDone: 3, errors: [{ line: 3, messages: [expect.stringMatching(/^CSV 格式错误/)] }] });
    expect(JSON.stringify(result)).not.toContain('110105194912310021');
  });

  it('counts a file\'s data rows as a stream, with or without a final newline', async () => {
    expect(await countDataRows(Readable.from([Buffer.from('h\na\nb\n')]))).toBe(2);
    expect(await countDataRows(Readable.from([Buffer.from('h\na\n'), Buffer.from('b')]))).toBe(2);
    expect(await countDataRows(Readable.from([Buffer.from('h')]))).toBe(0);
  });
});

describe('resident and enterprise rows: identifiers verified by their check characters', () => {
  // 11010519491231002X is the GB 11643 standard's own example.
  const resident = (id: string, extra: Record<string, string> = {}) => residentRow({ name: '张三', id_number: id, phone: '13912345678', grid_code: '320585102201001', ...extra }, 9);

  it('accepts a valid ID number (X check digit, lower case too) and refuses a wrong check digit without echoing the number', () => {
    expect(resident('11010519491231002X')).toEqual({ row: expect.objectContaining({ line: 9, idNumber: '11010519491231002X', phone: '13912345678' }) });
    expect(resident('11010519491231002x')).toEqual({ row: expect.objectContaining({ idNumber: '11010519491231002X' }) });
    const bad = resident('110105194912310021');
    expect(bad).toEqual({ error: { line: 9, messages: [expect.stringMatching(/^id_number: .*GB 11643/)] } });
    expect(JSON.stringify(bad)).not.toContain('110105194912310021');
    expect(resident('11010519491331002X')).toMatchObject({ error: { line: 9 } });
  });

  it('refuses a resident with neither grid code nor point, or a bad phone', () => {
    expect(resident('11010519491231002X', { grid_code: '' })).toEqual({ error: { line: 9, messages: [expect.stringMatching(/^grid_code 或 lng,lat/)] } });
    expect(resident('11010519491231002X', { phone: 'call me' })).toEqual({ error: { line: 9, messages: [expect.stringMatching(/^phone/)] } });
  });

  it('verifies the unified social credit code (GB 32100) and the enumerations', () => {
    const enterprise = (code: string, extra: Record<string, string> = {}) => enterpriseRow({ name: '示例化工有限公司', credit_code: code, type: 'hazardous_chemicals', risk_level: 'major', lng: '121.27', lat: '31.51', ...extra }, 3);
    expect(enterprise('91320585MA1MXXXX0X')).toMatchObject({ error: { messages: [expect.stringMatching(/^credit_code/)] } });
    expect(enterprise('91350100M000100Y43')).toEqual({ row: expect.objectContaining({ creditCode: '91350100M000100Y43', kind: 'enterprise', riskLevel: 'major', point: { lng: 121.27, lat: 31.51 } }) });
    expect(enterprise('91350100M000100Y43', { type: 'casino', risk_level: 'extreme' })).toEqual({ error: { line: 3, messages: [expect.stringMatching(/^type/), expect.stringMatching(/^risk_level/)] } });
  });
});
