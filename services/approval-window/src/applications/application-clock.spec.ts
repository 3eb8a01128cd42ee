import { CHINA_HOLIDAYS, WorkingDayCalendar } from '@yiti/platform';
import { certificateDueDate, clockDue, decisionDueDate, deemedAcceptance, isDueSoon, isOverdue, pageOfGroups, promisedDueDate, workingDaysLeft } from './application-clock';

const calendar = new WorkingDayCalendar(CHINA_HOLIDAYS);

/*
 * Autumn 2026: Mid-Autumn 09-25 (Fri)..09-27 off; National Day 10-01 (Thu)..10-07 off; make-up
 * working days Sunday 09-20 and Saturday 10-10.
 * Working days after Monday 2026-09-21:
 *   09-22 1, 09-23 2, 09-24 3, 09-28 4, 09-29 5, 09-30 6, 10-08 7, 10-09 8, 10-10 (Sat) 9, 10-12 10,
 *   10-13 11, 10-14 12, 10-15 13, 10-16 14, 10-19 15, 10-20 16, 10-21 17, 10-22 18, 10-23 19,
 *   10-26 20, 10-27 21, 10-28 22, 10-29 23, 10-30 24, 11-02 25, 11-03 26, 11-04 27, 11-05 28,
 *   11-06 29, 11-09 30.
 *
 * Spring Festival 2026: 02-15 (Sun)..02-23 off; make-up working days Saturdays 02-14 and 02-28.
 * Working days after Tuesday 2026-02-10:
 *   02-11 1, 02-12 2, 02-13 3, 02-14 (Sat) 4, 02-24 5, 02-25 6, 02-26 7, 02-27 8, 02-28 (Sat) 9,
 *   03-02 10, 03-03 11, 03-04 12, 03-05 13, 03-06 14, 03-09 15, 03-10 16, 03-11 17, 03-12 18,
 *   03-13 19, 03-16 20.
 */

describe('decision due date', () => {
  it('is 20 working days after acceptance across the Mid-Autumn and National Day holidays', () => {
    expect(decisionDueDate(calendar, { acceptedOn: '2026-09-21' })).toBe('2026-10-26');
  });

  it('is 20 working days after acceptance across the 2026 Spring Festival and its make-up Saturdays', () => {
    expect(decisionDueDate(calendar, { acceptedOn: '2026-02-10' })).toBe('2026-03-16');
  });

  it('uses the item’s own limit when it has one', () => {
    // 02-10 + 9 working days: 02-11, 12, 13, 14 (Sat), 24, 25, 26, 27, 28 (Sat).
    expect(decisionDueDate(calendar, { acceptedOn: '2026-02-10', limitWorkingDays: 9 })).toBe('2026-02-28');
    expect(() => decisionDueDate(calendar, { acceptedOn: '2026-02-10', limitWorkingDays: 0 })).toThrow(RangeError);
  });

  it('adds 10 working days when extended', () => {
    // 20 + 10 = 30 working days after 09-21: 11-09 (Monday).
    expect(decisionDueDate(calendar, { acceptedOn: '2026-09-21', extended: true })).toBe('2026-11-09');
    // Spring: 30 working days after 02-10: 03-16 is the 20th; 03-17 21, … 03-20 24, 03-23 25, … 03-27 29, 03-30 30.
    expect(decisionDueDate(calendar, { acceptedOn: '2026-02-10', extended: true })).toBe('2026-03-30');
  });

  it('does not count the working days spent suspended, [from, to)', () => {
    // Expert review from 09-29 to 10-12 (resumed that day): 09-29, 09-30, 10-08, 10-09, 10-10 → 5 working days.
    // 20 + 5 = 25 working days after 09-21: 11-02.
    expect(decisionDueDate(calendar, { acceptedOn: '2026-09-21', suspensions: [{ from: '2026-09-29', to: '2026-10-12' }] })).toBe('2026-11-02');
    // A suspension entirely inside the holiday costs nothing: 10-01 to 10-08 holds only days off.
    expect(decisionDueDate(calendar, { acceptedOn: '2026-09-21', suspensions: [{ from: '2026-10-01', to: '2026-10-08' }] })).toBe('2026-10-26');
    // Two suspensions and an extension: testing [02-12, 02-14) → 02-12, 02-13 = 2; hearing [02-24, 03-02) → 02-24..02-28 = 5.
    // 20 + 10 + 7 = 37 working days after 02-10: 03-30 is the 30th; 03-31 31, 04-01 32, 04-02 33, 04-03 34,
    // (04-04..04-06 Qingming off) 04-07 35, 04-08 36, 04-09 37.
    expect(
      decisionDueDate(calendar, {
        acceptedOn: '2026-02-10',
        extended: true,
        suspensions: [
          { from: '2026-02-12', to: '2026-02-14' },
          { from: '2026-02-24', to: '2026-03-02' },
        ],
      }),
    ).toBe('2026-04-09');
    // A suspension opened and closed on the same day costs nothing.
    expect(decisionDueDate(calendar, { acceptedOn: '2026-09-21', suspensions: [{ from: '2026-09-29', to: '2026-09-29' }] })).toBe('2026-10-26');
  });

  it('is paused (null) while a suspension is open', () => {
    expect(decisionDueDate(calendar, { acceptedOn: '2026-09-21', suspensions: [{ from: '2026-09-29', to: '2026-10-12' }, { from: '2026-10-20' }] })).toBeNull();
  });

  it('refuses a suspension that ends before it starts', () => {
    expect(() => decisionDueDate(calendar, { acceptedOn: '2026-09-21', suspensions: [{ from: '2026-10-12', to: '2026-09-29' }] })).toThrow(RangeError);
  });
});

