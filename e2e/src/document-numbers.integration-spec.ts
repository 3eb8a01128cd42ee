import { DataSource } from 'typeorm';
import { APPROVAL_WINDOW_SCHEMA, DocumentNumbers } from '@yiti/approval-window-service';
import { TEST_DATABASE_URL } from '@yiti/testing';

describe('document numbers drawn for concurrent intakes', () => {
  let ds: DataSource;

  beforeAll(async () => {
    // The schema and its sequences exist: the global set-up migrated approval_window.
    ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, schema: APPROVAL_WINDOW_SCHEMA }).initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('gives each request as many numbers as it asked for, none shared, in ascending order', async () => {
    const numbers = new DocumentNumbers(ds);
    const demands = [
      [1, 1],
      [1, 3],
      [0, 2],
      [1, 0],
    ] as const;
    const drawn = await Promise.all(demands.map(([applications, notices]) => numbers.draw(applications, notices)));
    expect(drawn.map((d) => [d.applications.length, d.notices.length])).toEqual(demands.map((d) => [...d]));
    const notices = drawn.flatMap((d) => d.notices);
    const applications = drawn.flatMap((d) => d.applications);
    expect(new Set(notices).size).toBe(notices.length);
    expect(new Set(applications).size).toBe(applications.length);
    const own = (drawn[1]?.notices ?? []).map(Number);
    expect(own).toEqual([...own].sort((x, y) => x - y));
  });
});
