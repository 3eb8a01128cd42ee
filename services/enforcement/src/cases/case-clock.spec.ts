import { CHINA_HOLIDAYS, WorkingDayCalendar } from '@yiti/platform';
import { checkLimitation, decisionDueDate, earliestHearingDate, hearingRequestDueDate, lateFeeFen, paymentDueDate, serviceDueDate, statementsDueDate } from './case-clock';

const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);

describe('penalty case clocks (Penalty Law arts. 60, 61, 64, 67, 72, 85)', () => {
  it('makes the decision due 90 calendar days after filing, moved past National Day 2026 to the next working day', () => {
    expect(decisionDueDate(calendar, '2026-07-03')).toBe('2026-10-08'); // day 90 is 1 October
    expect(decisionDueDate(calendar, '2026-07-02')).toBe('2026-09-30'); // a working day stays
  });

  it('moves a decision due in the 2026 Spring Festival to the first working day after it', () => {
    expect(decisionDueDate(calendar, '2025-11-19')).toBe('2026-02-24'); // day 90 is 17 February
  });

  it('adds approved extensions in calendar days, a Saturday end moving to Monday', () => {
    expect(decisionDueDate(calendar, '2026-07-03', [30])).toBe('2026-11-02'); // 31 October is a Saturday
    expect(() => decisionDueDate(calendar, '2026-07-03', [0])).toThrow(RangeError);
  });

  it('counts statements (3) and the hearing request (5) in working days across National Day and its make-up Saturday', () => {
    expect(statementsDueDate(calendar, '2026-09-29')).toBe('2026-10-09');
    expect(hearingRequestDueDate(calendar, '2026-09-29')).toBe('2026-10-12'); // 10 October is a make-up working day
    expect(statementsDueDate(calendar, '2026-09-29', 5)).toBe('2026-10-12');
  });

  it('holds a hearing at least 7 working days after its notice, across the Spring Festival and both make-up Saturdays', () => {
    expect(earliestHearingDate(calendar, '2026-02-12')).toBe('2026-02-28');
  });

  it('serves the decision within 7 working days, the make-up Sunday before Mid-Autumn counting', () => {
    expect(serviceDueDate(calendar, '2026-09-18')).toBe('2026-09-29');
  });

  it('makes payment due 15 calendar days after service, moved past a holiday', () => {
    expect(paymentDueDate(calendar, '2026-09-16')).toBe('2026-10-08');
    expect(paymentDueDate(calendar, '2026-02-01')).toBe('2026-02-24');
    expect(paymentDueDate(calendar, '2026-11-02')).toBe('2026-11-17');
  });

  it('charges 3 % of the fine a day after the due date, capped at the fine (art. 72)', () => {
    const fine = 100_000; // 1,000 yuan in fen
    expect(lateFeeFen(fine, '2026-10-08', '2026-10-08')).toBe(0);
    expect(lateFeeFen(fine, '2026-10-08', '2026-10-01')).toBe(0);
    expect(lateFeeFen(fine, '2026-10-08', '2026-10-09')).toBe(3_000);
    expect(lateFeeFen(fine, '2026-10-08', '2026-11-10')).toBe(99_000); // 33 days
    expect(lateFeeFen(fine, '2026-10-08', '2026-11-11')).toBe(fine); // 34 days would be 102 %
    expect(lateFeeFen(fine, '2026-10-08', '2027-06-30')).toBe(fine);
    expect(lateFeeFen(333, '2026-10-08', '2026-10-09')).toBe(9); // rounded down to the fen
    expect(() => lateFeeFen(-1, '2026-10-08', '2026-10-09')).toThrow(RangeError);
  });

  it('refuses a violation discovered more than 2 years after it ended, 5 where safety is concerned (art. 36)', () => {
    expect(checkLimitation('2024-03-10', '2026-03-10', false)).toEqual({ withinLimitation: true, limitationEnds: '2026-03-10' });
    expect(checkLimitation('2024-03-10', '2026-03-11', false)).toEqual({ withinLimitation: false, limitationEnds: '2026-03-10', years: 2 });
    expect(checkLimitation('2024-03-10', '2026-03-11', true)).toEqual({ withinLimitation: true, limitationEnds: '2029-03-10' });
    expect(checkLimitation('2021-03-10', '2026-03-11', true)).toEqual({ withinLimitation: false, limitationEnds: '2026-03-10', years: 5 });
    expect(checkLimitation('2024-02-29', '2026-03-01', false)).toMatchObject({ withinLimitation: false, limitationEnds: '2026-02-28' });
  });
});
