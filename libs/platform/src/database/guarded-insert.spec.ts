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
