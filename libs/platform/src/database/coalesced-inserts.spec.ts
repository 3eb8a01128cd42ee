import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { mergeTableRows, refusedByServer } from './coalesced-inserts';

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

describe('refusedByServer', () => {
  it('is true for an error PostgreSQL reported (an SQLSTATE), so nothing of the statement was written', () => {
    const unique = Object.assign(new DatabaseError('duplicate key value violates unique constraint', 100, 'error'), { code: '23505' });
    expect(refusedByServer(new QueryFailedError('INSERT', [], unique))).toBe(true);
    expect(refusedByServer(Object.assign(new DatabaseError('deadlock detected', 100, 'error'), { code: '40P01' }))).toBe(true);
  });

  it('is false for a lost connection, when the statement may have committed', () => {
    expect(refusedByServer(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(false);
    expect(refusedByServer(new QueryFailedError('INSERT', [], new Error('Connection terminated unexpectedly')))).toBe(false);
    expect(refusedByServer(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(false);
  });
});
