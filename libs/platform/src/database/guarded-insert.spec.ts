import { coalescedGuardedStatement } from './coalesced-guarded-writes';
import { guardedInsertStatement } from './multi-insert';

describe('guardedInsertStatement (a conditional write in one statement)', () => {
  const guard = { sql: 'UPDATE s.thing SET code = $3 WHERE id = $1 AND code = $2 RETURNING id, code', params: ['id-1', 'old', 'new'] };

  it('puts the guard first and each row in an insert of its own that runs only when the guard changed a row, numbering the rows\' parameters after the guard\'s', () => {
    const { text, params } = guardedInsertStatement(guard, [
      { table: 's.note', columns: ['thing_id', 'note'], rows: [['id-1', 'a'], ['id-1', 'b']] },
      { table: 's.audit_log', columns: ['action'], rows: [['rename']] },
    ]);
    expect(text).toBe(
      'WITH guard AS (UPDATE s.thing SET code = $3 WHERE id = $1 AND code = $2 RETURNING id, code), ' +
        'w0 AS (INSERT INTO s.note (thing_id, note) SELECT $4, $5 WHERE EXISTS (SELECT FROM guard)), ' +
        'w1 AS (INSERT INTO s.note (thing_id, note) SELECT $6, $7 WHERE EXISTS (SELECT FROM guard)), ' +
        'w2 AS (INSERT INTO s.audit_log (action) SELECT $8 WHERE EXISTS (SELECT FROM guard)) ' +
        'SELECT * FROM guard',
    );
    expect(params).toEqual(['id-1', 'old', 'new', 'id-1', 'a', 'id-1', 'b', 'rename']);
  });

  it('is the guard alone when nothing is staged, and leaves the guard\'s parameters as they were', () => {
    const { text, params } = guardedInsertStatement(guard, [{ table: 's.note', columns: ['note'], rows: [] }]);
    expect(text).toBe(`WITH guard AS (${guard.sql}) SELECT * FROM guard`);
    expect(params).toEqual(guard.params);
    expect(guard.params).toEqual(['id-1', 'old', 'new']);
  });
});

describe('coalescedGuardedStatement (concurrent conditional writes in one statement)', () => {
  const guard = (id: string) => ({ sql: 'UPDATE s.thing SET code = $3 WHERE id = $1 AND code = $2 RETURNING id, code', params: [id, 'old', 'new'] });

  it('renumbers each guard\'s parameters after those before it, makes each row conditional on its own guard, and answers every guard\'s rows with its index', () => {
    const { text, params } = coalescedGuardedStatement([
      { guard: guard('id-1'), batches: [{ table: 's.note', columns: ['thing_id', 'note'], rows: [['id-1', 'a']] }, { table: 's.audit_log', columns: ['action'], rows: [] }] },
      { guard: guard('id-2'), batches: [{ table: 's.note', columns: ['thing_id', 'note'], rows: [['id-2', 'b']] }, { table: 's.audit_log', columns: ['action'], rows: [['rename']] }] },
    ]);
    expect(text).toBe(
      'WITH g0 AS (UPDATE s.thing SET code = $3 WHERE id = $1 AND code = $2 RETURNING id, code), ' +
        'w1 AS (INSERT INTO s.note (thing_id, note) SELECT $4, $5 WHERE EXISTS (SELECT FROM g0)), ' +
        'g1 AS (UPDATE s.thing SET code = $8 WHERE id = $6 AND code = $7 RETURNING id, code), ' +
        'w3 AS (INSERT INTO s.note (thing_id, note) SELECT $9, $10 WHERE EXISTS (SELECT FROM g1)), ' +
        'w4 AS (INSERT INTO s.audit_log (action) SELECT $11 WHERE EXISTS (SELECT FROM g1)) ' +
        'SELECT 0 AS guard_index, * FROM g0 UNION ALL SELECT 1 AS guard_index, * FROM g1',
    );
    expect(params).toEqual(['id-1', 'old', 'new', 'id-1', 'a', 'id-2', 'old', 'new', 'id-2', 'b', 'rename']);
  });
});
