import { DomainException } from '../errors/domain-exception';
import { addMonths, dateOrToday, isRealDate, todayInShanghai } from './calendar-date';

describe('calendar dates', () => {
  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-12-01', 2)).toBe('2027-02-01');
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('tells today in Beijing time', () => {
    expect(todayInShanghai(new Date('2026-11-26T17:00:00Z'))).toBe('2026-11-27');
    expect(todayInShanghai(new Date('2026-11-26T15:59:59Z'))).toBe('2026-11-26');
  });

  it('accepts only real calendar dates', () => {
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2027-02-29')).toBe(false);
    expect(isRealDate('2027-13-01')).toBe(false);
    expect(() => dateOrToday('2027-02-30')).toThrow(DomainException);
    expect(dateOrToday('2027-02-28')).toBe('2027-02-28');
    expect(dateOrToday(undefined)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