describe('promised due date', () => {
  it('counts the promised limit from acceptance, with suspensions but not the statutory extension', () => {
    // 8 working days after 09-21: 10-09; with [09-29, 10-12) suspended (5): 13 working days → 10-15.
    expect(promisedDueDate(calendar, { acceptedOn: '2026-09-21', promisedWorkingDays: 8 })).toBe('2026-10-09');
    expect(promisedDueDate(calendar, { acceptedOn: '2026-09-21', promisedWorkingDays: 8, suspensions: [{ from: '2026-09-29', to: '2026-10-12' }] })).toBe('2026-10-15');
    expect(promisedDueDate(calendar, { acceptedOn: '2026-09-21', promisedWorkingDays: 8, suspensions: [{ from: '2026-09-29' }] })).toBeNull();
  });
});

describe('certificate due date', () => {
  it('is 10 working days after the approval', () => {
    // Approved Monday 09-28: 09-29 1, 09-30 2, 10-08 3, 10-09 4, 10-10 (Sat) 5, 10-12 6, 10-13 7, 10-14 8, 10-15 9, 10-16 10.
    expect(certificateDueDate(calendar, '2026-09-28')).toBe('2026-10-16');
    // Approved Thursday 02-12: 02-13 1, 02-14 (Sat) 2, 02-24 3, 02-25 4, 02-26 5, 02-27 6, 02-28 (Sat) 7, 03-02 8, 03-03 9, 03-04 10.
    expect(certificateDueDate(calendar, '2026-02-12')).toBe('2026-03-04');
  });
});

describe('deemed acceptance (art. 32)', () => {
  // Received Monday 09-28: notice due within 09-29 1, 09-30 2, 10-08 3, 10-09 4, 10-10 (Sat) 5 → 10-10.
  it('waits 5 working days for a correction notice, across National Day', () => {
    expect(deemedAcceptance(calendar, '2026-09-28', undefined, '2026-09-28')).toEqual({ status: 'pending', noticeDeadline: '2026-10-10' });
    expect(deemedAcceptance(calendar, '2026-09-28', undefined, '2026-10-07')).toEqual({ status: 'pending', noticeDeadline: '2026-10-10' });
    expect(deemedAcceptance(calendar, '2026-09-28', undefined, '2026-10-10')).toEqual({ status: 'pending', noticeDeadline: '2026-10-10' });
  });

  it('counts an application with no notice in time as accepted from the day it was received', () => {
    expect(deemedAcceptance(calendar, '2026-09-28', undefined, '2026-10-11')).toEqual({ status: 'deemed_accepted', noticeDeadline: '2026-10-10', acceptedOn: '2026-09-28' });
    // A notice after the deadline does not undo it.
    expect(deemedAcceptance(calendar, '2026-09-28', '2026-10-12', '2026-10-12')).toEqual({ status: 'deemed_accepted', noticeDeadline: '2026-10-10', acceptedOn: '2026-09-28' });
    // And its decision clock runs from the receipt: 20 working days after 09-28 → 09-29 1, 09-30 2, 10-08 3, 10-09 4,
    // 10-10 5, 10-12 6 … 10-16 10, 10-19 11 … 10-23 15, 10-26 16, 10-27 17, 10-28 18, 10-29 19, 10-30 20.
    expect(decisionDueDate(calendar, { acceptedOn: '2026-09-28' })).toBe('2026-10-30');
  });

  it('is not deemed accepted when the notice went out in time', () => {
    expect(deemedAcceptance(calendar, '2026-09-28', '2026-09-28', '2026-11-30')).toEqual({ status: 'correction_requested_in_time', noticeDeadline: '2026-10-10' });
    expect(deemedAcceptance(calendar, '2026-09-28', '2026-10-10', '2026-10-12')).toEqual({ status: 'correction_requested_in_time', noticeDeadline: '2026-10-10' });
  });

  it('waits across the Spring Festival too', () => {
    // Received Thursday 02-12: 02-13 1, 02-14 (Sat) 2, 02-24 3, 02-25 4, 02-26 5 → 02-26.
    expect(deemedAcceptance(calendar, '2026-02-12', undefined, '2026-02-23')).toEqual({ status: 'pending', noticeDeadline: '2026-02-26' });
    expect(deemedAcceptance(calendar, '2026-02-12', undefined, '2026-02-27')).toEqual({ status: 'deemed_accepted', noticeDeadline: '2026-02-26', acceptedOn: '2026-02-12' });
  });
});

