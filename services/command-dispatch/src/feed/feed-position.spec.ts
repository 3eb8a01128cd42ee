import { nextPosition, parsePosition } from './feed-queries';

describe('the live feed\'s position (transaction, change)', () => {
  it('reads a position as the writing transaction and the change id', () => {
    expect(parsePosition('18446744073709551.42')).toEqual({ tx: '18446744073709551', id: '42' });
  });

  it('after a full page goes on from its last change; the horizon may still hold more of it', () => {
    expect(nextPosition('100.0', [{ id: '101.7' }, { id: '102.9' }], '150', 2)).toBe('102.9');
  });

  it('after a short page starts at the horizon: every transaction before it has ended and was read', () => {
    expect(nextPosition('100.0', [{ id: '101.7' }], '150', 100)).toBe('150.0');
    expect(nextPosition('100.5', [], '150', 100)).toBe('150.0');
  });

  it('never moves backwards, nor past changes of a transaction at the horizon', () => {
    // Read up to change 5 of transaction 150, which has ended; the horizon is still 150 (another transaction).
    expect(nextPosition('150.5', [], '150', 100)).toBe('150.5');
    expect(nextPosition('150.5', [], '149', 100)).toBe('150.5');
  });
});
