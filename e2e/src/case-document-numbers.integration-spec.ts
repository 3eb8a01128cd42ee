import { DataSource } from 'typeorm';
import { CaseDocumentNumbers, ENFORCEMENT_SCHEMA } from '@yiti/enforcement-service';
import { TEST_DATABASE_URL } from '@yiti/testing';

/** Towns of no fixture (county 320599 is not seeded), so the counters start here. */
const TOWNS = [`320599${String(Date.now() % 1000).padStart(3, '0')}`, `320598${String(Date.now() % 1000).padStart(3, '0')}`];

describe('enforcement document and case numbers drawn for concurrent steps', () => {
  let ds: DataSource;

  beforeAll(async () => {
    // One connection, so that what the draw sets for its own transaction can be seen not to outlive it.
    ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, schema: ENFORCEMENT_SCHEMA, poolSize: 1 }).initialize();
    await ds.query(`DELETE FROM enforcement.document_counter WHERE town_code = ANY($1)`, [TOWNS]);
  });

  afterAll(async () => {
    await ds?.query(`DELETE FROM enforcement.document_counter WHERE town_code = ANY($1)`, [TOWNS]);
    await ds?.destroy();
  });

  it('gives the steps of one turn consecutive numbers per team, year and kind in the order they asked, and distinct case numbers', async () => {
    const numbers = new CaseDocumentNumbers(ds);
    const [a, b] = TOWNS as [string, string];
    const draws = await Promise.all([
      numbers.draw({ townCode: a, kinds: ['filing_approval'], today: '2026-12-03', caseNumber: true }),
      numbers.draw({ townCode: b, kinds: ['filing_approval'], today: '2026-12-03', caseNumber: true }),
      numbers.draw({ townCode: a, kinds: ['decision', 'service_receipt'], today: '2026-12-03' }),
      numbers.draw({ townCode: a, kinds: ['filing_approval'], today: '2026-12-03', caseNumber: true }),
      numbers.draw({ townCode: a, kinds: ['filing_approval'], today: '2027-01-04', caseNumber: true }),
      numbers.draw({ townCode: a, kinds: [], today: '2026-12-03' }),
    ]);
    expect(draws.map((d) => d.documents.map((n) => n.number))).toEqual([
      [`${a}综执立〔2026〕1号`],
      [`${b}综执立〔2026〕1号`],
      [`${a}综执罚决〔2026〕1号`, `${a}综执送〔2026〕1号`],
      [`${a}综执立〔2026〕2号`],
      [`${a}综执立〔2027〕1号`],
      [],
    ]);
    const sequences = draws.filter((d) => d.caseSequence !== null).map((d) => Number(d.caseSequence));
    expect(sequences).toHaveLength(4);
    expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    expect(new Set(sequences).size).toBe(4);
    expect(draws[2]?.caseSequence).toBeNull();
    // The next turn goes on from there.
    const next = await numbers.draw({ townCode: a, kinds: ['filing_approval'], today: '2026-12-03' });
    expect(next.documents.map((n) => n.number)).toEqual([`${a}综执立〔2026〕3号`]);
    // The draw commits without waiting for its WAL flush, for its own transaction only.
    expect(await ds.query(`SHOW synchronous_commit`)).toEqual([{ synchronous_commit: 'on' }]);
  });
});