describe('due soon and overdue', () => {
  it('counts the working days left, 0 on the due day and negative after', () => {
    // Due 10-26; on 10-20: 10-21, 10-22, 10-23, 10-26 → 4 left.
    expect(workingDaysLeft(calendar, '2026-10-26', '2026-10-20')).toBe(4);
    expect(workingDaysLeft(calendar, '2026-10-26', '2026-10-26')).toBe(0);
    // On 10-28: 10-27, 10-28 → 2 working days late.
    expect(workingDaysLeft(calendar, '2026-10-26', '2026-10-28')).toBe(-2);
    // Due 10-08; on 09-30 only 10-08 is left, the holiday in between counts nothing.
    expect(workingDaysLeft(calendar, '2026-10-08', '2026-09-30')).toBe(1);
  });

  it('is due soon within N working days, overdue after the due day, and neither while paused', () => {
    expect(isDueSoon(calendar, '2026-10-26', '2026-10-20', 3)).toBe(false);
    expect(isDueSoon(calendar, '2026-10-26', '2026-10-20', 4)).toBe(true);
    expect(isDueSoon(calendar, '2026-10-26', '2026-10-26', 0)).toBe(true);
    // 2 calendar weeks before 10-08, but only 1 working day (09-30 → 10-08).
    expect(isDueSoon(calendar, '2026-10-08', '2026-09-30', 1)).toBe(true);
    // Spring: due 02-24, on 02-13 → 02-14 (Sat), 02-24 = 2 working days.
    expect(isDueSoon(calendar, '2026-02-24', '2026-02-13', 2)).toBe(true);
    expect(isDueSoon(calendar, '2026-02-24', '2026-02-13', 1)).toBe(false);

    expect(isOverdue('2026-10-26', '2026-10-26')).toBe(false);
    expect(isOverdue('2026-10-26', '2026-10-27')).toBe(true);
    expect(isDueSoon(calendar, '2026-10-26', '2026-10-27', 5)).toBe(false);

    expect(isOverdue(null, '2027-01-01')).toBe(false);
    expect(isDueSoon(calendar, null, '2026-10-20', 5)).toBe(false);
  });
});

describe('running clocks counted per kind and date (deadlines)', () => {
  it('dates a clock: the decision and certificate as stored, 5 working days after receipt or resubmission', () => {
    expect(clockDue('decision', '2026-10-09', calendar)).toBe('2026-10-09');
    expect(clockDue('certificate', '2026-10-09', calendar)).toBe('2026-10-09');
    // 5 working days after Monday 2026-09-21 (Mid-Autumn on the way): 09-29.
    expect(clockDue('correction_notice', '2026-09-21', calendar)).toBe('2026-09-29');
    expect(clockDue('acceptance', '2026-09-21', calendar)).toBe('2026-09-29');
  });

  const groups = [
    { clock: 'decision' as const, clockOn: '2026-10-12', n: 3, dueOn: '2026-10-12' },
    { clock: 'correction_notice' as const, clockOn: '2026-09-30', n: 2, dueOn: '2026-10-12' },
    { clock: 'certificate' as const, clockOn: '2026-10-09', n: 4, dueOn: '2026-10-09' },
    { clock: 'decision' as const, clockOn: '2026-10-13', n: 1, dueOn: '2026-10-13' },
  ];

  it('finds the due dates a page reaches, every group of a date together, and the entries before it', () => {
    // In due order: 10-09 ×4 (entries 0–3), 10-12 ×5 (4–8, two groups), 10-13 ×1 (9).
    expect(pageOfGroups(groups, 0, 4)).toEqual({ groups: [groups[2]], skip: 0 });
    expect(pageOfGroups(groups, 0, 5)).toEqual({ groups: [groups[2], groups[0], groups[1]], skip: 0 });
    expect(pageOfGroups(groups, 6, 2)).toEqual({ groups: [groups[0], groups[1]], skip: 2 });
    expect(pageOfGroups(groups, 8, 100)).toEqual({ groups: [groups[0], groups[1], groups[3]], skip: 4 });
  });

  it('reaches nothing past the last entry, nor in an empty list', () => {
    expect(pageOfGroups(groups, 10, 5)).toEqual({ groups: [], skip: 0 });
    expect(pageOfGroups([], 0, 100)).toEqual({ groups: [], skip: 0 });
  });
});
