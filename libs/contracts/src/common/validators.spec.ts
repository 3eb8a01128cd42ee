import { plainToInstance } from 'class-transformer';
import { IsOptional, validateSync } from 'class-validator';
import { IsCalendarDate, IsReason, isCalendarDate, isReason } from './validators';

class Sample {
  @IsCalendarDate()
  on: string;

  @IsOptional()
  @IsCalendarDate({ each: true })
  days?: string[];

  @IsReason(10)
  reason: string;
}

describe('shared validators', () => {
  it('accepts real calendar dates only', () => {
    expect(['2026-02-28', '2028-02-29', '2026-12-31'].every(isCalendarDate)).toBe(true);
    expect(['2026-02-30', '2027-02-29', '2026-04-31', '2026-13-01', '2026-1-05', '20260105', '', 20260105].some(isCalendarDate)).toBe(false);
  });

  it('wants a reason to say something, within its length', () => {
    expect(isReason('理由', 10)).toBe(true);
    expect(isReason(' 理 由 ', 10)).toBe(true);
    expect(isReason('   ', 10)).toBe(false);
    expect(isReason('\u3000\u3000', 10)).toBe(false); // full-width spaces
    expect(isReason('理', 10)).toBe(false);
    expect(isReason('理由理由理由理由理由理', 10)).toBe(false);
  });

  it('names the field that fails', () => {
    const errors = validateSync(plainToInstance(Sample, { on: '2026-02-30', days: ['2026-10-01', '2026-10-32'], reason: ' \t ' }));
    expect(errors.map((e) => e.property)).toEqual(['on', 'days', 'reason']);
    expect(validateSync(plainToInstance(Sample, { on: '2026-02-28', days: ['2026-10-01'], reason: '不予准入' }))).toEqual([]);
  });
});
