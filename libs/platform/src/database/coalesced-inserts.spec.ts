import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { mergeTableRows, refusedForOneRequest, statementGroups } from './coalesced-inserts';

describe('mergeTableRows', () => {
  it('puts the rows of several writes into one batch per table and column list, in order of first appearance', () => {
    const first = [
      { table: 's.thing', columns: ['id', 'code'], rows: [['1', 'A']] },
      { table: 's.outbox', columns: ['id'], rows: [['e1']] },
    ];
    const second = [
      { table: 's.note', columns: ['thing_id'], rows: [['2']] },
      { table: 's.thing', columns: ['id', 'code'], rows: [['2', 'B'], ['3', 'C']] },
      { table: 's.outbox', columns: ['id'], rows: [] },
      { table: 's.thing', columns: ['id', 'code', 'parent_id'], rows: [['4', 'D', '1']] },
    ];
    expect(mergeTableRows([first, second])).toEqual([
      { table: 's.thing', columns: ['id', 'code'], rows: [['1', 'A'], ['2', 'B'], ['3', 'C']] },
      { table: 's.outbox', columns: ['id'], rows: [['e1']] },
      { table: 's.note', columns: ['thing_id'], rows: [['2']] },
      { table: 's.thing', columns: ['id', 'code', 'parent_id'], rows: [['4', 'D', '1']] },
    ]);
    expect(first[0]?.rows).toEqual([['1', 'A']]); // the writes' own batches are left as they were
  });
});

describe('refusedForOneRequest', () => {
  it('is true when PostgreSQL refused the statement for its data, a constraint or a deadlock: nothing was written', () => {
    const unique = Object.assign(new DatabaseError('duplicate key value violates unique constraint', 100, 'error'), { code: '23505' });
    expect(refusedForOneRequest(new QueryFailedError('INSERT', [], unique))).toBe(true);
    expect(refusedForOneRequest(Object.assign(new DatabaseError('deadlock detected', 100, 'error'), { code: '40P01' }))).toBe(true);
    expect(refusedForOneRequest(Object.assign(new DatabaseError('invalid input syntax for type uuid', 100, 'error'), { code: '22P02' }))).toBe(true);
    expect(refusedForOneRequest(Object.assign(new DatabaseError('index row size exceeds maximum', 100, 'error'), { code: '54000' }))).toBe(true);
    expect(refusedForOneRequest(Object.assign(new DatabaseError('refused by a trigger', 100, 'error'), { code: 'P0001' }))).toBe(true);
    expect(refusedForOneRequest(new QueryFailedError('INSERT', [], new TypeError('Converting circular structure to JSON')))).toBe(true); // never sent
  });

  it('is false when the server is overloaded or going away, or the outcome is unknown', () => {
    for (const code of ['57014', '53300', '57P01', '55P03', '40003']) expect(refusedForOneRequest(Object.assign(new DatabaseError('refused', 100, 'error'), { code }))).toBe(false);
  });

  it('is false for a lost connection, when the statement may have committed', () => {
    expect(refusedForOneRequest(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(false);
    expect(refusedForOneRequest(new QueryFailedError('INSERT', [], new Error('Connection terminated unexpectedly')))).toBe(false);
    expect(refusedForOneRequest(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(false);
  });
});

describe('statementGroups', () => {
  it('cuts writes in order at the write and parameter limits, giving an oversized write a statement of its own', () => {
    const sizes = [3, 3, 3, 9, 30, 1, 1];
    expect(statementGroups(sizes, (n) => n, 3, 10)).toEqual([[3, 3, 3], [9], [30], [1, 1]]);
    expect(statementGroups([], (n: number) => n, 3, 10)).toEqual([]);
  });
});
